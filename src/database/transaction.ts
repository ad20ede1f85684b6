import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY']);
const ATTEMPTS = 4;

function isRetryable(error: unknown): boolean {
  return error instanceof QueryFailedError && RETRYABLE.has((error as QueryFailedError & { driverError?: { code?: string } }).driverError?.code ?? '');
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
 * transaction to end (see above); on MySQL/MariaDB each statement has a connection of its own.
 */
export function inTurn<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'better-sqlite3' || inTurnNow.getStore()) return work();
  const previous = sqliteTurns.get(dataSource) ?? Promise.resolve();
  const run = inTurnNow.run(true, () => previous.then(work, work));
  sqliteTurns.set(dataSource, run.catch(() => undefined));
  return run;
}

/**
 * A transaction that survives a busy night: READ COMMITTED on MySQL/MariaDB (no gap locks between
 * unrelated residents' rows) and a replay, after a short random pause, when InnoDB picks it as a
 * deadlock victim. The work must only touch the database, since it may run more than once.
 */
export async function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const mysql = dataSource.options.type !== 'better-sqlite3';
  for (let attempt = 1; ; attempt++) {
    try {
      return mysql ? await dataSource.transaction('READ COMMITTED', work) : await inTurn(dataSource, () => dataSource.transaction(work));
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
      await sleep(5 + Math.random() * 20 * attempt);
    }
  }
}
