import type { EntityManager, EntityTarget, InsertResult, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/**
 * Inserts one row and returns its generated id, without reloading the entity afterwards
 * (`updateEntity(false)`): a hot path such as sign-up saves a statement or a RETURNING per row.
 */
export async function insertRow<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, values: QueryDeepPartialEntity<T>): Promise<number> {
  const result = await manager.createQueryBuilder().insert().into(target).values(values).updateEntity(false).execute();
  return insertedId(result);
}

/** The id the driver reports for a one-row INSERT: `insertId` (mysql2) or `lastInsertRowid` (better-sqlite3). */
function insertedId(result: InsertResult): number {
  const raw = result.raw as { insertId?: number; lastInsertRowid?: number | bigint } | number;
  const id = typeof raw === 'number' ? raw : (raw.insertId ?? raw.lastInsertRowid);
  if (id === undefined) throw new Error('The driver did not report the inserted id');
  return Number(id);
}
