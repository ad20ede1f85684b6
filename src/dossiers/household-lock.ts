import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Household } from './household.entity.js';

/**
 * Locks households until the transaction ends, in id order (no deadlock between two callers), by
 * writing to them; returns the ids that exist. On MySQL/MariaDB the UPDATE holds each row's lock
 * as SELECT … FOR UPDATE would; on a Galera cluster, where locks hold on one node only and a
 * SELECT … FOR UPDATE is not certified, the written rows make two transactions on one household
 * conflict at certification (one commit fails and is replayed, then sees the other's change). The
 * write marks the household as updated: its members or their accounts are changing. SQLite runs
 * one transaction at a time: nothing to lock.
 */
export async function lockHouseholds(manager: EntityManager, ids: number[]): Promise<Set<number>> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  if (manager.connection.options.type === 'better-sqlite3') {
    return new Set((await manager.find(Household, { select: { id: true }, where: { id: In(sorted) } })).map((h) => h.id));
  }
  const found = new Set<number>();
  for (const id of sorted) {
    const touched = await manager.createQueryBuilder().update(Household).set({ updatedAt: () => 'CURRENT_TIMESTAMP(6)' }).where('id = :id', { id }).execute();
    if (touched.affected) found.add(id);
  }
  return found;
}
