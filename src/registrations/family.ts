import { EntityManager, In } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { Household } from '../dossiers/household.entity.js';
import { Membership } from '../dossiers/membership.entity.js';
import { Person } from '../dossiers/person.entity.js';
import { isResident } from './registration-rules.js';

/** What registering needs of a linked account's family (R2, R3). */
export interface Family {
  /** The household the account acts for: the holder's first, as GET /me/household shows it (one waiting-room place, one price). */
  householdId: number;
  resident: boolean;
  /** Every member of the holder's households (a child of separated guardians is in both). */
  members: Map<number, Person>;
}

/** The family of a linked account; 409 `dossier_not_linked` otherwise, as the other /me routes. */
export async function familyOfAccount(manager: EntityManager, accountId: number, residentCities: readonly string[]): Promise<Family> {
  const holder = await manager.findOneBy(Person, { accountId });
  if (!holder) throw new DomainError('dossier_not_linked', 409);
  const own = await manager.find(Membership, { where: { personId: holder.id }, order: { householdId: 'ASC' } });
  if (!own.length) throw new DomainError('dossier_not_linked', 409);
  return familyOfHouseholds(manager, own.map((m) => m.householdId), residentCities);
}

/** The family of households (the first one acts): for an account, or for a clerk at the counter. */
export async function familyOfHouseholds(manager: EntityManager, householdIds: number[], residentCities: readonly string[]): Promise<Family> {
  const household = await manager.findOneByOrFail(Household, { id: householdIds[0] });
  const memberships = await manager.find(Membership, { where: { householdId: In(householdIds) }, relations: { person: true } });
  return {
    householdId: household.id,
    resident: isResident({ city: household.address.city, residentOverride: household.residentOverride }, residentCities),
    members: new Map(memberships.map((m) => [m.person.id, m.person])),
  };
}
