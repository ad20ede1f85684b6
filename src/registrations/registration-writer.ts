import type { EntityManager } from 'typeorm';
import type { Offering } from '../activities/offering.entity.js';
import type { ClaimKind } from './claim-person.entity.js';
import { asNumber, execute, insertValues, isMariadb, isSqlite } from './raw-sql.js';

export interface RegistrationView {
  id: number;
  code: string;
  personId: number;
  status: string;
  amount: number;
}

const COLUMNS = ['offeringId', 'personId', 'householdId', 'accountId', 'holdId', 'waitlistEntryId', 'amount', 'status'] as const;

/** The persons of a claim, in id order. */
export async function claimPersonIds(manager: EntityManager, kind: ClaimKind, claimId: number): Promise<number[]> {
  const rows: Array<{ personId: unknown }> = await manager.query('SELECT `personId` FROM `claim_persons` WHERE `kind` = ? AND `claimId` = ? ORDER BY `personId`', [kind, claimId]);
  return rows.map((row) => asNumber(row.personId));
}

/**
 * The one place registrations are written: a checked-out hold or an accepted waitlist offer
 * becomes one registration per person of the claim, each with its share of the amount (to
 * invoice). Called under the offering's lock, in the claim's transaction. `personIds`: the claim's
 * persons when the caller has read them already (they never change), in id order. One INSERT for
 * all the persons on MariaDB and SQLite (`RETURNING` gives their ids); one per person on MySQL.
 */
export async function writeRegistrations(
  manager: EntityManager,
  offering: Offering,
  claim: { kind: ClaimKind; id: number; householdId: number; accountId: number | null; seats: number; amount: number },
  personIds?: readonly number[],
): Promise<RegistrationView[]> {
  const persons = personIds ?? (await claimPersonIds(manager, claim.kind, claim.id));
  if (!persons.length) return [];
  const each = Math.round(claim.amount / claim.seats);
  const rows = persons.map((personId) => [offering.id, personId, claim.householdId, claim.accountId, claim.kind === 'hold' ? claim.id : null, claim.kind === 'waitlist' ? claim.id : null, each, 'confirmed']);
  const view = (id: number, personId: number): RegistrationView => ({ id, code: offering.code, personId, status: 'confirmed', amount: each });
  if (isMariadb(manager) || isSqlite(manager)) {
    const [sql, parameters] = insertValues('registrations', COLUMNS, rows);
    const inserted: Array<{ id: unknown; personId: unknown }> = await manager.query(`${sql} RETURNING \`id\`, \`personId\``, parameters);
    const ids = new Map(inserted.map((row) => [asNumber(row.personId), asNumber(row.id)]));
    return persons.map((personId) => view(ids.get(personId)!, personId));
  }
  const written: RegistrationView[] = [];
  for (const row of rows) {
    const [sql, parameters] = insertValues('registrations', COLUMNS, [row]);
    written.push(view((await execute(manager, sql, parameters)).id, row[1] as number));
  }
  return written;
}
