import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { normalizeAddress, type AddressInput } from '../../src/dossiers/address.js';
import { nameKey } from '../../src/dossiers/dossier-rules.js';
import { HouseholdPhone } from '../../src/dossiers/household-phone.entity.js';
import { Household } from '../../src/dossiers/household.entity.js';
import { Membership, type MemberRole } from '../../src/dossiers/membership.entity.js';
import { Person } from '../../src/dossiers/person.entity.js';

/** A dossier number no other test uses (MariaDB keeps rows between test files). */
export function uniqueDossierNumber(): string {
  return `T${Date.now().toString(36).toUpperCase()}${randomInt(1e6)}`;
}

export interface PersonSpec {
  firstName?: string;
  lastName?: string;
  birthDate: string;
  role: MemberRole;
  dependent?: boolean;
  /** Reuse a person created for another household (a child of separated guardians). */
  person?: Person;
}

/** A household with its members, written straight to the database. */
export async function createHousehold(dataSource: DataSource, members: PersonSpec[], address: Partial<AddressInput> = {}) {
  return dataSource.transaction(async (manager) => {
    const household = await manager.save(
      manager.create(Household, { address: normalizeAddress({ civicNumber: '1234', street: 'boulevard La Salle', city: 'Baie-Comeau', postalCode: 'G4Z 1A1', ...address }) }),
    );
    await manager.insert(HouseholdPhone, { householdId: household.id, kind: 'home', number: '418-296-8100' });
    const persons: Person[] = [];
    for (const spec of members) {
      const person =
        spec.person ??
        (await manager.save(
          manager.create(Person, {
            dossierNumber: uniqueDossierNumber(),
            firstName: spec.firstName ?? 'Alex',
            lastName: spec.lastName ?? 'Gagnon',
            lastNameKey: nameKey(spec.lastName ?? 'Gagnon'),
            birthDate: spec.birthDate,
          }),
        ));
      await manager.insert(Membership, { householdId: household.id, personId: person.id, role: spec.role, dependent: spec.dependent ?? spec.role === 'child' });
      persons.push(person);
    }
    return { household, persons };
  });
}

/** A date of birth that makes someone `years` old on `today` (YYYY-MM-DD), shifted by `days`. */
export function birthDateForAge(years: number, today: string, days = 0): string {
  const [y, m, d] = today.split('-').map(Number);
  const date = new Date(Date.UTC(y - years, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

/** A valid dossier-number request form (the public API's body) for this address, without family members. */
export function dossierRequestForm(email: string, overrides: Record<string, unknown> = {}) {
  const applicant = { firstName: 'Camille', lastName: 'Tremblay', birthDate: '1988/02/29' };
  const address = { civicNumber: '1234', street: 'boulevard La Salle', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' };
  return { applicant, address, members: [], email, phone: '(418) 296-8100', consent: true, ...overrides };
}
