import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { Offering } from '../activities/offering.entity.js';
import { Household } from '../dossiers/household.entity.js';
import { Person } from '../dossiers/person.entity.js';
import { hydrate, placeholders } from './raw-sql.js';
import { isResident } from './registration-rules.js';

/** What registering needs of a linked account's family (R2, R3). */
export interface Family {
  /** The household the account acts for: the holder's first, as GET /me/household shows it (one waiting-room place, one price). */
  householdId: number;
  resident: boolean;
  /** Every member of the holder's households (a child of separated guardians is in both). */
  members: Map<number, Person>;
}

/** Each member of some households with its household's residency columns (`h_…`), the households in id order. */
const MEMBERS = `SELECT h.\`id\` AS \`h_id\`, h.\`city\` AS \`h_city\`, h.\`residentOverride\` AS \`h_residentOverride\`, p.*
  FROM \`households\` h
  LEFT JOIN \`household_members\` m ON m.\`householdId\` = h.\`id\`
  LEFT JOIN \`persons\` p ON p.\`id\` = m.\`personId\``;

function familyOf(manager: EntityManager, rows: Array<Record<string, unknown>>, residentCities: readonly string[]): Family {
  const household = hydrate(manager, Household, rows[0], 'h_');
  const members = new Map<number, Person>();
  for (const row of rows) {
    // A household without members (LEFT JOIN).
    if (row.id === null || row.id === undefined) continue;
    const person = hydrate(manager, Person, row);
    members.set(person.id, person);
  }
  return {
    householdId: household.id,
    resident: isResident({ city: household.address.city, residentOverride: household.residentOverride }, residentCities),
    members,
  };
}

/** The account's households: the joins that follow MEMBERS, then `WHERE` its person's account. */
const OF_ACCOUNT = `JOIN \`household_members\` own ON own.\`householdId\` = h.\`id\`
  JOIN \`persons\` holder ON holder.\`id\` = own.\`personId\``;

/**
 * The family of a linked account, in one statement (the account's person, its households, their
 * members); 409 `dossier_not_linked` otherwise, as the other /me routes.
 */
export async function familyOfAccount(manager: EntityManager, accountId: number, residentCities: readonly string[]): Promise<Family> {
  const rows: Array<Record<string, unknown>> = await manager.query(`${MEMBERS} ${OF_ACCOUNT} WHERE holder.\`accountId\` = ? ORDER BY h.\`id\``, [accountId]);
  // No person for the account, or a person in no household.
  if (!rows.length) throw new DomainError('dossier_not_linked', 409);
  return familyOf(manager, rows, residentCities);
}

/**
 * A hold's two reads before the lock in one statement: the family of the account (as
 * `familyOfAccount`, the same 409 first) and the offering of that code (null when there is none).
 */
export async function familyAndOffering(manager: EntityManager, accountId: number, code: string, residentCities: readonly string[]): Promise<{ family: Family; offering: Offering | null }> {
  const columns = manager.connection.getMetadata(Offering).columns.map((c) => `o.\`${c.databaseName}\` AS \`o_${c.databaseName}\``);
  const rows: Array<Record<string, unknown>> = await manager.query(
    `${MEMBERS.replace('p.*', `p.*, ${columns.join(', ')}`)} ${OF_ACCOUNT} LEFT JOIN \`offerings\` o ON o.\`code\` = ? WHERE holder.\`accountId\` = ? ORDER BY h.\`id\``,
    [code, accountId],
  );
  if (!rows.length) throw new DomainError('dossier_not_linked', 409);
  const found = rows[0].o_id !== null && rows[0].o_id !== undefined;
  return { family: familyOf(manager, rows, residentCities), offering: found ? hydrate(manager, Offering, rows[0], 'o_') : null };
}

/** The family of households (the first one acts): for an account, or for a clerk at the counter. */
export async function familyOfHouseholds(manager: EntityManager, householdIds: number[], residentCities: readonly string[]): Promise<Family> {
  const rows: Array<Record<string, unknown>> = await manager.query(`${MEMBERS} WHERE h.\`id\` IN (${placeholders(householdIds.length)}) ORDER BY h.\`id\` = ? DESC, h.\`id\``, [...householdIds, householdIds[0]]);
  if (!rows.length) throw new DomainError('household_not_found', 404);
  return familyOf(manager, rows, residentCities);
}
