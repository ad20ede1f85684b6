import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { projectRoot } from '../common/project-root.js';
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

  it('reads the SLA policy: 72 business hours on the business-day clock by default, office hours on demand', () => {
    expect(loadConfig({ DATA_DIR: fresh() }).sla).toEqual({ hours: 72, clock: 'business-day' });
    const office = loadConfig({ DATA_DIR: fresh(), SLA_HOURS: '21', SLA_CLOCK: 'office-hours', SLA_OFFICE_HOURS: '09:00-12:00, 13:00-17:00' }).sla;
    expect(office).toMatchObject({ hours: 21, clock: 'office-hours' });
    expect(office.officeHours?.[1]).toEqual([[9 * 3600, 12 * 3600], [13 * 3600, 17 * 3600]]);
    expect(office.officeHours?.[6]).toBeUndefined();
    expect(() => loadConfig({ DATA_DIR: fresh(), SLA_CLOCK: 'weekly' })).toThrow(/SLA_CLOCK/);
    expect(() => loadConfig({ DATA_DIR: fresh(), SLA_CLOCK: 'office-hours', SLA_OFFICE_HOURS: '13:00-12:00' })).toThrow(/SLA_OFFICE_HOURS/);
    expect(() => loadConfig({ DATA_DIR: fresh(), SLA_HOURS: '0' })).toThrow(/SLA_HOURS/);
  });

  it('reads the morning digest’s time (07:30 in the city by default) and check interval', () => {
    expect(loadConfig({ DATA_DIR: fresh() })).toMatchObject({ digestAtSeconds: 7 * 3600 + 30 * 60, digestCheckIntervalMs: 60_000 });
    expect(loadConfig({ DATA_DIR: fresh(), DIGEST_TIME: '06:45', DIGEST_CHECK_INTERVAL_MS: '0' })).toMatchObject({ digestAtSeconds: 6 * 3600 + 45 * 60, digestCheckIntervalMs: 0 });
    expect(() => loadConfig({ DATA_DIR: fresh(), DIGEST_TIME: '7h30' })).toThrow(/DIGEST_TIME/);
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
    const secret = randomBytes(48).toString('base64url');
    expect(loadConfig({ NODE_ENV: 'production', DATA_DIR: fresh(), JWT_SECRET: secret, SESSION_SECRET: secret }).jwtSecret).toBe(secret);
  });

  describe('refuses, in production, secrets anyone can read', () => {
    const production = (jwtSecret: string, sessionSecret = randomBytes(48).toString('base64url')) => () =>
      loadConfig({ NODE_ENV: 'production', DATA_DIR: fresh(), JWT_SECRET: jwtSecret, SESSION_SECRET: sessionSecret });

    it('the compose file\'s former demonstration values, placeholders and one repeated character', () => {
      expect(production('compose-demo-jwt-secret-change-me-0123456789')).toThrow(/JWT_SECRET is a published example value/);
      expect(production(randomBytes(48).toString('hex'), 'compose-demo-session-secret-change-me-012345')).toThrow(/SESSION_SECRET is a published example value/);
      expect(production('please-change-me-before-going-live-0123456789')).toThrow(/published example value/);
      expect(production('x'.repeat(40))).toThrow(/published example value/);
      // The embedded and test modes keep accepting them: nothing there is exposed.
      expect(loadConfig({ DATA_DIR: fresh(), JWT_SECRET: 'x'.repeat(40), SESSION_SECRET: 'x'.repeat(40) }).jwtSecret).toBe('x'.repeat(40));
    });

    it('every value the repository\'s documentation and deployment files write for them', () => {
      const written = repositoryFiles().flatMap((file) => secretValuesIn(readFileSync(file, 'utf8')).map((value) => ({ file: relative(projectRoot(), file), value })));
      for (const { file, value } of written) {
        expect({ file, value, refused: refuses(production(value)) }).toEqual({ file, value, refused: true });
      }
      // The scan itself finds values written as YAML, shell or compose defaults.
      expect(secretValuesIn('JWT_SECRET: abcdefgh12\nexport SESSION_SECRET="ijklmnop34"\n${JWT_SECRET:-qrstuvwx56}')).toEqual(['abcdefgh12', 'ijklmnop34', 'qrstuvwx56']);
    });
  });

  it('runs the migrations at start-up unless MIGRATIONS_RUN=false', () => {
    expect(loadConfig({ DATA_DIR: fresh() }).migrationsRun).toBe(true);
    expect(loadConfig({ DATA_DIR: fresh(), MIGRATIONS_RUN: 'false' }).migrationsRun).toBe(false);
    expect(() => loadConfig({ DATA_DIR: fresh(), MIGRATIONS_RUN: 'no' })).toThrow(/MIGRATIONS_RUN must be true or false/);
  });

  it('reads MySQL/MariaDB URLs and refuses anything else', () => {
    const config = loadConfig({ DATA_DIR: fresh(), DATABASE_URL: 'mariadb://app:secret@db:3306/guichet' });
    expect(config.database).toMatchObject({ type: 'mysql', database: 'guichet' });
    expect(() => loadConfig({ DATA_DIR: fresh(), DATABASE_URL: 'postgres://db/guichet' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: fresh(), DATABASE_URL: 'mysql://db:3306/' })).toThrow(/name a database/);
    expect(() => loadConfig({ DATA_DIR: fresh(), PORT: 'abc' })).toThrow(/PORT/);
  });

  it('reads IMAP_URL (off when unset) and its poll interval, and says what a wrong one should look like', () => {
    expect(loadConfig({ DATA_DIR: fresh() })).toMatchObject({ imap: null, imapPollIntervalMs: 60_000 });
    expect(loadConfig({ DATA_DIR: fresh(), IMAP_URL: 'imaps://inscriptions%40ville.ca:p%40ss:w@mail.ville.ca/Bo%C3%AEte' }).imap).toEqual({
      host: 'mail.ville.ca', port: 993, secure: true, user: 'inscriptions@ville.ca', password: 'p@ss:w', mailbox: 'Boîte',
    });
    expect(loadConfig({ DATA_DIR: fresh(), IMAP_URL: 'imap://u:p@127.0.0.1:1143', IMAP_POLL_INTERVAL_MS: '0' })).toMatchObject({
      imap: { host: '127.0.0.1', port: 1143, secure: false, mailbox: 'INBOX' },
      imapPollIntervalMs: 0,
    });
    expect(() => loadConfig({ DATA_DIR: fresh(), IMAP_URL: 'pop3://u:p@mail.ville.ca' })).toThrow(/IMAP_URL must look like imaps:\/\/user:password@host:993\/INBOX/);
    expect(() => loadConfig({ DATA_DIR: fresh(), IMAP_URL: 'imaps://mail.ville.ca' })).toThrow(/host, user and password are required/);
    expect(() => loadConfig({ DATA_DIR: fresh(), IMAP_POLL_INTERVAL_MS: 'often' })).toThrow(/IMAP_POLL_INTERVAL_MS/);
  });

  it('trusts no mail server unless IMAP_TRUSTED_AUTHSERV_ID names one by its host name', () => {
    expect(loadConfig({ DATA_DIR: fresh() }).imapTrustedAuthservId).toBeNull();
    expect(loadConfig({ DATA_DIR: fresh(), IMAP_TRUSTED_AUTHSERV_ID: ' MX.Ville.Example ' }).imapTrustedAuthservId).toBe('mx.ville.example');
    for (const wrong of ['mx.ville.example; dmarc=pass', 'mx ville', '-mx.ville.example', 'mx..ville', '"mx"']) {
      expect(() => loadConfig({ DATA_DIR: fresh(), IMAP_TRUSTED_AUTHSERV_ID: wrong })).toThrow(/IMAP_TRUSTED_AUTHSERV_ID must be the host name/);
    }
  });

  it('reads the recreation department’s contact for the emails and the portal: Baie-Comeau’s by default, each value checked', () => {
    expect(loadConfig({ DATA_DIR: fresh() })).toMatchObject({
      cityContactEmail: 'inscriptionsenligne@ville.baie-comeau.qc.ca',
      cityContactPhone: '418 296-8100',
      cityOfficeHours: { fr: 'du lundi au vendredi, de 8 h 30 à 16 h 30', en: 'Monday to Friday, 8:30 a.m. to 4:30 p.m.' },
      cityLogoFile: null,
    });
    const set = loadConfig({ DATA_DIR: fresh(), CITY_CONTACT_EMAIL: ' loisirs@ville.test ', CITY_CONTACT_PHONE: '+1 (418) 555-0199, poste 204', CITY_OFFICE_HOURS: 'du lundi au jeudi, de 8 h à 17 h', CITY_OFFICE_HOURS_EN: 'Monday to Thursday, 8 a.m. to 5 p.m.' });
    expect(set).toMatchObject({ cityContactEmail: 'loisirs@ville.test', cityContactPhone: '+1 (418) 555-0199, poste 204', cityOfficeHours: { fr: 'du lundi au jeudi, de 8 h à 17 h', en: 'Monday to Thursday, 8 a.m. to 5 p.m.' } });
    // The city's own hours, in French, rather than an English default that may say other hours.
    expect(loadConfig({ DATA_DIR: fresh(), CITY_OFFICE_HOURS: 'du lundi au jeudi, de 8 h à 17 h' }).cityOfficeHours).toEqual({ fr: 'du lundi au jeudi, de 8 h à 17 h', en: 'du lundi au jeudi, de 8 h à 17 h' });
    for (const phone of ['418 296-8100', '(418) 296-8100', '418.296.8100', '1-800-555-0199 ext. 12', '296-8100']) expect(loadConfig({ DATA_DIR: fresh(), CITY_CONTACT_PHONE: phone }).cityContactPhone).toBe(phone);

    const problems = configProblems({ CITY_CONTACT_EMAIL: 'loisirs at ville', CITY_CONTACT_PHONE: 'appelez-nous', CITY_OFFICE_HOURS: 'lundi\nmardi', CITY_OFFICE_HOURS_EN: 'x'.repeat(121), TZ_CITY: 'Mars/Olympus' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'CITY_CONTACT_EMAIL must be an email address such as loisirs@ville.example',
        expect.stringMatching(/^CITY_CONTACT_PHONE must be a phone number such as 418 296-8100/),
        'CITY_OFFICE_HOURS must be one line of text of at most 120 characters',
        'CITY_OFFICE_HOURS_EN must be one line of text of at most 120 characters',
        'TZ_CITY must be an IANA time zone such as America/Toronto',
      ]),
    );
    for (const phone of ['123', '418 296-8100 et 8101', '+1 418 296 8100 0000 0000', '418-296-8100\r\nBcc: x@y.z']) {
      expect(configProblems({ CITY_CONTACT_PHONE: phone })).toEqual([expect.stringMatching(/^CITY_CONTACT_PHONE/)]);
    }
    expect(configProblems({ CITY_CONTACT_EMAIL: 'loisirs@ville.test\r\nBcc: x@y.z' })).toEqual([expect.stringMatching(/^CITY_CONTACT_EMAIL/)]);
  });

  it('takes CITY_LOGO_FILE only as an existing SVG or PNG under 200 kB, without scripts', () => {
    const dir = fresh();
    const file = (name: string, content: string | Buffer) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    const svg = file('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>');
    const png = file('logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]));
    expect(loadConfig({ DATA_DIR: fresh(), CITY_LOGO_FILE: svg }).cityLogoFile).toBe(svg);
    expect(loadConfig({ DATA_DIR: fresh(), CITY_LOGO_FILE: png }).cityLogoFile).toBe(png);
    expect(configProblems({ CITY_LOGO_FILE: join(dir, 'absent.svg') })).toEqual([`CITY_LOGO_FILE names no file: ${join(dir, 'absent.svg')}`]);
    expect(configProblems({ CITY_LOGO_FILE: dir })).toEqual(['CITY_LOGO_FILE must be an .svg or .png file']);
    expect(configProblems({ CITY_LOGO_FILE: file('logo.jpg', 'x') })).toEqual(['CITY_LOGO_FILE must be an .svg or .png file']);
    expect(configProblems({ CITY_LOGO_FILE: file('big.png', Buffer.alloc(200_000)) })).toEqual(['CITY_LOGO_FILE must be smaller than 200 kB (it is 200 kB)']);
    expect(configProblems({ CITY_LOGO_FILE: file('fake.png', '<svg></svg>') })).toEqual(['CITY_LOGO_FILE is not a PNG image']);
    for (const content of ['not an image', '<svg><script>alert(1)</script></svg>', '<svg onload="alert(1)"></svg>', '<svg><a href="javascript:alert(1)">x</a></svg>']) {
      expect(configProblems({ CITY_LOGO_FILE: file('bad.svg', content) })).toEqual([expect.stringMatching(/^CITY_LOGO_FILE must be an SVG image without scripts/)]);
    }
  });

  it('knows the mailbox’s address from MAILBOX_ADDRESS, else from IMAP_URL’s user when it is an address, else not', () => {
    expect(loadConfig({ DATA_DIR: fresh() }).mailboxAddress).toBeNull();
    expect(loadConfig({ DATA_DIR: fresh(), IMAP_URL: 'imaps://inscriptions%40ville.test:pw@mail.ville.test' }).mailboxAddress).toBe('inscriptions@ville.test');
    expect(loadConfig({ DATA_DIR: fresh(), IMAP_URL: 'imaps://inscriptions:pw@mail.ville.test' }).mailboxAddress).toBeNull();
    expect(loadConfig({ DATA_DIR: fresh(), IMAP_URL: 'imaps://inscriptions:pw@mail.ville.test', MAILBOX_ADDRESS: 'inscriptionsenligne@ville.test' }).mailboxAddress).toBe('inscriptionsenligne@ville.test');
    expect(loadConfig({ DATA_DIR: fresh(), MAILBOX_ADDRESS: 'inscriptionsenligne@ville.test' }).mailboxAddress).toBe('inscriptionsenligne@ville.test');
    for (const wrong of ['inscriptions', 'Inscriptions <inscriptions@ville.test>', 'a@b.c\r\nBcc: x@y.z', 'prépose@ville.test']) {
      expect(configProblems({ MAILBOX_ADDRESS: wrong })).toEqual(['MAILBOX_ADDRESS must be an email address such as inscriptions@ville.example']);
    }
  });

  it("sizes argon2's queue on libuv's thread pool: UV_THREADPOOL_SIZE at once, 25 per thread more unless PASSWORD_QUEUE_MAX says, 1 s of wait", () => {
    expect(loadConfig({ DATA_DIR: fresh() }).passwordQueue).toEqual({ concurrency: 4, maxWaiting: 100, maxWaitMs: 1000 });
    expect(loadConfig({ DATA_DIR: fresh(), UV_THREADPOOL_SIZE: '8' }).passwordQueue).toEqual({ concurrency: 8, maxWaiting: 200, maxWaitMs: 1000 });
    expect(loadConfig({ DATA_DIR: fresh(), UV_THREADPOOL_SIZE: '2', PASSWORD_QUEUE_MAX: '0', PASSWORD_QUEUE_WAIT_MS: '800' }).passwordQueue).toEqual({ concurrency: 2, maxWaiting: 0, maxWaitMs: 800 });
    expect(() => loadConfig({ DATA_DIR: fresh(), PASSWORD_QUEUE_WAIT_MS: '0' })).toThrow(/PASSWORD_QUEUE_WAIT_MS must be an integer between 1 and 600000/);
    expect(() => loadConfig({ DATA_DIR: fresh(), UV_THREADPOOL_SIZE: '0' })).toThrow(/UV_THREADPOOL_SIZE must be an integer between 1 and 1024/);
    expect(() => loadConfig({ DATA_DIR: fresh(), PASSWORD_QUEUE_MAX: 'lots' })).toThrow(/PASSWORD_QUEUE_MAX must be an integer/);
  });

  it('takes PUBLIC_URL as the only origin of its own pages; without it, the loopback spellings of its port', () => {
    expect(loadConfig({ DATA_DIR: fresh(), PORT: '3000' }).ownOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']);
    expect(loadConfig({ DATA_DIR: fresh(), PORT: '80' }).ownOrigins).toEqual(['http://localhost', 'http://127.0.0.1', 'http://[::1]']);
    expect(loadConfig({ DATA_DIR: fresh(), PORT: '3000', PUBLIC_URL: 'https://loisirs.ville.test/' }).ownOrigins).toEqual(['https://loisirs.ville.test']);
    expect(loadConfig({ DATA_DIR: fresh(), PORT: '3000', PUBLIC_URL: 'http://localhost:3000' }).ownOrigins).toEqual(['http://localhost:3000']);
  });

  it('reads STAFF_MFA: administrators by default, required or optional, nothing else', () => {
    expect(loadConfig({ DATA_DIR: fresh() }).staffMfa).toBe('admins');
    expect(loadConfig({ DATA_DIR: fresh(), STAFF_MFA: 'required' }).staffMfa).toBe('required');
    expect(loadConfig({ DATA_DIR: fresh(), STAFF_MFA: 'optional' }).staffMfa).toBe('optional');
    expect(() => loadConfig({ DATA_DIR: fresh(), STAFF_MFA: 'always' })).toThrow(/STAFF_MFA must be admins, required or optional/);
  });

  it('keeps the staff cookie Secure in production, unless STAFF_COOKIE_INSECURE=true over plain http', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: randomBytes(48).toString('base64url'), SESSION_SECRET: randomBytes(48).toString('base64url') };
    expect(loadConfig({ DATA_DIR: fresh(), ...production }).staffCookieSecure).toBe(true);
    expect(loadConfig({ DATA_DIR: fresh(), ...production, STAFF_COOKIE_INSECURE: 'true', PUBLIC_URL: 'http://localhost:3000' }).staffCookieSecure).toBe(false);
    expect(loadConfig({ DATA_DIR: fresh(), ...production, STAFF_COOKIE_INSECURE: 'false' }).staffCookieSecure).toBe(true);
    expect(loadConfig({ DATA_DIR: fresh() }).staffCookieSecure).toBe(false);
    expect(() => loadConfig({ DATA_DIR: fresh(), ...production, STAFF_COOKIE_INSECURE: 'true', PUBLIC_URL: 'https://loisirs.ville.test' })).toThrow(/PUBLIC_URL is https/);
    expect(() => loadConfig({ DATA_DIR: fresh(), STAFF_COOKIE_INSECURE: 'yes' })).toThrow(/STAFF_COOKIE_INSECURE must be true or false/);
  });

  it('refuses the demo data, whose staff share a published password, on an https site', () => {
    expect(loadConfig({ DATA_DIR: fresh(), DEMO_DATA: 'true', PUBLIC_URL: 'http://localhost:3000' }).demoData).toBe(true);
    expect(() => loadConfig({ DATA_DIR: fresh(), DEMO_DATA: 'true', PUBLIC_URL: 'https://loisirs.ville.test' })).toThrow(/DEMO_DATA=true creates demo staff/);
    // The embedded mode's default (demo data) stays off there.
    expect(loadConfig({ DATA_DIR: fresh(), NODE_ENV: 'development', PUBLIC_URL: 'https://loisirs.ville.test' }).demoData).toBe(false);
    expect(loadConfig({ DATA_DIR: fresh(), NODE_ENV: 'development' }).demoData).toBe(true);
  });

  it('takes the first administrator only with an address and a password that follows the policy', () => {
    const config = loadConfig({ DATA_DIR: fresh(), ADMIN_EMAIL: 'chef@ville.test', ADMIN_PASSWORD: 'Bureau-des-loisirs-7' });
    expect(config).toMatchObject({ adminEmail: 'chef@ville.test', adminPassword: 'Bureau-des-loisirs-7' });
    expect(() => loadConfig({ DATA_DIR: fresh(), ADMIN_EMAIL: 'chef@ville.test' })).toThrow(/go together/);
    expect(() => loadConfig({ DATA_DIR: fresh(), ADMIN_EMAIL: 'chef', ADMIN_PASSWORD: 'Bureau-des-loisirs-7' })).toThrow(/ADMIN_EMAIL must be an email/);
    expect(() => loadConfig({ DATA_DIR: fresh(), ADMIN_EMAIL: 'chef@ville.test', ADMIN_PASSWORD: 'motdepasse' })).toThrow(/password_too_weak/);
  });
});

/** The problems the configuration lists for these settings (none: an empty list). */
function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: fresh(), ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

function refuses(start: () => unknown): boolean {
  try {
    start();
    return false;
  } catch (error) {
    return error instanceof ConfigError;
  }
}

/** Literal values given to JWT_SECRET or SESSION_SECRET (YAML, shell, `${VAR:-default}`). */
function secretValuesIn(text: string): string[] {
  return [...text.matchAll(/(?:JWT|SESSION)_SECRET(?::-|\s*[:=]\s*)["']?([\w+/=.-]{8,})/g)].map((match) => match[1]);
}

/** The documentation and deployment files of the repository, where example secrets end up. */
function repositoryFiles(dir = projectRoot()): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist', 'data', '.git', 'coverage'].includes(entry.name) ? [] : repositoryFiles(path);
    return /\.(md|ya?ml|sh|env)$|^Dockerfile|^\.env|^run$/.test(entry.name) ? [path] : [];
  });
}
