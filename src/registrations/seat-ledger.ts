import { Brackets, EntityManager, In } from 'typeorm';
import { Hold } from './hold.entity.js';
import { Registration } from './registration.entity.js';
import { WaitlistEntry } from './waitlist-entry.entity.js';

export interface SeatCount {
  /** Confirmed registrations + live holds + live waitlist offers (R4): never above capacity. */
  taken: number;
  /** Seats asked by waiting entries (R6), which the public availability also counts. */
  waiting: number;
  /** How many waiting entries. */
  waitingEntries: number;
}

/**
 * Seats of offerings, counted from rows at `now` (pretix's way): a hold or an offer past its time
 * holds nothing, whether or not a job has marked it yet. Read under the offering's lock to decide;
 * read without it to show.
 */
export async function countSeats(manager: EntityManager, offeringIds: readonly number[], now: Date): Promise<Map<number, SeatCount>> {
  const counts = new Map<number, SeatCount>(offeringIds.map((id) => [id, { taken: 0, waiting: 0, waitingEntries: 0 }]));
  if (!offeringIds.length) return counts;
  const ids = [...offeringIds];
  const registered = await manager
    .createQueryBuilder(Registration, 'r')
    .select('r.offeringId', 'offeringId')
    .addSelect('COUNT(*)', 'n')
    .where({ offeringId: In(ids), status: 'confirmed' })
    .groupBy('r.offeringId')
    .getRawMany<{ offeringId: number; n: string | number }>();
  const held = await manager
    .createQueryBuilder(Hold, 'h')
    .select('h.offeringId', 'offeringId')
    .addSelect('SUM(h.seats)', 'n')
    .where({ offeringId: In(ids), status: 'live' })
    .andWhere('h.expiresAt > :now', { now })
    .groupBy('h.offeringId')
    .getRawMany<{ offeringId: number; n: string | number }>();
  const listed = await manager
    .createQueryBuilder(WaitlistEntry, 'w')
    .select('w.offeringId', 'offeringId')
    .addSelect('w.status', 'status')
    .addSelect('SUM(w.seats)', 'n')
    .addSelect('COUNT(*)', 'entries')
    .where({ offeringId: In(ids) })
    .andWhere(
      new Brackets((q) => {
        q.where("w.status = 'waiting'").orWhere("(w.status = 'offered' AND w.offerExpiresAt > :now)", { now });
      }),
    )
    .groupBy('w.offeringId')
    .addGroupBy('w.status')
    .getRawMany<{ offeringId: number; status: string; n: string | number; entries: string | number }>();
  for (const row of [...registered, ...held]) counts.get(Number(row.offeringId))!.taken += Number(row.n);
  for (const row of listed) {
    const count = counts.get(Number(row.offeringId))!;
    if (row.status === 'offered') count.taken += Number(row.n);
    else {
      count.waiting += Number(row.n);
      count.waitingEntries += Number(row.entries);
    }
  }
  return counts;
}
