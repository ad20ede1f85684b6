import type { DataSource, EntityManager } from 'typeorm';

/** Text as searches compare it: no case, no accents (« Étoile » is « etoile »), as MariaDB's utf8mb4_unicode_ci does. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The SQLite function that folds a column's text as `foldText` does (registered on each connection). */
export const SQLITE_FOLD = 'guichet_fold';

/** Registers `guichet_fold(text)` on a better-sqlite3 connection: SQLite's LIKE ignores the case of ASCII letters only, never accents. */
export function registerSqliteFunctions(db: { function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => unknown): unknown }): void {
  db.function(SQLITE_FOLD, { deterministic: true }, (value) => (typeof value === 'string' ? foldText(value) : value));
}

type Connection = Pick<DataSource, 'options'> | Pick<EntityManager, 'connection'>;

function isSqlite(connection: Connection): boolean {
  const options = 'options' in connection ? connection.options : connection.connection.options;
  return options.type === 'better-sqlite3';
}

/** A column as compared without case or accents: MySQL/MariaDB's collation does it, SQLite needs the function. */
function folded(connection: Connection, column: string): string {
  return isSqlite(connection) ? `${SQLITE_FOLD}(${column})` : column;
}

/** `!` escapes LIKE's wildcards on both engines (a backslash means one thing in MariaDB's literals and another in SQLite's). */
const likeEscaped = (text: string) => text.replace(/[!%_]/g, (char) => `!${char}`);

/** One of `columns` contains `text`, without case or accents; `param` names the parameter. */
export function containsSql(connection: Connection, columns: readonly string[], text: string, param: string): [string, Record<string, string>] {
  const sql = columns.map((column) => `${folded(connection, column)} LIKE :${param} ESCAPE '!'`).join(' OR ');
  return [`(${sql})`, { [param]: `%${likeEscaped(foldText(text))}%` }];
}

/** `column` equals one of `values`, without case or accents. */
export function equalsFoldedSql(connection: Connection, column: string, values: readonly string[], param: string): [string, Record<string, string[]>] {
  return [`${folded(connection, column)} IN (:...${param})`, { [param]: values.map(foldText) }];
}
