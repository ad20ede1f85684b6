import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * `column starts with prefix`, in the form each engine serves from the column's index: `LIKE 'x%'`
 * on MySQL/MariaDB (their collation compares without case or accents, as the index does), a
 * `>= x AND < x'` range on SQLite (its LIKE ignores case and then cannot use a binary index).
 * The columns searched this way hold normalised values (lower-case keys, upper-case numbers).
 */
export function prefixSql(column: string, prefix: string, param: string, qb: SelectQueryBuilder<ObjectLiteral>): [string, Record<string, string>] {
  const type = qb.connection.options.type;
  if (type === 'better-sqlite3' || type === 'sqlite') {
    const last = prefix.codePointAt(prefix.length - 1)!;
    const upper = prefix.slice(0, -1) + String.fromCodePoint(last + 1);
    return [`${column} >= :${param}lo AND ${column} < :${param}hi`, { [`${param}lo`]: prefix, [`${param}hi`]: upper }];
  }
  return [`${column} LIKE :${param}`, { [param]: `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%` }];
}

export function prefixCondition(qb: SelectQueryBuilder<ObjectLiteral>, column: string, prefix: string, param: string): void {
  const [sql, parameters] = prefixSql(column, prefix, param, qb);
  qb.andWhere(sql, parameters);
}
