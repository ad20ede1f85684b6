import { In, type EntityManager, type EntityTarget, type ObjectLiteral, type QueryDeepPartialEntity } from 'typeorm';
import { Household } from '../household.entity.js';
import { HouseholdPhone } from '../household-phone.entity.js';
import { Membership } from '../membership.entity.js';
import { Person } from '../person.entity.js';
import { conflictMessages, householdConflict, personConflict } from './conflicts.js';
import { addressKey, identityKey, type ImportError, type ImportRow } from './row-validation.js';

/**
 * IN lists and multi-row inserts are cut at 1000 rows: MySQL's optimiser and SQLite's limit of
 * 32 766 bound parameters (a household row binds 6, a person 8) both stay far away.
 */
const CHUNK = 1000;

export interface CreatedCounts {
  persons: number;
  households: number;
  memberships: number;
  phones: number;
}

/** Ids already resolved by earlier batches of the same import: legacy key → household, dossier number → person. */
export interface KnownIds {
  households: ReadonlyMap<string, number>;
  persons: ReadonlyMap<string, number>;
}

/** What one batch did; applied to the import's state only once its transaction has committed. */
export interface BatchOutcome {
  errors: ImportError[];
  households: Map<string, number>;
  persons: Map<string, number>;
  created: CreatedCounts;
  /** Lines that created at least one record; the other accepted lines changed nothing. */
  changedLines: Set<number>;
  accepted: number;
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** The first row of each key, in file order. */
function firstByKey(rows: ImportRow[], key: (row: ImportRow) => string): Map<string, ImportRow> {
  const first = new Map<string, ImportRow>();
  for (const row of rows) if (!first.has(key(row))) first.set(key(row), row);
  return first;
}

/** Multi-row inserts; ids are read back by key afterwards, hence no entity update (no extra SELECT). */
async function insertChunks<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, values: QueryDeepPartialEntity<T>[]): Promise<void> {
  for (const chunk of chunks(values)) {
    await manager.createQueryBuilder().insert().into(entity).values(chunk).updateEntity(false).execute();
  }
}

class ImportBatch {
  readonly outcome: BatchOutcome = {
    errors: [],
    households: new Map(),
    persons: new Map(),
    created: { persons: 0, households: 0, memberships: 0, phones: 0 },
    changedLines: new Set(),
    accepted: 0,
  };
  /** Records already in the database but new to this import: they must agree with the file before their ids are used. */
  private readonly storedHouseholds = new Map<string, { id: number; addressKey: string }>();
  private readonly storedPersons = new Map<string, { id: number; identityKey: string }>();

  constructor(
    private readonly manager: EntityManager,
    private readonly known: KnownIds,
  ) {}

  householdId(key: string): number | undefined {
    return this.outcome.households.get(key) ?? this.known.households.get(key);
  }

  personId(dossierNumber: string): number | undefined {
    return this.outcome.persons.get(dossierNumber) ?? this.known.persons.get(dossierNumber);
  }

  async loadStoredHouseholds(rows: ImportRow[]): Promise<void> {
    const keys = [...new Set(rows.map((row) => row.householdKey))].filter((key) => !this.known.households.has(key));
    for (const chunk of chunks(keys)) {
      const found = await this.manager.find(Household, {
        select: { id: true, legacyKey: true, address: { civicNumber: true, street: true, apartment: true, city: true, postalCode: true } },
        where: { legacyKey: In(chunk) },
      });
      for (const household of found) {
        // MariaDB compares keys without case: the file's are upper-cased, a stored one may not be.
        this.storedHouseholds.set(household.legacyKey!.toUpperCase(), { id: household.id, addressKey: addressKey(household.address) });
      }
    }
  }

  async loadStoredPersons(rows: ImportRow[]): Promise<void> {
    const numbers = [...new Set(rows.map((row) => row.dossierNumber))].filter((number) => !this.known.persons.has(number));
    for (const chunk of chunks(numbers)) {
      const found = await this.manager.find(Person, {
        select: { id: true, dossierNumber: true, firstName: true, lastName: true, birthDate: true },
        where: { dossierNumber: In(chunk) },
      });
      for (const person of found) {
        const identity = identityKey(person.firstName, person.lastName, person.birthDate);
        this.storedPersons.set(person.dossierNumber.toUpperCase(), { id: person.id, identityKey: identity });
      }
    }
  }

  /**
   * Lines that disagree with what the database holds are reported and left out; the stored records
   * of the others become known. A disagreeing record stays unknown, so later batches check again.
   */
  acceptAgreeing(rows: ImportRow[]): ImportRow[] {
    const accepted = rows.filter((row) => {
      const errors: ImportError[] = [];
      const household = this.storedHouseholds.get(row.householdKey);
      if (household && household.addressKey !== row.addressKey) {
        errors.push(householdConflict(row, conflictMessages.householdInDatabase(row.householdKey)));
      }
      const person = this.storedPersons.get(row.dossierNumber);
      if (person && person.identityKey !== row.identityKey) {
        errors.push(personConflict(row, conflictMessages.personInDatabase(row.dossierNumber)));
      }
      this.outcome.errors.push(...errors);
      return errors.length === 0;
    });
    for (const row of accepted) {
      const household = this.storedHouseholds.get(row.householdKey);
      if (household) this.outcome.households.set(row.householdKey, household.id);
      const person = this.storedPersons.get(row.dossierNumber);
      if (person) this.outcome.persons.set(row.dossierNumber, person.id);
    }
    this.outcome.accepted = accepted.length;
    return accepted;
  }

  async createHouseholds(rows: ImportRow[]): Promise<void> {
    const missing = [...firstByKey(rows, (row) => row.householdKey).values()].filter((row) => this.householdId(row.householdKey) === undefined);
    if (!missing.length) return;
    await insertChunks(this.manager, Household, missing.map((row) => ({ legacyKey: row.householdKey, address: row.address })));
    // Ids read back by key: a multi-row insert reports only the first id, and consecutive ids are not guaranteed everywhere.
    for (const chunk of chunks(missing.map((row) => row.householdKey))) {
      const found = await this.manager.find(Household, { select: { id: true, legacyKey: true }, where: { legacyKey: In(chunk) } });
      for (const household of found) this.outcome.households.set(household.legacyKey!.toUpperCase(), household.id);
    }
    for (const row of missing) this.outcome.changedLines.add(row.line);
    this.outcome.created.households += missing.length;
  }

  async createPersons(rows: ImportRow[]): Promise<void> {
    const missing = [...firstByKey(rows, (row) => row.dossierNumber).values()].filter((row) => this.personId(row.dossierNumber) === undefined);
    if (!missing.length) return;
    await insertChunks(
      this.manager,
      Person,
      missing.map((row) => ({
        dossierNumber: row.dossierNumber,
        firstName: row.firstName,
        lastName: row.lastName,
        lastNameKey: row.lastNameKey,
        birthDate: row.birthDate,
        email: row.email,
      })),
    );
    for (const chunk of chunks(missing.map((row) => row.dossierNumber))) {
      const found = await this.manager.find(Person, { select: { id: true, dossierNumber: true }, where: { dossierNumber: In(chunk) } });
      for (const person of found) this.outcome.persons.set(person.dossierNumber.toUpperCase(), person.id);
    }
    for (const row of missing) this.outcome.changedLines.add(row.line);
    this.outcome.created.persons += missing.length;
  }

  private householdIdsOf(rows: ImportRow[]): number[] {
    return [...new Set(rows.map((row) => this.householdId(row.householdKey)!))];
  }

  async createMemberships(rows: ImportRow[]): Promise<void> {
    const existing = new Set<string>();
    for (const chunk of chunks(this.householdIdsOf(rows))) {
      const found = await this.manager.find(Membership, { select: { householdId: true, personId: true }, where: { householdId: In(chunk) } });
      for (const membership of found) existing.add(`${membership.householdId}:${membership.personId}`);
    }
    const values: QueryDeepPartialEntity<Membership>[] = [];
    for (const row of rows) {
      const householdId = this.householdId(row.householdKey)!;
      const personId = this.personId(row.dossierNumber)!;
      const pair = `${householdId}:${personId}`;
      if (existing.has(pair)) continue;
      existing.add(pair);
      values.push({ householdId, personId, role: row.role, dependent: row.dependent });
      this.outcome.changedLines.add(row.line);
    }
    await insertChunks(this.manager, Membership, values);
    this.outcome.created.memberships += values.length;
  }

  async createPhones(rows: ImportRow[]): Promise<void> {
    const withPhones = rows.filter((row) => row.phones.length);
    const existing = new Set<string>();
    for (const chunk of chunks(this.householdIdsOf(withPhones))) {
      const found = await this.manager.find(HouseholdPhone, { select: { householdId: true, number: true }, where: { householdId: In(chunk) } });
      for (const phone of found) existing.add(`${phone.householdId}:${phone.number}`);
    }
    const values: QueryDeepPartialEntity<HouseholdPhone>[] = [];
    for (const row of withPhones) {
      const householdId = this.householdId(row.householdKey)!;
      for (const phone of row.phones) {
        const key = `${householdId}:${phone.number}`;
        if (existing.has(key)) continue;
        existing.add(key);
        values.push({ householdId, kind: phone.kind, number: phone.number });
        this.outcome.changedLines.add(row.line);
      }
    }
    await insertChunks(this.manager, HouseholdPhone, values);
    this.outcome.created.phones += values.length;
  }
}

/**
 * Writes one batch of valid lines in the caller's transaction: households by legacy key, persons by
 * dossier number, memberships by (household, person) and phones by (household, number), each
 * created only when missing, so that importing the same file again creates nothing. Touches only
 * the database: the transaction may be replayed after a deadlock.
 */
export async function writeBatch(manager: EntityManager, rows: ImportRow[], known: KnownIds): Promise<BatchOutcome> {
  const batch = new ImportBatch(manager, known);
  await batch.loadStoredHouseholds(rows);
  await batch.loadStoredPersons(rows);
  const accepted = batch.acceptAgreeing(rows);
  if (accepted.length) {
    await batch.createHouseholds(accepted);
    await batch.createPersons(accepted);
    await batch.createMemberships(accepted);
    await batch.createPhones(accepted);
  }
  return batch.outcome;
}
