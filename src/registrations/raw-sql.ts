import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils.js';

/**
 * Plain SQL for the registration night's two hot paths (a hold, a checkout): TypeORM's query
 * building and hydration cost about a quarter of the event loop there. Statements written here use
 * `?` placeholders and backquoted names, valid on mysql2 and on better-sqlite3 alike.
 */

/** `?, ?, ?` for `n` values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** A time as a parameter: mysql2 writes a Date itself (the pool's timezone is UTC); SQLite stores TypeORM's UTC text. */
export function sqlTime(manager: EntityManager, time: Date): Date | string {
  return manager.connection.options.type === 'better-sqlite3' ? DateUtils.mixedDateToUtcDatetimeString(time) : time;
}

/** Whether the server is MariaDB (found once at start, see data-source-options.ts): `SET STATEMENT`, `RETURNING`. */
export function isMariadb(manager: EntityManager): boolean {
  return manager.connection.options.type === 'mariadb';
}

export function isSqlite(manager: EntityManager): boolean {
  return manager.connection.options.type === 'better-sqlite3';
}

/**
 * An entity from a raw row, its columns converted as TypeORM converts them (dates, booleans, simple
 * enums), without its query builder. `prefix`: the row's names for this entity are `prefix` + the
 * column's name (a join of two tables). Columns absent from the row stay undefined.
 */
export function hydrate<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>, prefix = ''): T {
  const metadata = manager.connection.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    const name = prefix + column.databaseName;
    if (!(name in row)) continue;
    column.setEntityValue(entity, manager.connection.driver.prepareHydratedValue(row[name], column));
  }
  return entity;
}

/** A count or a sum as a number (mysql2 answers DECIMAL sums and BIGINT counts as strings). */
export function asNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/**
 * A write, with what the driver reports: the generated id of a one-row INSERT (mysql2's `insertId`,
 * better-sqlite3's `lastInsertRowid`) and the rows it changed; in the manager's transaction if it has one.
 */
export async function execute(manager: EntityManager, sql: string, parameters: unknown[]): Promise<{ id: number; affected: number }> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    const raw = result.raw as { insertId?: number } | number | bigint | undefined;
    const id = typeof raw === 'object' && raw !== null ? raw.insertId : raw;
    return { id: Number(id ?? 0), affected: result.affected ?? 0 };
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/** A multi-row `INSERT … VALUES (…), (…)` of `rows` (each the values of `columns`), as SQL and parameters. */
export function insertValues(table: string, columns: readonly string[], rows: readonly unknown[][]): [string, unknown[]] {
  const names = columns.map((c) => `\`${c}\``).join(', ');
  const tuple = `(${placeholders(columns.length)})`;
  return [`INSERT INTO \`${table}\` (${names}) VALUES ${rows.map(() => tuple).join(', ')}`, rows.flat()];
}
