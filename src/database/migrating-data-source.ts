import { DataSource, MigrationExecutor } from 'typeorm';
import { BINARY_COLLATION } from './columns.js';
import { withNamedLock } from './named-lock.js';
import { keepSqliteTransactionsInSync } from './sqlite-transactions.js';

/**
 * The data source of the app and of the TypeORM CLI (`npm run migration:run`): migrations run
 * under the named lock `<database>.migrations` on MySQL/MariaDB, so that instances started together
 * on an empty database take turns, and the later ones find nothing left to run. TypeORM's own
 * `migrationsRun` at initialisation goes through `runMigrations` too.
 */
export class MigratingDataSource extends DataSource {
  override async initialize(): Promise<this> {
    await super.initialize();
    keepSqliteTransactionsInSync(this);
    return this;
  }

  override runMigrations(options?: Parameters<DataSource['runMigrations']>[0]): ReturnType<DataSource['runMigrations']> {
    return withNamedLock(this, 'migrations', () => super.runMigrations(options));
  }

  /**
   * `blob()` columns (src/database/columns.ts) are LONGBLOB on MySQL/MariaDB, as the migrations make
   * them; `exactText()` columns keep their binary collation there only (SQLite compares bytes).
   */
  protected override async buildMetadatas(): Promise<void> {
    await super.buildMetadatas();
    const mysql = this.options.type === 'mysql' || this.options.type === 'mariadb';
    for (const column of this.entityMetadatas.flatMap((metadata) => metadata.columns)) {
      if (mysql && column.type === 'blob') column.type = 'longblob';
      if (!mysql && column.collation === BINARY_COLLATION) column.collation = undefined;
    }
  }

  override undoLastMigration(options?: Parameters<DataSource['undoLastMigration']>[0]): Promise<void> {
    return withNamedLock(this, 'migrations', () => super.undoLastMigration(options));
  }
}

/** With MIGRATIONS_RUN=false an instance must not serve an out-of-date schema: it refuses to start. */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The database has ${pending.length} pending migration(s) (${pending.join(', ')}) and MIGRATIONS_RUN=false: ` +
        'run them as a release step first (npm run migration:run, with the same DATABASE_URL), or start with MIGRATIONS_RUN=true',
    );
  }
}

/** Throws PendingMigrationsError when the code knows migrations the database has not run (read-only). */
export async function refusePendingMigrations(dataSource: DataSource): Promise<void> {
  const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
  if (pending.length) throw new PendingMigrationsError(pending.map((migration) => migration.name));
}
