import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, changesBetween } from '../audit/audit-log.js';
import { actorLabel, requireRole, type Actor, type StaffRole } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError, ValidationFailed, type FieldError } from '../common/domain-error.js';
import { FieldCheck, type FormText } from '../common/field-check.js';
import { FREE_TEXT, textProblem } from '../common/validation.js';
import { REGISTRATION_CONFIG, type RegistrationConfig } from '../config/app-config.js';
import { inTransaction, isUniqueViolation } from '../database/transaction.js';
import { isResident } from '../registrations/registration-rules.js';
import { requireRight } from '../staff/roles.js';
import { normalizeAddress, type Address, type AddressInput } from './address.js';
import { DossierNumberService } from './dossier-number.service.js';
import { ADULT_AGE, ageOn, holderProblem, normalizeDossierNumber, normalizePhone } from './dossier-rules.js';
import { lockHouseholds } from './household-lock.js';
import { HouseholdPhone, PHONE_KINDS, type PhoneKind } from './household-phone.entity.js';
import { Household } from './household.entity.js';
import { MEMBER_ROLES, Membership, type MemberRole } from './membership.entity.js';
import { checkAddress, checkPerson, type PersonInput, type PersonValues } from './person-check.js';
import { Person } from './person.entity.js';
import { hasRight } from '../staff/roles.js';

/** A person the city does not know yet, as a clerk types it: checked like the API's forms. */
export interface NewPersonInput {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD or YYYY/MM/DD. */
  birthDate: string;
  email?: string | null;
  phone?: string | null;
}

interface MemberChange {
  householdId: number;
  /** Why the clerk made the change: the audit line's note. */
  note?: string | null;
}

/** Either a person found by dossier number or a new person (who gets a new number). */
export interface AddMember extends MemberChange {
  dossierNumber?: string;
  person?: NewPersonInput;
  role: string;
  dependent: boolean;
}

export interface RemoveMember extends MemberChange {
  personId: number;
}

/** Out of `householdId` into `toHouseholdId`; the role and the dependent flag stay unless given. */
export interface MoveMember extends MemberChange {
  personId: number;
  toHouseholdId: number;
  role?: string;
  dependent?: boolean;
}

/** Naming a holder makes the former holder an adult of the household: there is one holder at a time. */
export interface SetMemberRole extends MemberChange {
  personId: number;
  role: string;
  dependent: boolean;
}

/** The address fields given (a form may send only some); the others are kept. */
export interface SetAddress extends MemberChange {
  address: Partial<AddressInput>;
}

/** The household's number of each kind given ('' removes it); kinds left out are kept. */
export interface SetPhones extends MemberChange {
  phones: Partial<Record<PhoneKind, string>>;
}

/** R2: a clerk's decision on a household's residency, or `address` to let its address's city decide again. */
export const RESIDENCY_CHOICES = ['resident', 'non_resident', 'address'] as const;
export type ResidencyChoice = (typeof RESIDENCY_CHOICES)[number];

export interface SetResidency {
  householdId: number;
  residency: string;
  /** Required: the audit line's note, kept beside the decision. */
  reason: string;
}

/** Whether a household is treated as resident (R2), and why: a clerk's decision (with its reason) or its address's city. */
export interface Residency {
  resident: boolean;
  decidedBy: 'override' | 'address';
  reason: string | null;
}

const overrideOf = (choice: ResidencyChoice): boolean | null => (choice === 'address' ? null : choice === 'resident');
const choiceOf = (override: boolean | null): ResidencyChoice => (override === null ? 'address' : override ? 'resident' : 'non_resident');

/** A new person joining a household (an approved request's applicant or member). */
export interface NewMember {
  person: NewPersonInput;
  role: MemberRole;
}

export interface NewFamily {
  address: AddressInput;
  phones: Partial<Record<PhoneKind, string>>;
  members: NewMember[];
}

export interface NewMemberResult {
  personId: number;
  dossierNumber: string;
  role: MemberRole;
}

export interface MemberRow {
  personId: number;
  dossierNumber: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  role: MemberRole;
  dependent: boolean;
}

/** The form field of a phone kind, as the panel names it (`homePhone`). */
export const phoneField = (kind: PhoneKind) => `${kind}Phone`;

const memberKey = (m: MemberRow) => `member:${m.dossierNumber}`;

/** The reason a clerk gives for a change (the audit line's note): a message body's rules (`FREE_TEXT`), refused on the form's `note` field. */
function checkNote(note: string | null | undefined): void {
  const code = note ? textProblem(note, FREE_TEXT) : null;
  if (code) throw new ValidationFailed([{ field: 'note', code }]);
}

/** A household's members as the audit log compares them: one key per person, role and dependent flag. */
function memberChanges(before: MemberRow[], after: MemberRow[]) {
  const state = (rows: MemberRow[]) => Object.fromEntries(rows.map((m) => [memberKey(m), { role: m.role, dependent: m.dependent }]));
  return changesBetween(state(before), state(after));
}

const PERSON_FIELDS = ['dossierNumber', 'firstName', 'lastName', 'birthDate', 'email', 'phone'] as const;
const ADDRESS_FIELDS = ['civicNumber', 'street', 'apartment', 'city', 'postalCode'] as const;

/** Who changes families (the panel's matrix says the same): clerks and administrators; only administrators delete. */
const FAMILY_WRITERS: StaffRole[] = ['clerk', 'administrator'];
const DELETERS: StaffRole[] = ['administrator'];

/**
 * A clerk's changes to a family (D2, issue #8): members added (found by dossier number or new, with
 * a new number), removed (the person stays), moved, their relationship and dependent flag, and the
 * household's phones. Each change locks its households, keeps exactly one holder of 18 or more
 * (`holderProblem`) and writes its audit lines in its own transaction.
 */
@Injectable()
export class HouseholdsService {
  private readonly logger = new Logger('Households');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly numbers: DossierNumberService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(REGISTRATION_CONFIG) private readonly config: Pick<RegistrationConfig, 'residentCities'>,
  ) {}

  /** R2: resident by a clerk's decision, else by the address's city (RESIDENT_CITIES). */
  residency(household: Pick<Household, 'address' | 'residentOverride' | 'residentOverrideReason'>): Residency {
    const override = household.residentOverride === null ? null : Boolean(household.residentOverride);
    return {
      resident: isResident({ city: household.address.city, residentOverride: override }, this.config.residentCities),
      decidedBy: override === null ? 'address' : 'override',
      reason: override === null ? null : household.residentOverrideReason,
    };
  }

  /**
   * R2: a clerk treats the household as resident or non-resident whatever its address, or lets its
   * address decide again, with a required reason: one audit line, the decision and the residency
   * it gives before and after, the reason as its note. The family's next hold follows it (price,
   * opening time); what is already registered keeps its amount.
   */
  async setResidency(command: SetResidency, actor: Actor): Promise<Residency> {
    requireRight(actor, 'households', 'setResidency');
    if (!(RESIDENCY_CHOICES as readonly string[]).includes(command.residency)) throw new ValidationFailed([{ field: 'residency', code: 'residency_invalid' }]);
    const choice = command.residency as ResidencyChoice;
    const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
    if (!reason) throw new ValidationFailed([{ field: 'note', code: 'residency_reason_required' }]);
    const problem = textProblem(reason, { max: 500, multiline: true });
    if (problem) throw new ValidationFailed([{ field: 'note', code: problem }]);
    const after = await inTransaction(this.dataSource, async (manager) => {
      await this.lock(manager, [command.householdId]);
      const household = await manager.findOneByOrFail(Household, { id: command.householdId });
      const before = this.residency(household);
      const changed = { ...household, residentOverride: overrideOf(choice), residentOverrideReason: choice === 'address' ? null : reason };
      const decided = this.residency(changed);
      const state = (h: Pick<Household, 'residentOverride'>, r: Residency) => ({ residency: choiceOf(h.residentOverride === null ? null : Boolean(h.residentOverride)), resident: r.resident });
      await manager.update(Household, { id: command.householdId }, { residentOverride: changed.residentOverride, residentOverrideReason: changed.residentOverrideReason });
      await this.audit.record(manager, { actor, action: 'setResidency', resource: 'households', recordId: command.householdId, changes: changesBetween(state(household, before), state(changed, decided)), note: reason });
      return decided;
    });
    this.logger.log({ householdId: command.householdId, residency: choice, actor: actorLabel(actor) }, 'Household residency set');
    return after;
  }

  async addMember(command: AddMember, actor: Actor): Promise<{ personId: number; dossierNumber: string }> {
    requireRole(actor, FAMILY_WRITERS);
    checkNote(command.note);
    const role = this.role(command.role);
    const number = command.person ? null : normalizeDossierNumber(command.dossierNumber ?? '');
    if (number === '') throw new ValidationFailed([{ field: 'dossierNumber', code: 'required' }]);
    const input = command.person ? this.newPerson(command.person) : null;
    let added: { personId: number; dossierNumber: string };
    try {
      added = await inTransaction(this.dataSource, (manager) => this.addMemberIn(manager, command, role, number === null ? { input: input! } : { number }, actor));
    } catch (error) {
      // Two clerks adding the same person at once: the unique index on (household, person) stops the second.
      if (isUniqueViolation(error)) throw new ValidationFailed([{ field: 'dossierNumber', code: 'member_already' }]);
      throw error;
    }
    this.logger.log({ householdId: command.householdId, personId: added.personId, actor: actorLabel(actor) }, 'Household member added');
    return added;
  }

  /**
   * A new family in the caller's transaction (an approved dossier-number request): the household,
   * its phones and each member, new persons with new numbers, checked and written by the same steps,
   * with the same audit lines, as a clerk creating the household and adding its members by hand.
   */
  async createFamily(manager: EntityManager, family: NewFamily, actor: Actor, note: string | null): Promise<{ householdId: number; persons: NewMemberResult[] }> {
    const householdId = await this.insertHousehold(manager, normalizeAddress(this.address(family.address)), actor, note);
    await this.writePhones(manager, householdId, this.phoneNumbers(family.phones), actor, note);
    return { householdId, persons: await this.addNewMembers(manager, householdId, family.members, actor, note) };
  }

  /** New persons added to an existing household in the caller's transaction, as `addMember` adds each. */
  async addNewMembers(manager: EntityManager, householdId: number, members: NewMember[], actor: Actor, note: string | null): Promise<NewMemberResult[]> {
    const added: NewMemberResult[] = [];
    for (const member of members) {
      const change = { householdId, note };
      const { personId, dossierNumber } = await this.addMemberIn(manager, change, member.role, { input: this.newPerson(member.person) }, actor);
      added.push({ personId, dossierNumber, role: member.role });
    }
    return added;
  }

  /** One member added, in the caller's transaction: its household locked, the holder rule kept, three audit lines. */
  private async addMemberIn(
    manager: EntityManager,
    command: MemberChange & { dependent?: boolean },
    role: MemberRole,
    who: { number: string } | { input: ReturnType<HouseholdsService['newPerson']> },
    actor: Actor,
  ): Promise<{ personId: number; dossierNumber: string }> {
    await this.lock(manager, [command.householdId]);
    const before = await this.members(manager, command.householdId);
    const found = 'number' in who ? await manager.findOneBy(Person, { dossierNumber: who.number }) : null;
    if ('number' in who && !found) throw new ValidationFailed([{ field: 'dossierNumber', code: 'dossier_number_unknown' }]);
    if (found && before.some((m) => m.personId === found.id)) throw new ValidationFailed([{ field: 'dossierNumber', code: 'member_already' }]);
    const birthDate = found?.birthDate ?? ('input' in who ? who.input.birthDate : '');
    this.keepHolder(before, [...before, { role, birthDate } as MemberRow], 'role');
    let person = found;
    if (!person) {
      const input = (who as { input: ReturnType<HouseholdsService['newPerson']> }).input;
      person = await manager.save(manager.create(Person, { ...input, dossierNumber: await this.numbers.allocate(manager) }));
      await this.audit.record(manager, { actor, action: 'create', resource: 'persons', recordId: person.id, changes: changesBetween(null, { ...person }, PERSON_FIELDS), note: command.note });
    }
    const householdsBefore = found ? await this.householdIds(manager, person.id) : [];
    await manager.insert(Membership, { householdId: command.householdId, personId: person.id, role, dependent: command.dependent ?? role === 'child' });
    await this.recordMembers(manager, actor, 'addMember', command, before);
    await this.recordPersonHouseholds(manager, actor, 'addMember', person.id, householdsBefore, command.note);
    return { personId: person.id, dossierNumber: person.dossierNumber };
  }

  /** The person leaves the household and stays known to the city (their dossier number is never lost). */
  async removeMember(command: RemoveMember, actor: Actor): Promise<void> {
    requireRole(actor, FAMILY_WRITERS);
    checkNote(command.note);
    await inTransaction(this.dataSource, async (manager) => {
      await this.lock(manager, [command.householdId]);
      const before = await this.members(manager, command.householdId);
      this.member(before, command.personId);
      this.keepHolder(before, before.filter((m) => m.personId !== command.personId), 'personId');
      const householdsBefore = await this.householdIds(manager, command.personId);
      await manager.delete(Membership, { householdId: command.householdId, personId: command.personId });
      await this.recordMembers(manager, actor, 'removeMember', command, before);
      await this.recordPersonHouseholds(manager, actor, 'removeMember', command.personId, householdsBefore, command.note);
    });
    this.logger.log({ householdId: command.householdId, actor: actorLabel(actor) }, 'Household member removed');
  }

  async moveMember(command: MoveMember, actor: Actor): Promise<void> {
    requireRole(actor, FAMILY_WRITERS);
    checkNote(command.note);
    if (command.toHouseholdId === command.householdId) throw new ValidationFailed([{ field: 'toHouseholdId', code: 'household_same' }]);
    const role = command.role === undefined || command.role === '' ? undefined : this.role(command.role);
    await inTransaction(this.dataSource, async (manager) => {
      await this.lock(manager, [command.householdId, command.toHouseholdId], 'toHouseholdId');
      const from = await this.members(manager, command.householdId);
      const to = await this.members(manager, command.toHouseholdId);
      const moving = this.member(from, command.personId);
      if (to.some((m) => m.personId === command.personId)) throw new ValidationFailed([{ field: 'toHouseholdId', code: 'member_already' }]);
      const moved: MemberRow = { ...moving, role: role ?? moving.role, dependent: command.dependent ?? moving.dependent };
      this.keepHolder(from, from.filter((m) => m.personId !== moving.personId), 'personId');
      this.keepHolder(to, [...to, moved], 'role');
      const householdsBefore = await this.householdIds(manager, moving.personId);
      await manager.update(Membership, { householdId: command.householdId, personId: moving.personId }, { householdId: command.toHouseholdId, role: moved.role, dependent: moved.dependent });
      const note = command.note?.trim() || null;
      await this.recordMembers(manager, actor, 'moveMember', { householdId: command.householdId, note: note ?? `→ #${command.toHouseholdId}` }, from);
      await this.recordMembers(manager, actor, 'moveMember', { householdId: command.toHouseholdId, note: note ?? `← #${command.householdId}` }, to);
      await this.recordPersonHouseholds(manager, actor, 'moveMember', moving.personId, householdsBefore, note);
    });
    this.logger.log({ householdId: command.householdId, toHouseholdId: command.toHouseholdId, actor: actorLabel(actor) }, 'Household member moved');
  }

  async setMemberRole(command: SetMemberRole, actor: Actor): Promise<void> {
    requireRole(actor, FAMILY_WRITERS);
    checkNote(command.note);
    const role = this.role(command.role);
    await inTransaction(this.dataSource, async (manager) => {
      await this.lock(manager, [command.householdId]);
      const before = await this.members(manager, command.householdId);
      this.member(before, command.personId);
      const after = before.map((m): MemberRow => {
        if (m.personId === command.personId) return { ...m, role, dependent: command.dependent };
        return role === 'holder' && m.role === 'holder' ? { ...m, role: 'adult' } : m;
      });
      this.keepHolder(before, after, 'role');
      for (const m of after) {
        const was = before.find((b) => b.personId === m.personId)!;
        if (was.role !== m.role || was.dependent !== m.dependent) {
          await manager.update(Membership, { householdId: command.householdId, personId: m.personId }, { role: m.role, dependent: m.dependent });
        }
      }
      await this.recordMembers(manager, actor, 'setMemberRole', command, before);
    });
    this.logger.log({ householdId: command.householdId, actor: actorLabel(actor) }, 'Household member role set');
  }

  /** The address, checked and normalised as the request form's and the import's (`A1A 1A1`, spaces collapsed). */
  async setAddress(command: SetAddress, actor: Actor): Promise<void> {
    requireRole(actor, FAMILY_WRITERS);
    checkNote(command.note);
    await inTransaction(this.dataSource, async (manager) => {
      await this.lock(manager, [command.householdId]);
      const household = await manager.findOneByOrFail(Household, { id: command.householdId });
      const before: Address = { ...household.address };
      const after = normalizeAddress(this.address({ ...before, ...command.address }));
      const changes = changesBetween({ ...before }, { ...after });
      if (!Object.keys(changes).length) return;
      await manager.update(Household, { id: command.householdId }, { address: after });
      // The adapter's action name for an edit, so that a household's history reads alike whichever path wrote it.
      await this.audit.record(manager, { actor, action: 'update', resource: 'households', recordId: command.householdId, changes, note: command.note });
    });
    this.logger.log({ householdId: command.householdId, actor: actorLabel(actor) }, 'Household address set');
  }

  async setPhones(command: SetPhones, actor: Actor): Promise<void> {
    requireRole(actor, FAMILY_WRITERS);
    checkNote(command.note);
    const numbers = this.phoneNumbers(command.phones);
    await inTransaction(this.dataSource, async (manager) => {
      await this.lock(manager, [command.householdId]);
      await this.writePhones(manager, command.householdId, numbers, actor, command.note);
    });
    this.logger.log({ householdId: command.householdId, actor: actorLabel(actor) }, 'Household phones set');
  }

  /** The numbers given, checked and normalised by kind ('' removes that kind's number). */
  private phoneNumbers(phones: Partial<Record<PhoneKind, string>>): Map<PhoneKind, string | null> {
    const errors: FieldError[] = [];
    const numbers = new Map<PhoneKind, string | null>();
    for (const kind of PHONE_KINDS) {
      const raw = phones[kind];
      if (raw === undefined) continue;
      if (!raw.trim()) {
        numbers.set(kind, null);
        continue;
      }
      const number = normalizePhone(raw);
      if (!number || number.length > 32) errors.push({ field: phoneField(kind), code: 'phone_invalid' });
      else numbers.set(kind, number);
    }
    if (errors.length) throw new ValidationFailed(errors);
    return numbers;
  }

  private async writePhones(manager: EntityManager, householdId: number, numbers: Map<PhoneKind, string | null>, actor: Actor, note?: string | null): Promise<void> {
    const phones = await manager.find(HouseholdPhone, { where: { householdId }, order: { id: 'ASC' } });
    const state = (list: Array<{ kind: PhoneKind; number: string }>) =>
      Object.fromEntries(PHONE_KINDS.map((kind) => [phoneField(kind), list.filter((p) => p.kind === kind).map((p) => p.number).join(', ') || null]));
    const before = state(phones);
    for (const [kind, number] of numbers) {
      await manager.delete(HouseholdPhone, { householdId, kind });
      if (number) await manager.insert(HouseholdPhone, { householdId, kind, number });
    }
    const after = state(await manager.find(HouseholdPhone, { where: { householdId }, order: { id: 'ASC' } }));
    const changes = changesBetween(before, after);
    if (Object.keys(changes).length) await this.audit.record(manager, { actor, action: 'editPhones', resource: 'households', recordId: householdId, changes, note });
  }

  /** A household without members yet (its first member is its holder: `keepHolder`), at a checked address. */
  async createHousehold(input: Partial<Record<keyof AddressInput, FormText>>, actor: Actor): Promise<number> {
    requireRole(actor, FAMILY_WRITERS);
    const address = normalizeAddress(this.address(input));
    const id = await inTransaction(this.dataSource, (manager) => this.insertHousehold(manager, address, actor, null));
    this.logger.log({ householdId: id, actor: actorLabel(actor) }, 'Household created');
    return id;
  }

  /** The one place a household is created (the panel's new household, an approved request), with its audit line. */
  private async insertHousehold(manager: EntityManager, address: Address, actor: Actor, note: string | null): Promise<number> {
    const { id } = await manager.save(manager.create(Household, { address }));
    await this.audit.recordWrite(manager, { actor, action: 'create', resource: 'households', recordId: id, before: null, after: { ...address }, fields: ADDRESS_FIELDS, note });
    return id;
  }

  /** The household, its memberships and phones go; its members stay known to the city. */
  async deleteHousehold(householdId: number, actor: Actor): Promise<void> {
    requireRole(actor, DELETERS);
    await inTransaction(this.dataSource, async (manager) => {
      await this.lock(manager, [householdId]);
      const household = await manager.findOneByOrFail(Household, { id: householdId });
      await manager.delete(Household, { id: householdId });
      await this.audit.recordWrite(manager, { actor, action: 'delete', resource: 'households', recordId: householdId, before: { ...household.address }, after: null, fields: ADDRESS_FIELDS });
    });
    this.logger.log({ householdId, actor: actorLabel(actor) }, 'Household deleted');
  }

  /**
   * The fields given of a person (`checkPerson`). A new date of birth may not make a household's
   * holder a minor; the date as it was goes through (a legacy holder under 18 can still have a phone fixed).
   */
  /**
   * A person's fields changed. A new dossier number (the key residents and the old invoices know the
   * person by) needs an administrator, or a reason that the audit line keeps (`dossierNumberReason`).
   */
  async updatePerson(personId: number, input: PersonInput & { dossierNumberReason?: FormText }, actor: Actor): Promise<void> {
    requireRole(actor, FAMILY_WRITERS);
    const { dossierNumberReason, ...fields } = input;
    const reason = dossierNumberReason?.trim() || null;
    const check = new FieldCheck();
    const values = checkPerson(check, fields, this.clock.today());
    const reasonProblem = reason ? textProblem(reason, FREE_TEXT) : null;
    if (reasonProblem) check.fail('dossierNumberReason', reasonProblem);
    check.done();
    await inTransaction(this.dataSource, async (manager) => {
      const person = await manager.findOneBy(Person, { id: personId });
      if (!person) throw new DomainError('not_found', 404);
      const renumbered = values.dossierNumber !== undefined && values.dossierNumber !== person.dossierNumber;
      if (renumbered && !reason && !hasRight(actor, 'persons', 'renumber')) throw new ValidationFailed([{ field: 'dossierNumber', code: 'dossier_number_reason_required' }]);
      const { birthDate } = values;
      if (birthDate && birthDate !== person.birthDate && ageOn(birthDate, this.clock.today()) < ADULT_AGE && (await manager.existsBy(Membership, { personId, role: 'holder' }))) {
        throw new ValidationFailed([{ field: 'birthDate', code: 'holder_minor' }]);
      }
      await manager.update(Person, { id: personId }, values);
      await this.audit.recordWrite(manager, { actor, action: 'update', resource: 'persons', recordId: personId, before: { ...person }, after: { ...person, ...values }, fields: PERSON_FIELDS, note: renumbered ? reason : null });
    });
    this.logger.log({ personId, actor: actorLabel(actor) }, 'Person updated');
  }

  /**
   * A person known to the city deleted: never one linked to a resident account, nor the holder of
   * a household with other members (the household would be left without its holder).
   */
  async deletePerson(personId: number, actor: Actor): Promise<void> {
    requireRole(actor, DELETERS);
    await inTransaction(this.dataSource, async (manager) => {
      const person = await manager.findOneBy(Person, { id: personId });
      if (!person) throw new DomainError('not_found', 404);
      if (person.accountId !== null) throw new DomainError('forbidden', 403);
      const held = (await manager.find(Membership, { where: { personId, role: 'holder' } })).map((m) => m.householdId);
      if (held.length) await lockHouseholds(manager, held);
      for (const householdId of held) {
        if ((await this.members(manager, householdId)).some((m) => m.personId !== personId)) throw new ValidationFailed([{ field: 'personId', code: 'holder_missing' }]);
      }
      await manager.delete(Person, { id: personId });
      await this.audit.recordWrite(manager, { actor, action: 'delete', resource: 'persons', recordId: personId, before: { ...person }, after: null, fields: PERSON_FIELDS });
    });
    this.logger.log({ personId, actor: actorLabel(actor) }, 'Person deleted');
  }

  private async members(manager: EntityManager, householdId: number): Promise<MemberRow[]> {
    const rows = await manager.find(Membership, { where: { householdId }, relations: { person: true }, order: { id: 'ASC' } });
    return rows.map((m) => ({
      personId: m.personId,
      dossierNumber: m.person.dossierNumber,
      firstName: m.person.firstName,
      lastName: m.person.lastName,
      birthDate: m.person.birthDate,
      role: m.role,
      dependent: Boolean(m.dependent),
    }));
  }

  /** The households locked (`lockHouseholds`), so that two clerks changing one family at once see each other's change: two holders never pass. */
  private async lock(manager: EntityManager, ids: number[], missingField?: string): Promise<void> {
    const found = await lockHouseholds(manager, ids);
    if (!found.has(ids[0])) throw new DomainError('household_not_found', 404);
    if (ids.some((id) => !found.has(id))) throw new ValidationFailed([{ field: missingField ?? 'householdId', code: 'household_unknown' }]);
  }

  private member(rows: MemberRow[], personId: number): MemberRow {
    const row = rows.find((m) => m.personId === personId);
    if (!row) throw new ValidationFailed([{ field: 'personId', code: 'member_unknown' }]);
    return row;
  }

  /**
   * A change may not bring the household into a holder problem it did not already have (a legacy
   * household without a holder); a household without members (new from the panel) starts with its holder.
   */
  private keepHolder(before: MemberRow[], after: MemberRow[], field: string): void {
    const today = this.clock.today();
    const problem = holderProblem(after, today);
    if (!problem) return;
    if (before.length === 0) throw new ValidationFailed([{ field, code: problem === 'holder_missing' ? 'holder_first' : problem }]);
    if (problem !== holderProblem(before, today)) throw new ValidationFailed([{ field, code: problem }]);
  }

  private role(raw: string): MemberRole {
    if (!(MEMBER_ROLES as readonly string[]).includes(raw)) throw new ValidationFailed([{ field: 'role', code: 'role_invalid' }]);
    return raw as MemberRole;
  }

  /** Every field of an address checked at once (`checkAddress`). */
  private address(input: Partial<Record<keyof AddressInput, FormText>>): AddressInput {
    const check = new FieldCheck();
    const address = checkAddress(check, input);
    check.done();
    return address;
  }

  /** Every field of a new person checked at once (`checkPerson`), as the API, the panel and the import check them. */
  private newPerson(input: NewPersonInput): Omit<PersonValues, 'dossierNumber'> {
    const check = new FieldCheck();
    const { dossierNumber: _none, ...person } = checkPerson(check, { firstName: input.firstName, lastName: input.lastName, birthDate: input.birthDate, email: input.email ?? null, phone: input.phone ?? null }, this.clock.today());
    check.done();
    return person as Omit<PersonValues, 'dossierNumber'>;
  }

  private householdIds(manager: EntityManager, personId: number): Promise<number[]> {
    return manager.find(Membership, { where: { personId }, order: { householdId: 'ASC' } }).then((rows) => rows.map((m) => m.householdId));
  }

  /** The household's line: each member whose role or dependent flag changed, before and after. */
  private async recordMembers(manager: EntityManager, actor: Actor, action: string, change: MemberChange, before: MemberRow[]): Promise<void> {
    const changes = memberChanges(before, await this.members(manager, change.householdId));
    await this.audit.record(manager, { actor, action, resource: 'households', recordId: change.householdId, changes, note: change.note });
  }

  /** The person's line: the households they belong to, before and after. */
  private async recordPersonHouseholds(manager: EntityManager, actor: Actor, action: string, personId: number, before: number[], note?: string | null): Promise<void> {
    const changes = changesBetween({ households: before }, { households: await this.householdIds(manager, personId) });
    await this.audit.record(manager, { actor, action, resource: 'persons', recordId: personId, changes, note });
  }
}
