import { createHash } from 'node:crypto';
import { createConnection, type Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';

/** Long enough for another instance's migrations on a large table; then start-up fails and says why. */
const LOCK_TIMEOUT_SECONDS = 600;

/**
 * Runs `work` while this process holds a MySQL/MariaDB named lock (`GET_LOCK`), so that instances
 * sharing a database take turns for start-up work (migrations, demo data). The lock lives on a
 * connection of its own, closed afterwards: it can never stay behind in the pool, and dies with
 * the process. SQLite is the database of one process: the work just runs.
 */
export async function withNamedLock<T>(dataSource: DataSource, purpose: string, work: () => Promise<T>): Promise<T> {
  const held = await holdingNamedLock(dataSource, purpose, LOCK_TIMEOUT_SECONDS, work);
  if ('value' in held) return held.value;
  throw new Error(`Waited ${LOCK_TIMEOUT_SECONDS} s for the lock ${held.busy}: another instance still holds it (SELECT IS_USED_LOCK('${held.busy}') gives its connection id)`);
}

/**
 * Runs `work` under the named lock if no other instance holds it (a periodic job that one instance
 * at a time must run, and that the next tick runs anyway); null, without running it, otherwise.
 */
export async function withNamedLockIfFree<T>(dataSource: DataSource, purpose: string, work: () => Promise<T>): Promise<{ value: T } | null> {
  const held = await holdingNamedLock(dataSource, purpose, 0, work);
  return 'value' in held ? held : null;
}

async function holdingNamedLock<T>(dataSource: DataSource, purpose: string, timeoutSeconds: number, work: () => Promise<T>): Promise<{ value: T } | { busy: string }> {
  const { options } = dataSource;
  if (options.type !== 'mysql' && options.type !== 'mariadb') return { value: await work() };
  if (!options.url) throw new Error('A named lock needs the data source URL');
  const connection = await createConnection(options.url);
  try {
    const name = await lockName(connection, purpose);
    const [rows] = await connection.query('SELECT GET_LOCK(?, ?) AS acquired', [name, timeoutSeconds]);
    if (Number((rows as Array<{ acquired: unknown }>)[0].acquired) !== 1) return { busy: name };
    try {
      return { value: await work() };
    } finally {
      // Closing the connection releases the lock anyway: a failure here must not hide work's own error.
      await connection.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
    }
  } finally {
    await connection.end().catch(() => connection.destroy());
  }
}

/** `<database>.<purpose>`: named locks are server-wide, and a server may hold several databases. */
async function lockName(connection: Connection, purpose: string): Promise<string> {
  const [rows] = await connection.query('SELECT DATABASE() AS name');
  const database = String((rows as Array<{ name: string }>)[0].name);
  const name = `${database}.${purpose}`;
  // MySQL refuses names longer than 64 characters; a database name alone may have 64.
  return name.length <= 64 ? name : `${createHash('sha256').update(database).digest('hex').slice(0, 40)}.${purpose}`.slice(0, 64);
}
