import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { DomainError } from '../common/domain-error.js';

/**
 * Errors after which the same work may simply run again: InnoDB chose it as a deadlock's victim, or
 * Galera refused its commit because another node committed a conflicting write first (a
 * certification conflict, reported as the same error 1213), or the node was not yet synced with its
 * cluster (1047, "WSREP has not yet prepared node for application use"); SQLite was busy.
 */
const REPLAYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_UNKNOWN_COM_ERROR', 'SQLITE_BUSY']);
/** Transient too, but not worth a replay: InnoDB already waited innodb_lock_wait_timeout (50 s by default). */
const TRANSIENT = new Set([...REPLAYABLE, 'ER_LOCK_WAIT_TIMEOUT']);
/**
 * On a cluster, every node that commits first wins a hot row (a counter, a limiter's key) from
 * the others: a busy night needs more than the few replays a single server's rare deadlocks need.
 */
const ATTEMPTS = 10;
const FIRST_PAUSE_MS = 10;
const MAX_PAUSE_MS = 500;

/**
 * The driver's code of a database error (TypeORM's QueryFailedError carries it as `driverError`);
 * 1047 counts only as Galera's "WSREP has not yet prepared node", not as another unknown command.
 */
function driverCode(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; driverError?: { code?: unknown; message?: unknown } } | null;
  const driver = e instanceof QueryFailedError ? e.driverError : e;
  const code = typeof driver?.code === 'string' ? driver.code : '';
  return code === 'ER_UNKNOWN_COM_ERROR' && !/WSREP/i.test(String(driver?.message ?? '')) ? '' : code;
}

/**
 * Runs `work` again after a deadlock or a certification conflict, up to ATTEMPTS times, after a
 * random pause that doubles each time (full jitter: instances that collided do not collide again
 * in step). A transient error that outlives the replays is a 503 with Retry-After, not a 500.
 */
export async function replayed<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = driverCode(error);
      if (!TRANSIENT.has(code)) throw error;
      if (attempt >= ATTEMPTS || !REPLAYABLE.has(code)) throw new DomainError('service_unavailable', 503, { retryAfterSeconds: 1 });
      await sleep(Math.random() * Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** attempt));
    }
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as QueryFailedError & { driverError?: { code?: string } }).driverError?.code ?? '';
  return error instanceof QueryFailedError && ['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes(code);
}

/**
 * SQLite (better-sqlite3) runs every query of the process on one connection, where a transaction
 * cannot start while another is open, and where a write made outside a transaction lands inside
 * whichever transaction is open at that moment (and vanishes with its rollback): transactions and
 * the writes made outside them take turns. A turn taken inside a turn runs at once, in the outer
 * one (waiting for itself would never end).
 */
const sqliteTurns = new WeakMap<DataSource, Promise<unknown>>();
const inTurnNow = new AsyncLocalStorage<true>();

/**
 * Every write outside `inTransaction` goes through here: on SQLite it waits for the open
 * transaction to end (see above); on MySQL/MariaDB each statement has a connection of its own, and
 * runs again when it loses a deadlock or a certification conflict (`work` is one statement, or one
 * transaction of its own such as the rate limiter's: it failed whole).
 */
export function inTurn<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'better-sqlite3') return replayed(work);
  if (inTurnNow.getStore()) return work();
  const previous = sqliteTurns.get(dataSource) ?? Promise.resolve();
  const run = inTurnNow.run(true, () => previous.then(work, work));
  sqliteTurns.set(dataSource, run.catch(() => undefined));
  return run;
}

/**
 * A transaction that survives a busy night: READ COMMITTED on MySQL/MariaDB (no gap locks between
 * unrelated residents' rows), replayed whole when InnoDB picks it as a deadlock victim or when
 * Galera refuses its commit for a certification conflict (see `replayed`). The work must only
 * touch the database, since it may run more than once.
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type === 'better-sqlite3') return inTurn(dataSource, () => replayed(() => dataSource.transaction(work)));
  return replayed(() => dataSource.transaction('READ COMMITTED', work));
}
