import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { DatabaseConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { registerSqliteFunctions } from './text-search.js';

/**
 * TypeORM reads MariaDB's catalogue differently from MySQL's (column defaults), so it must be told
 * which one it talks to. The URL may say mysql:// for either: ask the server.
 */
async function mysqlFlavor(url: string): Promise<'mysql' | 'mariadb'> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return String((rows as Array<{ version: string }>)[0].version).includes('MariaDB') ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

/** One schema on both engines: SQLite (embedded default) or MySQL/MariaDB through mysql2. */
export async function dataSourceOptions(database: DatabaseConfig): Promise<DataSourceOptions> {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: false, synchronize: false, logging: false } as const;
  if (database.type === 'mysql') {
    return {
      ...common,
      type: await mysqlFlavor(database.url),
      url: database.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
      // A server that does not answer fails a request within seconds (a 503, see database-errors.ts)
      // rather than after mysql2's 10 s. The pool replaces a connection that died (a server
      // restart) by a new one at the next query: the service recovers by itself.
      connectTimeout: 5_000,
      extra: { connectionLimit: 20 },
    };
  }
  mkdirSync(dirname(database.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    // WAL lets readers run beside the writer; with it, synchronous=NORMAL syncs at checkpoints rather
    // than at every commit (better-sqlite3 would wait for that fsync on the event loop) and still
    // never corrupts the file; the busy timeout waits for the write lock instead of failing.
    prepareDatabase: (db: { pragma(sql: string): unknown } & Parameters<typeof registerSqliteFunctions>[0]) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      registerSqliteFunctions(db);
    },
  };
}

/** The database of a command-line tool (import, staff:create): connected, with every migration run. */
export async function openMigratedDataSource(database: DatabaseConfig): Promise<DataSource> {
  const dataSource = new DataSource(await dataSourceOptions(database));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
