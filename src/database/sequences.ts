import type { EntityManager } from 'typeorm';
import { Sequence } from './sequence.entity.js';
import { isUniqueViolation } from './transaction.js';

/**
 * The next value of a named counter, inside the caller's transaction. The UPDATE holds the row's
 * lock until the transaction ends (MySQL/MariaDB) or runs alone (SQLite), so that two
 * transactions never get the same value; a value is never handed out again, even after a rollback
 * of a later transaction, because each value is read after its own increment.
 */
export async function nextSequenceValue(manager: EntityManager, name: string, firstValue = 1): Promise<number> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const updated = await manager
      .createQueryBuilder()
      .update(Sequence)
      .set({ value: () => 'value + 1' })
      .where('name = :name', { name })
      .execute();
    if (updated.affected) return (await manager.findOneByOrFail(Sequence, { name })).value;
    try {
      await manager.insert(Sequence, { name, value: firstValue });
      return firstValue;
    } catch (error) {
      // Another transaction created the counter first: increment it instead.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`Sequence ${name} could not be incremented`);
}
