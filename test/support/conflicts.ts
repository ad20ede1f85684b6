import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { QueryFailedError } from 'typeorm';

/** What a Galera node answers while it is not synced with its cluster (joining, or cut off from it). */
export function notSyncedError(): Error & { code: string } {
  return Object.assign(new Error('WSREP has not yet prepared node for application use'), { code: 'ER_UNKNOWN_COM_ERROR', errno: 1047, sqlState: '08S01' });
}

/** The error a Galera node answers to a COMMIT that lost a certification conflict (SQLite: busy). */
export function conflictError(dataSource: DataSource, sql = 'COMMIT'): Error & { code: string } {
  const mysql = dataSource.options.type !== 'better-sqlite3';
  const message = mysql ? 'Deadlock found when trying to get lock; try restarting transaction' : 'database is locked';
  return Object.assign(new Error(message), mysql ? { code: 'ER_LOCK_DEADLOCK', errno: 1213, sqlState: '40001', sql } : { code: 'SQLITE_BUSY' });
}

/**
 * Makes the next `count` transactions of the data source fail at COMMIT, as Galera fails the
 * commit of a transaction that another node's conflicting commit overtook: the transaction is
 * rolled back and TypeORM throws a QueryFailedError carrying error 1213 (or `error`).
 */
export function failCommits(dataSource: DataSource, count: number, error: () => Error = () => conflictError(dataSource)): { failed(): number; stop(): void } {
  let remaining = count;
  let failed = 0;
  const subscriber: EntitySubscriberInterface = {
    beforeTransactionCommit() {
      if (remaining <= 0) return;
      remaining--;
      failed++;
      return Promise.reject(new QueryFailedError('COMMIT', [], error()));
    },
  };
  dataSource.subscribers.push(subscriber);
  return {
    failed: () => failed,
    stop() {
      remaining = 0;
      dataSource.subscribers.splice(dataSource.subscribers.indexOf(subscriber), 1);
    },
  };
}
