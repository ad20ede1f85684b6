import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection, type Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';

/** Long enough for another instance's migrations on a large table; then start-up fails and says why. */
const LOCK_TIMEOUT_SECONDS = 600;

/**
 * Runs `work` while this process holds a MySQL/MariaDB named lock (`GET_LOCK`), so that instances
 * sharing a database take turns for start-up work (migrations, demo data). The lock lives on a
 * connection of its own, closed afterwards: it can never stay behind in the pool, and dies with
 * the process. On a Galera cluster, where GET_LOCK is local to one node, the lock is a lease row
 * instead (`holdingLease`). SQLite is the database of one process: the work just runs.
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
    if (await onGaleraCluster(connection)) return await holdingLease(connection, name, timeoutSeconds, work);
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

/** `wsrep_on` is ON on a Galera node; a plain MariaDB says OFF, MySQL has no such variable. */
async function onGaleraCluster(connection: Connection): Promise<boolean> {
  const [rows] = await connection.query("SHOW VARIABLES LIKE 'wsrep_on'");
  return String((rows as Array<{ Value?: string }>)[0]?.Value ?? '').toUpperCase() === 'ON';
}

export interface LeaseTiming {
  /** How long a lease lasts without a renewal: how long a crashed holder blocks the others. */
  leaseSeconds: number;
  /** How often the holder renews it, and how often a waiter tries again. */
  renewEveryMs: number;
}

const LEASE: LeaseTiming = { leaseSeconds: 30, renewEveryMs: 5_000 };

/**
 * The cluster-wide form of the lock, for Galera, where GET_LOCK holds on one node only: a row
 * of `cluster_locks` committed by the holder (two nodes inserting the same name conflict at
 * certification: one commit fails). The holder renews its lease while `work` runs and deletes the
 * row at the end; a crashed holder's lease expires and a waiter takes it over. The table is created
 * here, not by a migration, because the migrations themselves run under this lock.
 */
export async function holdingLease<T>(connection: Connection, name: string, timeoutSeconds: number, work: () => Promise<T>, timing: LeaseTiming = LEASE): Promise<{ value: T } | { busy: string }> {
  // Checked first: on a cluster every CREATE, even one that finds the table, is a DDL run in total order on every node.
  const [tables] = await connection.query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cluster_locks'");
  if (!(tables as unknown[]).length) {
    await connection.query(
      'CREATE TABLE IF NOT EXISTS cluster_locks (name VARCHAR(64) NOT NULL PRIMARY KEY, holder VARCHAR(100) NOT NULL, expiresAt DATETIME(6) NOT NULL) ENGINE=InnoDB',
    );
  }
  const holder = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (!(await takeLease(connection, name, holder, timing.leaseSeconds))) {
    if (Date.now() >= deadline) return { busy: name };
    await sleep(Math.min(1_000, timing.renewEveryMs, Math.max(0, deadline - Date.now())));
  }
  const renew = () => connection.query('UPDATE cluster_locks SET expiresAt = NOW(6) + INTERVAL ? SECOND WHERE name = ? AND holder = ?', [timing.leaseSeconds, name, holder]);
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => (renewing = renew().catch(() => undefined)), timing.renewEveryMs);
  try {
    return { value: await work() };
  } finally {
    clearInterval(timer);
    await renewing;
    await connection.query('DELETE FROM cluster_locks WHERE name = ? AND holder = ?', [name, holder]).catch(() => undefined);
  }
}

/** One try: a new row, or the row of an expired lease taken over. A conflict lost to another node is a no. */
async function takeLease(connection: Connection, name: string, holder: string, leaseSeconds: number): Promise<boolean> {
  try {
    await connection.query('INSERT INTO cluster_locks (name, holder, expiresAt) VALUES (?, ?, NOW(6) + INTERVAL ? SECOND)', [name, holder, leaseSeconds]);
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ER_LOCK_DEADLOCK') return false;
    if (code !== 'ER_DUP_ENTRY') throw error;
  }
  try {
    const [result] = await connection.query('UPDATE cluster_locks SET holder = ?, expiresAt = NOW(6) + INTERVAL ? SECOND WHERE name = ? AND expiresAt < NOW(6)', [holder, leaseSeconds, name]);
    return (result as { affectedRows: number }).affectedRows === 1;
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_LOCK_DEADLOCK') return false;
    throw error;
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
