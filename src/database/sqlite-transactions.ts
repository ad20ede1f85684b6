import type { DataSource } from 'typeorm';

interface SqliteQueryRunner {
  isTransactionActive: boolean;
  transactionDepth: number;
  rollbackTransaction(): Promise<void>;
}

interface SqliteConnection {
  inTransaction: boolean;
  exec(sql: string): unknown;
}

/**
 * SQLite rolls a transaction back by itself after some errors (SQLITE_FULL, SQLITE_IOERR,
 * SQLITE_NOMEM…: "the transaction may or may not be rolled back automatically"). TypeORM's own
 * ROLLBACK then fails ("no transaction is active") and its query runner, one for the whole process
 * on SQLite, goes on believing that a transaction is open: the next transaction becomes a SAVEPOINT,
 * which opens a real transaction that is never committed, and every write after it vanishes when
 * the process ends (found by the full-disk fault test: sign-ups answered 202 after the disk was
 * freed were gone after a restart). After each rollback, the runner's state is made the
 * connection's again, and a transaction its failed ROLLBACK left open is rolled back.
 */
export function keepSqliteTransactionsInSync(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const runner = dataSource.driver.createQueryRunner('master') as unknown as SqliteQueryRunner;
  const connection = () => (dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
  const rollback = runner.rollbackTransaction.bind(runner);
  runner.rollbackTransaction = async () => {
    try {
      await rollback();
    } catch (error) {
      // The outermost ROLLBACK failed with the transaction still open: close it, or it swallows what follows.
      if (runner.transactionDepth <= 1 && connection().inTransaction) connection().exec('ROLLBACK');
      if (connection().inTransaction) throw error;
    } finally {
      if (!connection().inTransaction) {
        runner.isTransactionActive = false;
        runner.transactionDepth = 0;
      }
    }
  };
}
