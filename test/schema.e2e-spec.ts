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
