import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'guichet-config-'));

describe('configuration (SPEC §4)', () => {
  it('defaults to embedded SQLite, emails as files, port 3000 and the city time zone', () => {
    const dataDir = fresh();
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.database).toEqual({ type: 'sqlite', path: join(dataDir, 'guichet.sqlite') });
    expect(config.smtpUrl).toBeNull();
    expect(config.mailDir).toBe(join(dataDir, 'mail'));
    expect(config.port).toBe(3000);
    expect(config.portalUrl).toBe('http://localhost:3000/portail');
    expect(config.cityTimeZone).toBe('America/Toronto');
  });

  it('generates the secrets once in the embedded mode and keeps them under the data folder', () => {
    const dataDir = fresh();
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    const file = join(dataDir, 'secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).jwtSecret).toBe(first.jwtSecret);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('refuses to start in production without secrets, listing every problem', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: fresh() })).toThrow(ConfigError);
    const error = (() => {
      try {
        loadConfig({ NODE_ENV: 'production', DATA_DIR: fresh(), SMTP_URL: 'http://x', TZ_CITY: 'Mars/Olympus' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(
        expect.arrayContaining([
          'JWT_SECRET is required in production',
          'SESSION_SECRET is required in production',
          'SMTP_URL must look like smtp://host:port',
          'TZ_CITY must be an IANA time zone such as America/Toronto',
        ]),
      );
    const secret = 'x'.repeat(40);
    expect(loadConfig({ NODE_ENV: 'production', DATA_DIR: fresh(), JWT_SECRET: secret, SESSION_SECRET: secret }).jwtSecret).toBe(secret);
  });

  it('reads MySQL/MariaDB URLs and refuses anything else', () => {
    const config = loadConfig({ DATA_DIR: fresh(), DATABASE_URL: 'mariadb://app:secret@db:3306/guichet' });
    expect(config.database).toMatchObject({ type: 'mysql', database: 'guichet' });
    expect(() => loadConfig({ DATA_DIR: fresh(), DATABASE_URL: 'postgres://db/guichet' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: fresh(), DATABASE_URL: 'mysql://db:3306/' })).toThrow(/name a database/);
    expect(() => loadConfig({ DATA_DIR: fresh(), PORT: 'abc' })).toThrow(/PORT/);
  });
});
