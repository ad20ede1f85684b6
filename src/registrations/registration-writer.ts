import type { EntityManager } from 'typeorm';
import { insertRow } from '../database/insert-row.js';
import type { Offering } from '../activities/offering.entity.js';
import { ClaimPerson, type ClaimKind } from './claim-person.entity.js';
import { Registration } from './registration.entity.js';

export interface RegistrationView {
  id: number;
  code: string;
  personId: number;
  status: string;
  amount: number;
}

/**
 * The one place registrations are written: a checked-out hold or an accepted waitlist offer
 * becomes one registration per person of the claim, each with its share of the amount (to
 * invoice). Called under the offering's lock, in the claim's transaction.
 */
export async function writeRegistrations(
  manager: EntityManager,
  offering: Offering,
  claim: { kind: ClaimKind; id: number; householdId: number; accountId: number | null; seats: number; amount: number },
): Promise<RegistrationView[]> {
  const persons = await manager.find(ClaimPerson, { where: { kind: claim.kind, claimId: claim.id }, order: { personId: 'ASC' } });
  const each = Math.round(claim.amount / claim.seats);
  const written: RegistrationView[] = [];
  for (const { personId } of persons) {
    const id = await insertRow(manager, Registration, {
      offeringId: offering.id,
      personId,
      householdId: claim.householdId,
      accountId: claim.accountId,
      holdId: claim.kind === 'hold' ? claim.id : null,
      waitlistEntryId: claim.kind === 'waitlist' ? claim.id : null,
      amount: each,
      status: 'confirmed',
      cancelledAt: null,
      cancelReason: null,
      cancelledByStaffId: null,
    });
    written.push({ id, code: offering.code, personId, status: 'confirmed', amount: each });
  }
  return written;
}
