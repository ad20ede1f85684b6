import type { EntityManager } from 'typeorm';
import { asNumber, placeholders, sqlTime } from './raw-sql.js';

export interface SeatCount {
  /** Confirmed registrations + live holds + live waitlist offers (R4): never above capacity. */
  taken: number;
  /** Seats asked by waiting entries (R6), which the public availability also counts. */
  waiting: number;
  /** How many waiting entries. */
  waitingEntries: number;
}

/** What one row of the ledger's statement counts (`kind`). */
const REGISTERED = 1;
const HELD = 2;
const OFFERED = 3;
const WAITING = 4;
const DUPLICATE = 5;

/** Parts of one `UNION ALL` statement: each SELECT gives (offeringId, kind, n, entries). */
interface Parts {
  sql: string[];
  parameters: unknown[];
}

/** The seats of offerings at `now`: registrations, live holds, live offers and waiting entries, grouped per offering. */
function seatParts(manager: EntityManager, ids: readonly number[], now: Date): Parts {
  const list = placeholders(ids.length);
  const at = sqlTime(manager, now);
  return {
    sql: [
      `SELECT \`offeringId\`, ${REGISTERED} AS \`kind\`, COUNT(*) AS \`n\`, 0 AS \`entries\` FROM \`registrations\` WHERE \`offeringId\` IN (${list}) AND \`status\` = 'confirmed' GROUP BY \`offeringId\``,
      `SELECT \`offeringId\`, ${HELD}, SUM(\`seats\`), 0 FROM \`holds\` WHERE \`offeringId\` IN (${list}) AND \`status\` = 'live' AND \`expiresAt\` > ? GROUP BY \`offeringId\``,
      `SELECT \`offeringId\`, CASE WHEN \`status\` = 'offered' THEN ${OFFERED} ELSE ${WAITING} END, SUM(\`seats\`), COUNT(*) FROM \`waitlist_entries\`
        WHERE \`offeringId\` IN (${list}) AND (\`status\` = 'waiting' OR (\`status\` = 'offered' AND \`offerExpiresAt\` > ?)) GROUP BY \`offeringId\`, \`status\``,
    ],
    parameters: [...ids, ...ids, at, ...ids, at],
  };
}

/**
 * The persons already registered to the offering, holding a live seat of it, waiting or offered
 * for it (R3): one row, whose `n` counts them (a person may count more than once).
 */
function duplicateParts(manager: EntityManager, offeringId: number, personIds: readonly number[], now: Date): Parts {
  if (!personIds.length) return { sql: [], parameters: [] };
  const persons = placeholders(personIds.length);
  const at = sqlTime(manager, now);
  return {
    sql: [
      `SELECT 0 AS \`offeringId\`, ${DUPLICATE} AS \`kind\`, (
        (SELECT COUNT(*) FROM \`registrations\` WHERE \`offeringId\` = ? AND \`personId\` IN (${persons}) AND \`status\` = 'confirmed')
        + (SELECT COUNT(*) FROM \`claim_persons\` c JOIN \`holds\` h ON h.\`id\` = c.\`claimId\`
           WHERE c.\`kind\` = 'hold' AND c.\`offeringId\` = ? AND c.\`personId\` IN (${persons}) AND h.\`status\` = 'live' AND h.\`expiresAt\` > ?)
        + (SELECT COUNT(*) FROM \`claim_persons\` c JOIN \`waitlist_entries\` w ON w.\`id\` = c.\`claimId\`
           WHERE c.\`kind\` = 'waitlist' AND c.\`offeringId\` = ? AND c.\`personId\` IN (${persons}) AND (w.\`status\` = 'waiting' OR (w.\`status\` = 'offered' AND w.\`offerExpiresAt\` > ?)))
      ) AS \`n\`, 0 AS \`entries\``,
    ],
    parameters: [offeringId, ...personIds, offeringId, ...personIds, at, offeringId, ...personIds, at],
  };
}

async function ledger(manager: EntityManager, offeringIds: readonly number[], parts: Parts[]): Promise<{ seats: Map<number, SeatCount>; duplicates: number }> {
  const seats = new Map<number, SeatCount>(offeringIds.map((id) => [id, { taken: 0, waiting: 0, waitingEntries: 0 }]));
  let duplicates = 0;
  if (!parts.some((p) => p.sql.length)) return { seats, duplicates };
  const rows: Array<{ offeringId: unknown; kind: unknown; n: unknown; entries: unknown }> = await manager.query(
    parts.flatMap((p) => p.sql).join(' UNION ALL '),
    parts.flatMap((p) => p.parameters),
  );
  for (const row of rows) {
    const kind = asNumber(row.kind);
    if (kind === DUPLICATE) {
      duplicates += asNumber(row.n);
      continue;
    }
    const count = seats.get(asNumber(row.offeringId))!;
    if (kind === WAITING) {
      count.waiting += asNumber(row.n);
      count.waitingEntries += asNumber(row.entries);
    } else count.taken += asNumber(row.n);
  }
  return { seats, duplicates };
}

/**
 * Seats of offerings, counted from rows at `now` (pretix's way): a hold or an offer past its time
 * holds nothing, whether or not a job has marked it yet. Read under the offering's lock to decide;
 * read without it to show. One statement.
 */
export async function countSeats(manager: EntityManager, offeringIds: readonly number[], now: Date): Promise<Map<number, SeatCount>> {
  if (!offeringIds.length) return new Map();
  return (await ledger(manager, offeringIds, [seatParts(manager, offeringIds, now)])).seats;
}

/** How many of the persons already claim the offering (registered, holding, waiting or offered), R3. One statement. */
export async function countDuplicates(manager: EntityManager, offeringId: number, personIds: readonly number[], now: Date): Promise<number> {
  return (await ledger(manager, [], [duplicateParts(manager, offeringId, personIds, now)])).duplicates;
}

/** A hold's two questions under the offering's lock, in one statement: the offering's seats, and whether a person already claims it. */
export async function countSeatsAndDuplicates(manager: EntityManager, offeringId: number, personIds: readonly number[], now: Date): Promise<{ seats: SeatCount; duplicates: number }> {
  const { seats, duplicates } = await ledger(manager, [offeringId], [seatParts(manager, [offeringId], now), duplicateParts(manager, offeringId, personIds, now)]);
  return { seats: seats.get(offeringId)!, duplicates };
}
