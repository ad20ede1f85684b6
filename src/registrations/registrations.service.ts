import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import { type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError, type PersonError } from '../common/domain-error.js';
import { REGISTRATION_CONFIG, type RegistrationConfig } from '../config/app-config.js';
import { isUniqueViolation } from '../database/transaction.js';
import { Offering } from '../activities/offering.entity.js';
import { Household } from '../dossiers/household.entity.js';
import type { Person } from '../dossiers/person.entity.js';
import type { OfferingFacts } from '../notifications/templates.js';
import { requireRight } from '../staff/roles.js';
import { Checkout } from './checkout.entity.js';
import type { ClaimKind } from './claim-person.entity.js';
import { familyAndOffering, familyOfAccount, familyOfHouseholds, type Family } from './family.js';
import { Hold, type HoldStatus } from './hold.entity.js';
import { withOfferingsLocked } from './offering-lock.js';
import { Registration } from './registration.entity.js';
import { offeringFacts, personName, recipientOf, RegistrationEmails, type Recipient } from './registration-emails.js';
import { execute, hydrate, insertValues, placeholders, sqlTime } from './raw-sql.js';
import { ageOn, remainingSeats, staffReason } from './registration-rules.js';
import { writeRegistrations, type RegistrationView } from './registration-writer.js';
import { countDuplicates, countSeats, countSeatsAndDuplicates } from './seat-ledger.js';
import { WaitingRoomService } from './waiting-room.service.js';
import { WaitlistService } from './waitlist.service.js';

export interface HoldView {
  id: number;
  code: string;
  personIds: number[];
  expiresAt: string;
  amount: number;
}

export interface CheckoutAnswer {
  status: number;
  body: unknown;
}

/** What a claim (a hold, a waitlist entry) asks for: an offering and some members of the family, all or none (siblings together). */
export interface Claim {
  offering: Offering;
  family: Family;
  persons: Person[];
  /** Cents, for all the persons: the resident or the non-resident price (R2). */
  amount: number;
}

/**
 * Holds, checkout and cancellation (SPEC R3, R4, R7): the one writer of holds and registrations.
 * Seats are counted from rows under the offering's lock, at the clock's time; a hold is all the
 * listed members or none.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
    private readonly clock: Clock,
    private readonly waitingRoom: WaitingRoomService,
    private readonly waitlist: WaitlistService,
    private readonly emails: RegistrationEmails,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The checks of R3 that need no lock: the offering exists, every person is of the family, the
   * family's opening time has come and the offering has not closed, every person's age fits on the
   * reference date (each refused person named).
   */
  async prepareClaim(manager: EntityManager, family: Family, code: string, personIds: number[], now: Date, options: { checkOpening?: boolean; offering?: Offering | null } = {}): Promise<Claim> {
    const offering = options.offering !== undefined ? options.offering : await offeringOfCode(manager, code);
    if (!offering) throw new DomainError('offering_not_found', 404);
    const persons = personIds.map((id) => family.members.get(id));
    if (persons.some((p) => !p)) throw new DomainError('not_household_member', 403);
    if (options.checkOpening ?? true) this.checkOpen(offering, family, now);
    const refused: PersonError[] = [];
    for (const person of persons as Person[]) {
      const age = ageOn(person.birthDate, offering.ageOn);
      if (age < offering.ageMin || age > offering.ageMax) refused.push(ageRefusal(person, age, offering));
    }
    if (refused.length) throw new DomainError('age_ineligible', 422, { personErrors: refused });
    const price = family.resident ? offering.priceResident : offering.priceNonResident;
    return { offering, family, persons: persons as Person[], amount: price * persons.length };
  }

  /** The family's opening time has come (residents', or non-residents') and the offering has not closed. */
  checkOpen(offering: Offering, family: Family, now: Date): void {
    const opensAt = family.resident ? offering.residentsOpenAt : offering.nonResidentsOpenAt;
    if (now.getTime() < opensAt.getTime()) throw new DomainError('not_open', 409, { members: { opensAt: this.clock.iso(opensAt) } });
    if (now.getTime() >= offering.closesAt.getTime()) throw new DomainError('registration_closed', 409);
  }

  /** R3: none of the persons is registered, holding a live seat, waiting or offered for this offering. */
  async refuseDuplicates(manager: EntityManager, offeringId: number, personIds: number[], now: Date): Promise<void> {
    if (await countDuplicates(manager, offeringId, personIds, now)) throw alreadyRegistered();
  }

  async addClaimPersons(manager: EntityManager, kind: ClaimKind, claimId: number, offeringId: number, personIds: number[]): Promise<void> {
    await manager.query(...insertValues('claim_persons', ['kind', 'claimId', 'personId', 'offeringId'], personIds.map((personId) => [kind, claimId, personId, offeringId])));
  }

  /** A hold's row (live, or checked out at once at the counter); its id. */
  private async insertHold(manager: EntityManager, hold: { offeringId: number; householdId: number; accountId: number | null; seats: number; amount: number; status: HoldStatus; expiresAt: Date }): Promise<number> {
    const columns = ['offeringId', 'householdId', 'accountId', 'seats', 'amount', 'status', 'expiresAt'] as const;
    const values = columns.map((column) => (column === 'expiresAt' ? sqlTime(manager, hold.expiresAt) : hold[column]));
    return (await execute(manager, ...insertValues('holds', columns, [values]))).id;
  }

  /**
   * POST /me/holds: seats for every listed member, or none (R4), for HOLD_MINUTES. The registration
   * night's hottest path, in about ten statements: the family and the offering (one join) before
   * the lock; under it (lock and certification write), the waiting room's gate (nothing to read once
   * the room has ended), the duplicates and the seats in one statement, the hold and its persons.
   */
  async hold(accountId: number, code: string, personIds: number[]): Promise<HoldView> {
    const now = this.clock.now();
    const { family, offering: asked } = await familyAndOffering(this.dataSource.manager, accountId, code, this.config.residentCities);
    // The opening is checked after the waiting room's gate: a hold asked in the minutes before the
    // opening enters the room (R5) rather than only hearing `not_open`.
    const claim = await this.prepareClaim(this.dataSource.manager, family, code, personIds, now, { checkOpening: false, offering: asked });
    const offeringId = claim.offering.id;
    return withOfferingsLocked(this.dataSource, [offeringId], now, async (manager, offerings) => {
      const offering = offerings.get(offeringId)!;
      await this.waitingRoom.gate(manager, family.householdId, offering, family.resident, now);
      this.checkOpen(offering, family, now);
      const { seats, duplicates } = await countSeatsAndDuplicates(manager, offeringId, personIds, now);
      if (duplicates) throw alreadyRegistered();
      if (remainingSeats(offering.capacity, seats.taken, seats.waiting) < personIds.length) throw new DomainError('offering_full', 409);
      const expiresAt = new Date(now.getTime() + this.config.registration.holdMinutes * 60_000);
      const holdId = await this.insertHold(manager, { offeringId, householdId: family.householdId, accountId, seats: personIds.length, amount: claim.amount, status: 'live', expiresAt });
      await this.addClaimPersons(manager, 'hold', holdId, offeringId, personIds);
      return { id: holdId, code: offering.code, personIds, expiresAt: this.clock.iso(expiresAt), amount: claim.amount };
    });
  }

  /** POST /me/waitlist (R6): the members as one entry, when the offering cannot take them now. */
  async joinWaitlist(accountId: number, code: string, personIds: number[]): Promise<{ id: number; position: number }> {
    const now = this.clock.now();
    const family = await familyOfAccount(this.dataSource.manager, accountId, this.config.residentCities);
    const claim = await this.prepareClaim(this.dataSource.manager, family, code, personIds, now);
    return withOfferingsLocked(this.dataSource, [claim.offering.id], now, async (manager, offerings) => {
      await this.refuseDuplicates(manager, claim.offering.id, personIds, now);
      return this.waitlist.join(manager, { ...claim, offering: offerings.get(claim.offering.id)! }, accountId, now);
    });
  }

  /** DELETE /me/holds/:id: the seats go back (to the waitlist first, R6). */
  async release(accountId: number, holdId: number): Promise<void> {
    const hold = await this.dataSource.manager.findOneBy(Hold, { id: holdId, accountId });
    if (!hold) throw new DomainError('hold_not_found', 404);
    if (hold.status !== 'live') return;
    const now = this.clock.now();
    await withOfferingsLocked(this.dataSource, [hold.offeringId], now, async (manager, offerings) => {
      const released = await manager.update(Hold, { id: hold.id, status: 'live' }, { status: 'released' });
      if (released.affected) await this.waitlist.offerFreedSeats(manager, offerings.get(hold.offeringId)!, now);
    });
  }

  /**
   * POST /me/registrations: the holds become registrations, once per Idempotency-Key (R4). The key
   * is claimed first; a retry reads the first answer, a duplicate still running gets 409
   * `checkout_in_progress` after a short wait. An answer that depends on a passing condition (the
   * service too busy) frees the key for a retry.
   */
  async checkout(accountId: number, key: string, holdIds: number[]): Promise<CheckoutAnswer> {
    const claimed = await this.claimKey(accountId, key);
    if (!claimed) return this.replay(accountId, key, holdIds);
    try {
      const body = await this.checkoutHolds(accountId, holdIds);
      return await this.keep(claimed, { status: 201, body });
    } catch (error) {
      if (error instanceof DomainError && error.status < 500) {
        // The same key answers the same refusal (a retry does not turn it into something else).
        await this.keep(claimed, { status: error.status, body: { code: error.code, members: error.extra.members ?? {} } });
      } else {
        await this.dataSource.manager.delete(Checkout, { id: claimed });
      }
      throw error;
    }
  }

  private async claimKey(accountId: number, idempotencyKey: string): Promise<number | null> {
    try {
      return (await execute(this.dataSource.manager, 'INSERT INTO `checkouts` (`accountId`, `idempotencyKey`) VALUES (?, ?)', [accountId, idempotencyKey])).id;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  private async keep(id: number, answer: CheckoutAnswer): Promise<CheckoutAnswer> {
    await this.dataSource.manager.query('UPDATE `checkouts` SET `responseStatus` = ?, `responseBody` = ? WHERE `id` = ?', [answer.status, JSON.stringify(answer.body), id]);
    return answer;
  }

  private async replay(accountId: number, idempotencyKey: string, holdIds: number[]): Promise<CheckoutAnswer> {
    for (let waited = 0; waited < 5000; waited += 100) {
      const first = await this.dataSource.manager.findOneBy(Checkout, { accountId, idempotencyKey });
      // The first attempt failed on a passing condition and freed the key: this one runs.
      if (!first) return this.checkout(accountId, idempotencyKey, holdIds);
      if (first.responseStatus !== null) {
        const body = JSON.parse(first.responseBody ?? 'null') as { code?: string; members?: Record<string, string | number | boolean | null> };
        if (first.responseStatus >= 400) throw new DomainError(body.code as 'hold_expired', first.responseStatus as 409, { members: body.members });
        return { status: first.responseStatus, body };
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new DomainError('checkout_in_progress', 409);
  }

  /**
   * The holds of the account, each with what never changes once it is made (its offering, persons
   * and amount) and what the confirmation email needs (the activity's name, the persons' names, the
   * account's address): one statement, before the lock.
   */
  private async heldClaims(accountId: number, holdIds: number[]): Promise<{ holds: Map<number, HeldClaim>; to: Recipient | null }> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.manager.query(
      `SELECT h.*, c.\`personId\` AS \`c_personId\`, p.\`firstName\` AS \`p_firstName\`, p.\`lastName\` AS \`p_lastName\`, t.\`name\` AS \`t_name\`,
         a.\`email\` AS \`a_email\`, a.\`firstName\` AS \`a_firstName\`, a.\`locale\` AS \`a_locale\`
       FROM \`holds\` h
       JOIN \`offerings\` o ON o.\`id\` = h.\`offeringId\`
       JOIN \`activities\` t ON t.\`id\` = o.\`activityId\`
       LEFT JOIN \`accounts\` a ON a.\`id\` = h.\`accountId\`
       LEFT JOIN \`claim_persons\` c ON c.\`kind\` = 'hold' AND c.\`claimId\` = h.\`id\`
       LEFT JOIN \`persons\` p ON p.\`id\` = c.\`personId\`
       WHERE h.\`id\` IN (${placeholders(holdIds.length)}) AND h.\`accountId\` = ?
       ORDER BY h.\`id\`, c.\`personId\``,
      [...holdIds, accountId],
    );
    const holds = new Map<number, HeldClaim>();
    for (const row of rows) {
      const id = Number(row.id);
      let held = holds.get(id);
      if (!held) holds.set(id, (held = { hold: hydrate(this.dataSource.manager, Hold, row), activity: String(row.t_name), personIds: [], names: [] }));
      if (row.c_personId === null || row.c_personId === undefined) continue;
      held.personIds.push(Number(row.c_personId));
      if (row.p_firstName !== null && row.p_firstName !== undefined) held.names.push(personName({ firstName: String(row.p_firstName), lastName: String(row.p_lastName) }));
    }
    const account = rows[0];
    const to = account && account.a_email != null ? recipientOf({ email: String(account.a_email), firstName: String(account.a_firstName), locale: String(account.a_locale) }) : null;
    return { holds, to };
  }

  /**
   * The holds become registrations under their offerings' lock: each hold re-checked live and
   * spent in one UPDATE, its registrations in one INSERT, the email's row in the outbox, in one
   * transaction. What the email says was read before the lock (`heldClaims`).
   */
  private async checkoutHolds(accountId: number, holdIds: number[]): Promise<{ registrations: RegistrationView[]; total: number }> {
    const now = this.clock.now();
    const { holds, to } = await this.heldClaims(accountId, holdIds);
    if (holds.size !== new Set(holdIds).size) throw new DomainError('hold_not_found', 404);
    return withOfferingsLocked(this.dataSource, [...holds.values()].map((h) => h.hold.offeringId), now, async (manager, offerings) => {
      const registrations: RegistrationView[] = [];
      const confirmed: OfferingFacts[] = [];
      for (const id of [...holds.keys()].sort((a, b) => a - b)) {
        const { hold, activity, personIds, names } = holds.get(id)!;
        // Re-checked under the lock: a live hold's seats were counted for it, an expired one's were not.
        const spent = await execute(manager, "UPDATE `holds` SET `status` = 'checked_out' WHERE `id` = ? AND `status` = 'live' AND `expiresAt` > ?", [id, sqlTime(manager, now)]);
        if (!spent.affected) throw new DomainError('hold_expired', 409);
        const offering = offerings.get(hold.offeringId)!;
        const written = await writeRegistrations(manager, offering, { kind: 'hold', id: hold.id, householdId: hold.householdId, accountId, seats: hold.seats, amount: hold.amount }, personIds);
        registrations.push(...written);
        confirmed.push(offeringFacts(offering, activity, names, written.reduce((sum, r) => sum + r.amount, 0)));
      }
      // One email for the whole checkout, however many holds.
      if (to) await this.emails.confirmedTo(manager, to, confirmed);
      return { registrations, total: registrations.reduce((sum, r) => sum + r.amount, 0) };
    });
  }

  /** GET /me/registrations: the family's registrations, newest first. */
  async list(accountId: number): Promise<Array<RegistrationView & { activity: string; group: string; startsOn: string; firstName: string; lastName: string; createdAt: string; cancelledAt: string | null }>> {
    const family = await familyOfAccount(this.dataSource.manager, accountId, this.config.residentCities);
    const rows = await this.dataSource.manager.find(Registration, { where: { householdId: family.householdId }, order: { id: 'DESC' }, take: 500 });
    const offerings = rows.length ? await this.dataSource.manager.find(Offering, { where: { id: In([...new Set(rows.map((r) => r.offeringId))]) }, relations: { activity: true } }) : [];
    const byId = new Map(offerings.map((o) => [o.id, o]));
    return rows.map((r) => {
      const offering = byId.get(r.offeringId)!;
      const person = family.members.get(r.personId);
      return {
        id: r.id,
        code: offering.code,
        personId: r.personId,
        status: r.status,
        amount: r.amount,
        activity: offering.activity.name,
        group: offering.groupName,
        startsOn: offering.startsOn,
        firstName: person?.firstName ?? '',
        lastName: person?.lastName ?? '',
        createdAt: this.clock.iso(r.createdAt),
        cancelledAt: r.cancelledAt ? this.clock.iso(r.cancelledAt) : null,
      };
    });
  }

  /** DELETE /me/registrations/:id (R7): before the offering starts; the seat goes to the waitlist. */
  async cancel(accountId: number, registrationId: number): Promise<void> {
    const family = await familyOfAccount(this.dataSource.manager, accountId, this.config.residentCities);
    const registration = await this.dataSource.manager.findOneBy(Registration, { id: registrationId, householdId: family.householdId });
    if (!registration) throw new DomainError('registration_not_found', 404);
    await this.cancelUnderLock(registration, async (manager, offering, now) => {
      if (offering.startsOn <= this.clock.today()) throw new DomainError('already_started', 409);
      return manager.update(Registration, { id: registration.id, status: 'confirmed' }, { status: 'cancelled', cancelledAt: now });
    });
  }

  /**
   * R7's one path: the registration is cancelled under its offering's lock (`change` says how, and
   * whether it happened), the family is told, and the seat goes to the waitlist (R6).
   */
  private async cancelUnderLock(registration: Registration, change: (manager: EntityManager, offering: Offering, now: Date) => Promise<{ affected?: number }>): Promise<void> {
    const now = this.clock.now();
    await withOfferingsLocked(this.dataSource, [registration.offeringId], now, async (manager, offerings) => {
      const offering = offerings.get(registration.offeringId)!;
      if (!(await change(manager, offering, now)).affected) return;
      await this.emails.cancelled(manager, registration, offering);
      await this.waitlist.offerFreedSeats(manager, offering, now);
    });
  }

  /**
   * The panel (R7): a clerk cancels any registration, even after the offering started, with a
   * reason kept on the row and in the audit line; the seat goes to the waitlist (R6). Under the
   * offering's lock; 409 `registration_not_confirmed` when it was already cancelled.
   */
  async cancelByStaff(actor: Actor, registrationId: number, reason: string): Promise<void> {
    requireRight(actor, 'registrations', 'cancel');
    const why = staffReason(reason);
    const registration = await this.dataSource.manager.findOneBy(Registration, { id: registrationId });
    if (!registration) throw new DomainError('registration_not_found', 404);
    const cancelledByStaffId = actor.kind === 'staff' ? actor.staffId : null;
    await this.cancelUnderLock(registration, async (manager, _offering, now) => {
      const cancelled = await manager.update(Registration, { id: registration.id, status: 'confirmed' }, { status: 'cancelled', cancelledAt: now, cancelReason: why, cancelledByStaffId });
      if (!cancelled.affected) throw new DomainError('registration_not_confirmed', 409);
      await this.audit.record(manager, { actor, action: 'cancel', resource: 'registrations', recordId: registration.id, changes: { status: { before: 'confirmed', after: 'cancelled' } }, note: why });
      return cancelled;
    });
  }

  /**
   * The panel (R3–R6 at the counter): a clerk registers members of a household through the same
   * rules as a family online (members of the household, age on the reference date, opening and
   * closing times, no duplicate, capacity with the waiting entries under the offering's lock), with
   * no waiting room and no account: a checked-out hold of the clerk's, then the confirmed
   * registrations with the amount to invoice, each with its audit line. No email: the clerk tells the
   * family in person.
   */
  async registerAtCounter(actor: Actor, offeringCode: string, householdId: number, personIds: number[]): Promise<RegistrationView[]> {
    requireRight(actor, 'activities', 'register');
    if (!personIds.length || new Set(personIds).size !== personIds.length || personIds.some((id) => !Number.isSafeInteger(id) || id <= 0)) throw new DomainError('persons_required', 400);
    const now = this.clock.now();
    if (!Number.isSafeInteger(householdId) || !(await this.dataSource.manager.existsBy(Household, { id: householdId }))) throw new DomainError('household_not_found', 404);
    const family = await familyOfHouseholds(this.dataSource.manager, [householdId], this.config.residentCities);
    const claim = await this.prepareClaim(this.dataSource.manager, family, offeringCode, personIds, now);
    const offeringId = claim.offering.id;
    return withOfferingsLocked(this.dataSource, [offeringId], now, async (manager, offerings) => {
      const offering = offerings.get(offeringId)!;
      this.checkOpen(offering, family, now);
      await this.refuseDuplicates(manager, offeringId, personIds, now);
      const seats = (await countSeats(manager, [offeringId], now)).get(offeringId)!;
      if (remainingSeats(offering.capacity, seats.taken, seats.waiting) < personIds.length) throw new DomainError('offering_full', 409);
      const holdId = await this.insertHold(manager, { offeringId, householdId, accountId: null, seats: personIds.length, amount: claim.amount, status: 'checked_out', expiresAt: now });
      await this.addClaimPersons(manager, 'hold', holdId, offeringId, personIds);
      const written = await writeRegistrations(manager, offering, { kind: 'hold', id: holdId, householdId, accountId: null, seats: personIds.length, amount: claim.amount });
      for (const registration of written) {
        await this.audit.record(manager, {
          actor,
          action: 'register',
          resource: 'registrations',
          recordId: registration.id,
          changes: { status: { before: null, after: 'confirmed' }, offering: { before: null, after: offering.code }, personId: { before: null, after: registration.personId }, householdId: { before: null, after: householdId }, amount: { before: null, after: registration.amount } },
          note: 'Inscription au comptoir',
        });
      }
      return written;
    });
  }
}

async function offeringOfCode(manager: EntityManager, code: string): Promise<Offering | null> {
  const [row] = (await manager.query('SELECT * FROM `offerings` WHERE `code` = ?', [code])) as Array<Record<string, unknown>>;
  return row ? hydrate(manager, Offering, row) : null;
}

/** A hold read before the checkout's lock, with what its email says. */
interface HeldClaim {
  hold: Hold;
  activity: string;
  /** Its persons, in id order. */
  personIds: number[];
  /** Their names, for the email. */
  names: string[];
}

function alreadyRegistered(): DomainError<'already_registered'> {
  return new DomainError('already_registered', 409);
}

function ageRefusal(person: Person, age: number, offering: Offering): PersonError {
  const name = `${person.firstName} ${person.lastName}`;
  return {
    personId: person.id,
    code: 'age_ineligible',
    message: {
      fr: `${name} aura ${age} ans le ${offering.ageOn} : l'activité est pour les ${offering.ageMin} à ${offering.ageMax} ans à cette date.`,
      en: `${name} will be ${age} on ${offering.ageOn}: the activity is for ages ${offering.ageMin} to ${offering.ageMax} on that date.`,
    },
  };
}

