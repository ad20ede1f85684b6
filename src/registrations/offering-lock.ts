import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { inTransaction, replayed } from '../database/transaction.js';
import { Offering } from '../activities/offering.entity.js';
import { hydrate, isMariadb, isSqlite, placeholders, sqlTime } from './raw-sql.js';

/** How long one attempt waits for an offering's lock (pretix waits 3 s), how many attempts, then 503. */
export const LOCK_WAIT_SECONDS = 2;
const ATTEMPTS = 3;

/** Pooled MySQL/MariaDB connections whose session already runs READ COMMITTED (see `lockedTransaction`). */
const readCommitted = new WeakSet<object>();

/**
 * A READ COMMITTED transaction, replayed after a deadlock or a certification conflict, as
 * `inTransaction`; on MySQL/MariaDB without a `SET TRANSACTION ISOLATION LEVEL` each time: a pooled
 * connection's session is set to READ COMMITTED the first time it serves here, then each
 * transaction is a bare `START TRANSACTION`. Every transaction of the app asks READ COMMITTED
 * already (`inTransaction`), so the session's default is the one the app uses everywhere.
 */
async function lockedTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type === 'better-sqlite3') return inTransaction(dataSource, work);
  return replayed(async () => {
    const runner = dataSource.createQueryRunner('master');
    try {
      const connection = (await runner.connect()) as object;
      if (!readCommitted.has(connection)) {
        await runner.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
        readCommitted.add(connection);
      }
      await runner.startTransaction();
      try {
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  });
}

/**
 * The offerings' rows, locked in id order: on MariaDB one statement, its lock wait bounded for that
 * statement only (`SET STATEMENT … FOR`); on MySQL the session's wait set around it and put back.
 */
async function lockRows(manager: EntityManager, ids: number[]): Promise<Array<Record<string, unknown>>> {
  const select = `SELECT * FROM \`offerings\` WHERE \`id\` IN (${placeholders(ids.length)}) ORDER BY \`id\``;
  if (isSqlite(manager)) return manager.query(select, ids);
  if (isMariadb(manager)) return manager.query(`SET STATEMENT innodb_lock_wait_timeout = ${LOCK_WAIT_SECONDS} FOR ${select} FOR UPDATE`, ids);
  await manager.query(`SET SESSION innodb_lock_wait_timeout = ${LOCK_WAIT_SECONDS}`);
  try {
    return await manager.query(`${select} FOR UPDATE`, ids);
  } finally {
    await manager.query('SET SESSION innodb_lock_wait_timeout = DEFAULT');
  }
}

/**
 * Runs `work` in a transaction holding the lock of each offering, taken in id order (no deadlock
 * between two families claiming the same two offerings in another order), with the offerings as
 * the lock read them. On MySQL/MariaDB: `SELECT … FOR UPDATE` with a short lock wait, then a write
 * to the same rows, which a Galera cluster certifies: two nodes counting the same offering cannot
 * both commit (one is replayed and counts again). On SQLite the transaction is the one writer (the
 * write first, then the read). A lock that stays busy through the attempts is a 503 with
 * Retry-After ("too busy, try again"), never a 500, never an extra seat.
 */
export async function withOfferingsLocked<T>(dataSource: DataSource, offeringIds: number[], now: Date, work: (manager: EntityManager, offerings: Map<number, Offering>) => Promise<T>): Promise<T> {
  const ids = [...new Set(offeringIds)].sort((a, b) => a - b);
  for (let attempt = 1; ; attempt++) {
    try {
      return await lockedTransaction(dataSource, async (manager) => {
        const sqlite = isSqlite(manager);
        const touch = () => manager.query(`UPDATE \`offerings\` SET \`updatedAt\` = ? WHERE \`id\` IN (${placeholders(ids.length)})`, [sqlTime(manager, now), ...ids]);
        // The write that Galera certifies (and that marks when the offering last changed).
        if (sqlite) await touch();
        const rows = await lockRows(manager, ids);
        if (!sqlite) await touch();
        const offerings = new Map<number, Offering>();
        for (const row of rows) {
          const offering = hydrate(manager, Offering, row);
          offering.updatedAt = now;
          offerings.set(offering.id, offering);
        }
        return work(manager, offerings);
      });
    } catch (error) {
      const busy = error instanceof DomainError && error.code === 'service_unavailable';
      if (!busy || attempt >= ATTEMPTS) throw error;
      await sleep(50 + Math.random() * 200 * attempt);
    }
  }
}
