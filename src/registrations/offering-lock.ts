import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager, In } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../database/transaction.js';
import { Offering } from '../activities/offering.entity.js';

/** How long one attempt waits for an offering's lock (pretix waits 3 s), how many attempts, then 503. */
const LOCK_WAIT_SECONDS = 2;
const ATTEMPTS = 3;

const isMysql = (manager: EntityManager) => manager.connection.options.type !== 'better-sqlite3';

/**
 * Runs `work` in a transaction holding the lock of each offering, taken in id order (no deadlock
 * between two families claiming the same two offerings in another order). On MySQL/MariaDB:
 * `SELECT … FOR UPDATE` with a short lock wait, then a write to the same rows, which a Galera
 * cluster certifies: two nodes counting the same offering cannot both commit (one is replayed and
 * counts again). On SQLite the transaction is the one writer. A lock that stays busy through the
 * attempts is a 503 with Retry-After ("too busy, try again"), never a 500, never an extra seat.
 */
export async function withOfferingsLocked<T>(dataSource: DataSource, offeringIds: number[], now: Date, work: (manager: EntityManager, offerings: Map<number, Offering>) => Promise<T>): Promise<T> {
  const ids = [...new Set(offeringIds)].sort((a, b) => a - b);
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(dataSource, async (manager) => {
        if (isMysql(manager)) {
          await manager.query(`SET SESSION innodb_lock_wait_timeout = ${LOCK_WAIT_SECONDS}`);
          try {
            await manager.query(`SELECT id FROM offerings WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id FOR UPDATE`, ids);
          } finally {
            await manager.query('SET SESSION innodb_lock_wait_timeout = DEFAULT');
          }
        }
        // The write that Galera certifies (and that marks when the offering last changed).
        await manager.update(Offering, { id: In(ids) }, { updatedAt: now });
        const offerings = await manager.findBy(Offering, { id: In(ids) });
        return work(manager, new Map(offerings.map((o) => [o.id, o])));
      });
    } catch (error) {
      const busy = error instanceof DomainError && error.code === 'service_unavailable';
      if (!busy || attempt >= ATTEMPTS) throw error;
      await sleep(50 + Math.random() * 200 * attempt);
    }
  }
}
