import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { inTransaction, replayed } from './transaction.js';

/** Runs one transaction of its own (replayed after a deadlock, as `inTransaction` does). */
export type Transact = <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>;
type Pending = (transact: Transact) => Promise<void>;

const pending = new WeakMap<QueryRunner, Pending[]>();
const listening = new WeakSet<DataSource>();
const logger = new Logger('AfterTransaction');

/** A transaction on this very connection, now free: never a second connection from the pool. */
function onConnection(runner: QueryRunner): Transact {
  const mysql = runner.connection.options.type !== 'better-sqlite3';
  return (work) => replayed(() => (mysql ? runner.manager.transaction('READ COMMITTED', work) : runner.manager.transaction(work)));
}

async function runPending(runner: QueryRunner): Promise<void> {
  // A savepoint ended: the transaction goes on.
  if (runner.isTransactionActive) return;
  const works = pending.get(runner);
  if (!works) return;
  pending.delete(runner);
  for (const work of works) {
    // Never fail the commit or the rollback that ran it.
    await work(onConnection(runner)).catch((error: unknown) => logger.error(`Work after a transaction failed: ${error instanceof Error ? error.message : String(error)}`));
  }
}

const subscriber: EntitySubscriberInterface = {
  afterTransactionCommit: (event) => runPending(event.queryRunner),
  afterTransactionRollback: (event) => runPending(event.queryRunner),
};

/**
 * Runs `work` once the transaction of `manager` has ended, committed or rolled back, in transactions
 * of its own on the same connection, before the caller of the transaction gets its result or its
 * error. For what must be written even when the caller's transaction fails because of it: a refusal
 * that records something (the waiting room's arrival of a household refused a hold). On the same
 * connection, because a second connection taken while the first is held can exhaust the pool
 * under load (every holder waiting for one more); on SQLite, because there is only one. Without an
 * open transaction the work runs at once. Errors of the work are logged, never thrown.
 */
export async function afterTransaction(manager: EntityManager, work: Pending): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    await work((w) => inTransaction(manager.connection, w)).catch((error: unknown) => logger.error(`Work after a transaction failed: ${error instanceof Error ? error.message : String(error)}`));
    return;
  }
  const dataSource = manager.connection;
  if (!listening.has(dataSource)) {
    listening.add(dataSource);
    dataSource.subscribers.push(subscriber);
  }
  pending.set(runner, [...(pending.get(runner) ?? []), work]);
}
