import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../src/config/app-config.js';
import { RegistrationPeriod } from '../src/registration-periods/registration-period.entity.js';
import { MIGRATIONS } from '../migrations/index.js';
import { MigratingDataSource, PendingMigrationsError } from '../src/database/migrating-data-source.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { SESSION_RECHECK_MS } from '../src/auth/resident-sessions.js';
import { startApp, type TestApp } from './support/app.js';
import { loggedInResident } from './support/residents.js';
import { freshMysqlDatabase, MYSQL_URL, type FreshDatabase } from './support/databases.js';

const secret = () => randomBytes(48).toString('base64url');

/** Starts every app at once; closes those that came up if any did not, then rethrows. */
async function startTogether(...envs: Array<Record<string, string>>): Promise<TestApp[]> {
  const started = await Promise.allSettled(envs.map((env) => startApp(env)));
  const failed = started.find((result) => result.status === 'rejected');
  const apps = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (failed) {
    await Promise.all(apps.map((t) => t.close()));
    throw failed.reason;
  }
  return apps;
}

const onMysql = MYSQL_URL ? describe : describe.skip;

onMysql(
  `several instances on one MySQL/MariaDB database${MYSQL_URL ? '' : ' (skipped: needs DATABASE_URL=mysql://…; SQLite is the embedded database of one process)'}`,
  () => {
    let database: FreshDatabase | undefined;
    let apps: TestApp[] = [];
    afterEach(async () => {
      await Promise.all(apps.map((t) => t.close()));
      apps = [];
      await database?.drop();
      database = undefined;
    });

    it('two instances started together on an empty database both come up; migrations and demo data run once', async () => {
      database = await freshMysqlDatabase(MYSQL_URL!);
      // Production mode, as in docker compose: real secrets, demo data asked for explicitly.
      const env = { DATABASE_URL: database.url, NODE_ENV: 'production', JWT_SECRET: secret(), SESSION_SECRET: secret(), DEMO_DATA: 'true' };
      apps = await startTogether(env, env);

      for (const t of apps) {
        await t.http().get('/health/ready').expect(200);
        // Neither instance failed a first attempt and came up on Nest's retry.
        expect(t.logs.filter((line) => line.includes('Unable to connect to the database'))).toEqual([]);
      }
      const [t] = apps;
      const applied: Array<{ name: string }> = await t.dataSource.query('SELECT name FROM migrations ORDER BY id');
      expect(applied.map((row) => row.name)).toEqual(t.dataSource.migrations.map((migration) => migration.name));
      const diff = await t.dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);

      const periods = await t.dataSource.getRepository(RegistrationPeriod).find();
      expect(periods).toHaveLength(3);
      expect(new Set(periods.map((period) => period.name)).size).toBe(3);
      await t.http().get('/api/v1/registration-periods').expect(200);
    });

    it('ends on every instance the access tokens of a login ended on one: at once there, within SESSION_RECHECK_MS on the other', async () => {
      database = await freshMysqlDatabase(MYSQL_URL!);
      const env = { DATABASE_URL: database.url, JWT_SECRET: secret() };
      apps = await startTogether(env, env);
      const [a, b] = apps;
      const resident = await loggedInResident(a);
      const me = (t: TestApp) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${resident.accessToken}`);
      // The other instance has seen the login alive (and remembers it for SESSION_RECHECK_MS).
      await me(b).expect(200);

      await a.http().post('/api/v1/auth/logout').send({ refreshToken: resident.refreshToken }).expect(204);
      await me(a).expect(401);
      const loggedOutAt = Date.now();
      let status = 200;
      while (status !== 401 && Date.now() - loggedOutAt < SESSION_RECHECK_MS + 10_000) {
        status = (await me(b)).status;
        if (status !== 401) await sleep(100);
      }
      expect(status).toBe(401);
    });
  },
);

/** SPEC §4: MIGRATIONS_RUN=false leaves the migrations to a release step (`npm run migration:run`). */
describe('MIGRATIONS_RUN=false', () => {
  let database: FreshDatabase | undefined;
  let t: TestApp | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-test-'));
  afterEach(async () => {
    await t?.close();
    t = undefined;
    await database?.drop();
    database = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start on a database with pending migrations, naming them and the release step, and migrates nothing', async () => {
    database = MYSQL_URL ? await freshMysqlDatabase(MYSQL_URL) : undefined;
    const env = { DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '', MIGRATIONS_RUN: 'false' };

    const refusal = await startApp(env).then(
      () => new Error('the app started'),
      (error: Error) => error,
    );
    expect(refusal).toBeInstanceOf(PendingMigrationsError);
    expect(refusal.message).toContain(`${MIGRATIONS.length} pending migration(s) (${MIGRATIONS.map((migration) => migration.name).join(', ')})`);
    expect(refusal.message).toContain('npm run migration:run');
    const config = loadConfig({ ...process.env, ...env });
    const release = new MigratingDataSource(await dataSourceOptions(config.database));
    await release.initialize();
    try {
      // Not a table was created, not even TypeORM's migrations table.
      const runner = release.createQueryRunner();
      const tables = ['migrations', ...release.entityMetadatas.map((entity) => entity.tableName)];
      const existing = (await Promise.all(tables.map(async (table) => ((await runner.hasTable(table)) ? [table] : [])))).flat();
      await runner.release();
      expect(existing).toEqual([]);
      // The release step, as `npm run migration:run` does it; then the instance comes up.
      await release.runMigrations();
    } finally {
      await release.destroy();
    }
    t = await startApp(env);
    await t.http().get('/health/ready').expect(200);
    expect(await t.dataSource.showMigrations()).toBe(false);
  });
});
