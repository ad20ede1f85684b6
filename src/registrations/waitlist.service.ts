import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, Brackets, DataSource, EntityManager, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { REGISTRATION_CONFIG, type RegistrationConfig } from '../config/app-config.js';
import { insertRow } from '../database/insert-row.js';
import { inTransaction } from '../database/transaction.js';
import { Offering } from '../activities/offering.entity.js';
import { ClaimPerson } from './claim-person.entity.js';
import { familyOfAccount } from './family.js';
import { offerReminderDue, offerReminderHorizon, RegistrationEmails } from './registration-emails.js';
import { withOfferingsLocked } from './offering-lock.js';
import { requireRight } from '../staff/roles.js';
import { remainingSeats, staffReason } from './registration-rules.js';
import { writeRegistrations, type RegistrationView } from './registration-writer.js';
import { countSeats } from './seat-ledger.js';
import { WaitlistEntry } from './waitlist-entry.entity.js';
import type { Claim } from './registrations.service.js';

export interface WaitlistView {
  id: number;
  code: string;
  /** What the family waits for, as « Mes inscriptions » names it. */
  activity: string;
  group: string;
  personIds: number[];
  /** Place among the entries still waiting or offered, 1 first; null once accepted, lapsed or left. */
  position: number | null;
  status: string;
  expiresAt: string | null;
  amount: number;
}

/**
 * The place of each entry among the waiting or offered entries of its offering, by rank then id (1
 * first), in one query whatever the number of entries (GET /me/waitlist, the panel's list).
 */
export async function waitlistPositions(manager: EntityManager, entryIds: readonly number[]): Promise<Map<number, number>> {
  if (!entryIds.length) return new Map();
  const rows = await manager
    .createQueryBuilder(WaitlistEntry, 'mine')
    .select('mine.id', 'id')
    .addSelect('COUNT(other.id)', 'ahead')
    .leftJoin(WaitlistEntry, 'other', "other.offeringId = mine.offeringId AND other.status IN ('waiting', 'offered') AND (other.rank < mine.rank OR (other.rank = mine.rank AND other.id < mine.id))")
    .where('mine.id IN (:...entryIds)', { entryIds: [...entryIds] })
    .groupBy('mine.id')
    .getRawMany<{ id: number | string; ahead: number | string }>();
  return new Map(rows.map((row) => [Number(row.id), Number(row.ahead) + 1]));
}

/**
 * The waitlist (R6), the one writer of its entries: siblings as one entry; when seats free, the
 * first entry in order that fits gets an offer that holds the seats for WAITLIST_OFFER_HOURS; an
 * entry that did not fit keeps its place and is served first once enough seats free. Offers past
 * their time lapse and go to the next, at the next look under the offering's lock or at the sweep.
 */
@Injectable()
export class WaitlistService {
  private readonly logger = new Logger('Waitlist');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
    private readonly clock: Clock,
    private readonly emails: RegistrationEmails,
    private readonly audit: AuditLog,
  ) {}

  /** How many of these entries still claim their persons (waiting, or offered and not lapsed). */
  countLiveEntries(manager: EntityManager, entryIds: number[], now: Date): Promise<number> {
    return manager
      .createQueryBuilder(WaitlistEntry, 'w')
      .where({ id: In(entryIds) })
      .andWhere(
        new Brackets((q) => {
          q.where("w.status = 'waiting'").orWhere("(w.status = 'offered' AND w.offerExpiresAt > :now)", { now });
        }),
      )
      .getCount();
  }

  /** POST /me/waitlist: only when the offering cannot take them now (409 `seats_available` otherwise). */
  async join(manager: EntityManager, claim: Claim, accountId: number | null, now: Date): Promise<{ id: number; position: number }> {
    const { offering, persons } = claim;
    await this.lapseOffers(manager, offering, now);
    const seats = (await countSeats(manager, [offering.id], now)).get(offering.id)!;
    if (remainingSeats(offering.capacity, seats.taken, seats.waiting) >= persons.length) throw new DomainError('seats_available', 409);
    const last = await manager.createQueryBuilder(WaitlistEntry, 'w').select('MAX(w.rank)', 'rank').where({ offeringId: offering.id }).getRawOne<{ rank: number | null }>();
    const id = await insertRow(manager, WaitlistEntry, {
      offeringId: offering.id,
      householdId: claim.family.householdId,
      accountId,
      seats: persons.length,
      amount: claim.amount,
      rank: Number(last?.rank ?? 0) + 1,
      status: 'waiting',
      offeredAt: null,
      offerExpiresAt: null,
      reminderSentAt: null,
    });
    await manager.insert(
      ClaimPerson,
      persons.map((p) => ({ kind: 'waitlist' as const, claimId: id, personId: p.id, offeringId: offering.id })),
    );
    const position = await this.positionOf(manager, id);
    await this.emails.waitlistJoined(manager, accountId, { offering, personIds: persons.map((p) => p.id), amount: claim.amount }, position);
    return { id, position };
  }

  /** The place of a waiting or offered entry among those of its offering, by rank. */
  private async positionOf(manager: EntityManager, entryId: number): Promise<number> {
    return (await waitlistPositions(manager, [entryId])).get(entryId)!;
  }

  /** Offers past their time lapse (R6), each told by email: their seats go to the next entries. Under the offering's lock. */
  async lapseOffers(manager: EntityManager, offering: Offering, now: Date): Promise<number> {
    const due = await manager.find(WaitlistEntry, { where: { offeringId: offering.id, status: 'offered', offerExpiresAt: LessThanOrEqual(now) } });
    let count = 0;
    for (const entry of due) {
      const lapsed = await manager.update(WaitlistEntry, { id: entry.id, status: 'offered' }, { status: 'lapsed' });
      if (!lapsed.affected) continue;
      count += 1;
      await this.emails.offerLapsed(manager, entry, offering);
    }
    return count;
  }

  /**
   * Seats freed (a cancellation, a released or expired hold, a lapsed offer, a capacity raised):
   * offers go to the waiting entries in order, each to the first that fits. Under the offering's lock.
   */
  async offerFreedSeats(manager: EntityManager, offering: Offering, now: Date): Promise<number[]> {
    await this.lapseOffers(manager, offering, now);
    const seats = (await countSeats(manager, [offering.id], now)).get(offering.id)!;
    let free = offering.capacity - seats.taken;
    const offered: number[] = [];
    if (free <= 0) return offered;
    const waiting = await manager.find(WaitlistEntry, { where: { offeringId: offering.id, status: 'waiting' }, order: { rank: 'ASC', id: 'ASC' } });
    const expiresAt = new Date(now.getTime() + this.config.registration.waitlistOfferHours * 3_600_000);
    for (const entry of waiting) {
      if (entry.seats > free) continue;
      const made = await manager.update(WaitlistEntry, { id: entry.id, status: 'waiting' }, { status: 'offered', offeredAt: now, offerExpiresAt: expiresAt });
      if (!made.affected) continue;
      offered.push(entry.id);
      await this.emails.offer(manager, 'waitlist_offer', entry, offering, expiresAt);
      free -= entry.seats;
      if (free <= 0) break;
    }
    return offered;
  }

  /** The live entries of an offering (waiting, or offered and not lapsed), in order: position 1 first. */
  private liveEntries(manager: EntityManager, offeringId: number): Promise<WaitlistEntry[]> {
    return manager.find(WaitlistEntry, { where: { offeringId, status: In(['waiting', 'offered']) }, order: { rank: 'ASC', id: 'ASC' } });
  }

  /** A staff change of an entry: under its offering's lock, offers past their time lapsed first (404 for no such entry). */
  private async withEntryLocked<T>(entryId: number, work: (manager: EntityManager, offering: Offering, now: Date) => Promise<T>): Promise<T> {
    const found = await this.dataSource.manager.findOneBy(WaitlistEntry, { id: entryId });
    if (!found) throw new DomainError('waitlist_entry_not_found', 404);
    const now = this.clock.now();
    return withOfferingsLocked(this.dataSource, [found.offeringId], now, async (manager, offerings) => {
      const offering = offerings.get(found.offeringId)!;
      await this.lapseOffers(manager, offering, now);
      return work(manager, offering, now);
    });
  }

  /**
   * The panel (R6): a clerk moves a live entry to another position, with a reason (audited). Under
   * the offering's lock the live entries are ranked again 1, 2, 3… in their new order (ranks of
   * entries no longer live are left as they are: below every new entry's, which join after the
   * highest rank). Seats already free go to the first entry that fits in the new order. Returns the
   * entry's new position.
   */
  async move(actor: Actor, entryId: number, position: number, reason: string): Promise<number> {
    requireRight(actor, 'waitlist', 'move');
    const why = staffReason(reason);
    if (!Number.isSafeInteger(position) || position < 1) throw new DomainError('waitlist_position_invalid', 400);
    return this.withEntryLocked(entryId, async (manager, offering, now) => {
      const live = await this.liveEntries(manager, offering.id);
      const from = live.findIndex((e) => e.id === entryId);
      if (from < 0) throw new DomainError('waitlist_entry_not_live', 409);
      if (position > live.length) throw new DomainError('waitlist_position_invalid', 400);
      const [moved] = live.splice(from, 1);
      live.splice(position - 1, 0, moved!);
      for (const [index, entry] of live.entries()) {
        if (entry.rank !== index + 1) await manager.update(WaitlistEntry, { id: entry.id }, { rank: index + 1 });
      }
      await this.audit.record(manager, { actor, action: 'move', resource: 'waitlist', recordId: entryId, changes: { position: { before: from + 1, after: position } }, note: why });
      await this.offerFreedSeats(manager, offering, now);
      return position;
    });
  }

  /**
   * The panel (R6): a clerk offers the free seats to a waiting entry now, ahead of its turn, when
   * all its members fit in the seats no one holds (409 `offer_seats_unavailable` otherwise). The
   * offer holds them for WAITLIST_OFFER_HOURS and is emailed, as any offer; audited.
   */
  async offerNow(actor: Actor, entryId: number): Promise<Date> {
    requireRight(actor, 'waitlist', 'offer');
    return this.withEntryLocked(entryId, async (manager, offering, now) => {
      const entry = await manager.findOneByOrFail(WaitlistEntry, { id: entryId });
      if (entry.status !== 'waiting') throw new DomainError('waitlist_entry_not_waiting', 409);
      const seats = (await countSeats(manager, [offering.id], now)).get(offering.id)!;
      if (entry.seats > offering.capacity - seats.taken) throw new DomainError('offer_seats_unavailable', 409);
      const expiresAt = new Date(now.getTime() + this.config.registration.waitlistOfferHours * 3_600_000);
      const made = await manager.update(WaitlistEntry, { id: entry.id, status: 'waiting' }, { status: 'offered', offeredAt: now, offerExpiresAt: expiresAt });
      if (!made.affected) throw new DomainError('waitlist_entry_not_waiting', 409);
      await this.audit.record(manager, { actor, action: 'offer', resource: 'waitlist', recordId: entry.id, changes: { status: { before: 'waiting', after: 'offered' }, offerExpiresAt: { before: null, after: expiresAt.toISOString() } } });
      await this.emails.offer(manager, 'waitlist_offer', entry, offering, expiresAt);
      return expiresAt;
    });
  }

  /** GET /me/waitlist: the family's entries, with their place and an offer's deadline. */
  async list(accountId: number): Promise<WaitlistView[]> {
    const family = await familyOfAccount(this.dataSource.manager, accountId, this.config.residentCities);
    const now = this.clock.now();
    const entries = await this.dataSource.manager.find(WaitlistEntry, { where: { householdId: family.householdId }, order: { id: 'DESC' }, take: 200 });
    if (!entries.length) return [];
    const offerings = await this.dataSource.manager.find(Offering, { where: { id: In([...new Set(entries.map((e) => e.offeringId))]) }, relations: { activity: true } });
    const byId = new Map(offerings.map((o) => [o.id, o]));
    const persons = await this.dataSource.manager.findBy(ClaimPerson, { kind: 'waitlist', claimId: In(entries.map((e) => e.id)) });
    // An offer past its time reads as lapsed even before the sweep has marked it.
    const statusOf = (entry: WaitlistEntry) => (entry.status === 'offered' && entry.offerExpiresAt!.getTime() <= now.getTime() ? 'lapsed' : entry.status);
    const live = entries.filter((entry) => ['waiting', 'offered'].includes(statusOf(entry)));
    const positions = await waitlistPositions(this.dataSource.manager, live.map((entry) => entry.id));
    const views: WaitlistView[] = [];
    for (const entry of entries) {
      const status = statusOf(entry);
      const offering = byId.get(entry.offeringId)!;
      views.push({
        id: entry.id,
        code: offering.code,
        activity: offering.activity.name,
        group: offering.groupName,
        personIds: persons.filter((p) => p.claimId === entry.id).map((p) => p.personId).sort((a, b) => a - b),
        position: positions.get(entry.id) ?? null,
        status,
        expiresAt: status === 'offered' && entry.offerExpiresAt ? this.clock.iso(entry.offerExpiresAt) : null,
        amount: entry.amount,
      });
    }
    return views;
  }

  /** DELETE /me/waitlist/:id: the family leaves; an offer's seats go to the next. */
  async leave(accountId: number, entryId: number): Promise<void> {
    const entry = await this.ownEntry(accountId, entryId);
    const now = this.clock.now();
    await withOfferingsLocked(this.dataSource, [entry.offeringId], now, async (manager, offerings) => {
      const left = await manager.update(WaitlistEntry, { id: entry.id, status: In(['waiting', 'offered']) }, { status: 'left' });
      if (left.affected) await this.offerFreedSeats(manager, offerings.get(entry.offeringId)!, now);
    });
  }

  /** POST /me/waitlist/:id/accept: the offer becomes registrations, while it lasts (409 `offer_lapsed` after). */
  async accept(accountId: number, entryId: number): Promise<{ registrations: RegistrationView[]; total: number }> {
    const entry = await this.ownEntry(accountId, entryId);
    const now = this.clock.now();
    return withOfferingsLocked(this.dataSource, [entry.offeringId], now, async (manager, offerings) => {
      const offering = offerings.get(entry.offeringId)!;
      const current = await manager.findOneByOrFail(WaitlistEntry, { id: entry.id });
      if (current.status === 'lapsed' || (current.status === 'offered' && current.offerExpiresAt!.getTime() <= now.getTime())) {
        await this.offerFreedSeats(manager, offering, now);
        throw new DomainError('offer_lapsed', 409);
      }
      if (current.status !== 'offered') throw new DomainError('no_offer', 409);
      const accepted = await manager.update(WaitlistEntry, { id: entry.id, status: 'offered' }, { status: 'accepted' });
      if (!accepted.affected) throw new DomainError('no_offer', 409);
      const registrations = await writeRegistrations(manager, offering, { kind: 'waitlist', id: entry.id, householdId: entry.householdId, accountId, seats: entry.seats, amount: entry.amount });
      const total = registrations.reduce((sum, r) => sum + r.amount, 0);
      await this.emails.confirmed(manager, accountId, [{ offering, personIds: registrations.map((r) => r.personId), amount: total }]);
      return { registrations, total };
    });
  }

  private async ownEntry(accountId: number, entryId: number): Promise<WaitlistEntry> {
    const family = await familyOfAccount(this.dataSource.manager, accountId, this.config.residentCities);
    const entry = await this.dataSource.manager.findOneBy(WaitlistEntry, { id: entryId, householdId: family.householdId });
    if (!entry) throw new DomainError('waitlist_entry_not_found', 404);
    return entry;
  }

  /**
   * The periodic look (several instances may run it: each offering under its lock): offers past
   * their time lapse and seats freed by expired holds go to the waiting entries; offers near their
   * end get their one reminder; and the integrity check, which must never find an offering over
   * capacity.
   */
  async sweep(): Promise<{ offered: number; reminded: number; overCapacity: string[] }> {
    const now = this.clock.now();
    const candidates = await this.dataSource.manager
      .createQueryBuilder(WaitlistEntry, 'w')
      .select('DISTINCT w.offeringId', 'offeringId')
      .where("w.status = 'waiting' OR (w.status = 'offered' AND w.offerExpiresAt <= :now)", { now })
      .getRawMany<{ offeringId: number }>();
    let offered = 0;
    for (const { offeringId } of candidates) {
      offered += (await withOfferingsLocked(this.dataSource, [Number(offeringId)], now, (manager, offerings) => this.offerFreedSeats(manager, offerings.get(Number(offeringId))!, now))).length;
    }
    const reminded = await this.remindOffers(now);
    const overCapacity = await this.overCapacity(now);
    if (overCapacity.length) this.logger.error({ offerings: overCapacity }, 'Offerings over capacity: more seats taken than they have');
    return { offered, reminded, overCapacity };
  }

  /**
   * One reminder per offer near its end (`offerReminderDue`), marked by `reminderSentAt` in the
   * email's transaction: the conditional UPDATE lets one instance of several send it.
   */
  private async remindOffers(now: Date): Promise<number> {
    const offers = await this.dataSource.manager.find(WaitlistEntry, {
      where: { status: 'offered', reminderSentAt: IsNull(), offerExpiresAt: Between(now, offerReminderHorizon(now)) },
    });
    let reminded = 0;
    for (const entry of offers.filter((e) => offerReminderDue(e.offeredAt!, e.offerExpiresAt!, now))) {
      const sent = await inTransaction(this.dataSource, async (manager) => {
        const marked = await manager.update(WaitlistEntry, { id: entry.id, status: 'offered', reminderSentAt: IsNull(), offerExpiresAt: MoreThan(now) }, { reminderSentAt: now });
        if (!marked.affected) return false;
        const offering = await manager.findOneByOrFail(Offering, { id: entry.offeringId });
        await this.emails.offer(manager, 'waitlist_offer_reminder', entry, offering, entry.offerExpiresAt!);
        return true;
      });
      if (sent) reminded += 1;
    }
    return reminded;
  }

  /** The integrity check: the codes of offerings whose confirmed registrations, live holds and live offers exceed capacity. */
  async overCapacity(now: Date): Promise<string[]> {
    const offerings = await this.dataSource.manager.find(Offering, { select: { id: true, code: true, capacity: true } });
    const counts = await countSeats(this.dataSource.manager, offerings.map((o) => o.id), now);
    return offerings.filter((o) => counts.get(o.id)!.taken > o.capacity).map((o) => o.code);
  }
}
