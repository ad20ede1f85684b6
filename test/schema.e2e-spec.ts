import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from './support/app.js';

describe('database schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('has run every migration at start-up', async () => {
    expect(await t.dataSource.showMigrations()).toBe(false);
  });

  it('matches the entities exactly (empty schema diff)', async () => {
    const diff = await t.dataSource.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);
  });

  // TypeORM's diff does not compare collations: the binary ones (exactText) are checked here.
  it('gives every column the collation its entity declares', async () => {
    const declared = t.dataSource.entityMetadatas.flatMap((metadata) => metadata.columns.filter((column) => column.collation).map((column) => [metadata.tableName, column.databaseName, column.collation]));
    if (t.config.database.type !== 'mysql') return expect(declared).toEqual([]);
    expect(declared).toEqual(expect.arrayContaining([['accounts', 'email', 'utf8mb4_bin'], ['staff', 'email', 'utf8mb4_bin']]));
    for (const [table, column, collation] of declared) {
      const [row] = await t.dataSource.query('SELECT COLLATION_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?', [table, column]);
      expect([table, column, row?.c]).toEqual([table, column, collation]);
    }
  });

  it('reverts and re-applies the migrations cleanly', async () => {
    const count = t.dataSource.migrations.length;
    // On MariaDB other test files share the database: revert only on the throw-away SQLite file.
    if (t.config.database.type !== 'sqlite') return;
    for (let i = 0; i < count; i++) await t.dataSource.undoLastMigration();
    await t.dataSource.runMigrations();
    const diff = await t.dataSource.driver.createSchemaBuilder().log();
    expect(diff.upQueries).toEqual([]);
  });
});
