import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, Brackets, DataSource, In, IsNull, LessThanOrEqual, MoreThanOrEqual, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { REGISTRATION_CONFIG, type RegistrationConfig } from '../config/app-config.js';
import { Offering } from '../activities/offering.entity.js';
import { afterTransaction, type Transact } from '../database/after-transaction.js';
import { insertRow } from '../database/insert-row.js';
import { Sequence } from '../database/sequence.entity.js';
import { nextSequenceValue } from '../database/sequences.js';
import { inTransaction, isUniqueViolation } from '../database/transaction.js';
import { Household } from '../dossiers/household.entity.js';
import { Membership } from '../dossiers/membership.entity.js';
import { Person } from '../dossiers/person.entity.js';
import { isResident, remainingSeats } from './registration-rules.js';
import { countSeats } from './seat-ledger.js';
import { admissionEnds, admissionIntervalMs, admittedAt, drawOrder, expectedWaitBeforeDraw, roomEnds } from './waiting-room-draw.js';
import { WaitingRoomDraw, WaitingRoomEntry } from './waiting-room.entity.js';

/**
 * How far back an opening's room is looked for: a room lasts ADMISSION_MINUTES after the paced
 * admission of its last household (at the default 600 a minute, a day admits 864 000 households).
 */
const LOOKBACK_MS = 24 * 3_600_000;
/** How far back the supervisors' view lists openings. */
const OVERVIEW_DAYS = 7;
/** Openings remembered as ended (a few a night). */
const MAX_ENDED_REMEMBERED = 1_000;
/** Positions written per UPDATE by the draw. */
const DRAW_BATCH = 500;

export type WaitingStatus = 'waiting' | 'admitted' | 'not_needed';

/** A household's place (POST /me/waiting-room). */
export interface WaitingRoomPlace {
  status: WaitingStatus;
  /** Null before the draw, then the place in the draw (kept after admission). */
  position: number | null;
  estimatedWaitSeconds: number;
  opensAt: Date | null;
  admittedUntil: Date | null;
}

const NOT_NEEDED: WaitingRoomPlace = { status: 'not_needed', position: null, estimatedWaitSeconds: 0, opensAt: null, admittedUntil: null };

/** One opening as a supervisor sees it. */
export interface WaitingRoomOpening {
  opensAt: Date;
  /** Null until the draw. */
  seed: string | null;
  drawnAt: Date | null;
  /** Households present before the opening, put in a random order by the draw; null until the draw. */
  entrants: number | null;
  /** Every household in the room, those who came after the opening included. */
  present: number;
  waiting: number;
  admitted: number;
  /** Admitted households that hold seats of this opening now: a confirmed registration or a live hold. */
  served: number;
  /** The offerings that open at this time (residents' or non-residents'), the hottest first. */
  offerings: OpeningOffering[];
  first: Array<{ position: number; householdId: number; joinedAt: Date }>;
}

/** An offering of an opening, as the supervisors' live view shows its seats (R4, R6). */
export interface OpeningOffering {
  code: string;
  activity: string;
  group: string;
  /** Whose opening this is for the offering: its residents', its non-residents', or both at once. */
  opensFor: 'residents' | 'non_residents' | 'both';
  capacity: number;
  /** Confirmed registrations, live holds and live offers. */
  taken: number;
  /** Seats asked by waiting entries, and how many entries. */
  waitlistSeats: number;
  waitlist: number;
  remaining: number;
}

/**
 * The hottest first: the fewest seats left, then the most asked for each seat (taken and waiting
 * over capacity), then by code.
 */
export function hottestFirst(a: OpeningOffering, b: OpeningOffering): number {
  const demand = (o: OpeningOffering) => (o.taken + o.waitlistSeats) / Math.max(1, o.capacity);
  return a.remaining - b.remaining || demand(b) - demand(a) || a.code.localeCompare(b.code);
}

/** The waiting room's counter of positions, per opening (`sequences`): the draw sets it, each late arrival takes the next. */
export function positionSequence(opensAt: Date): string {
  return `waiting_room:${opensAt.getTime()}`;
}

/**
 * The waiting room of an opening time (R5). The order and the admissions live in the database
 * (waiting_room_entries, waiting_room_draws, the opening's counter in `sequences`), never in one
 * process: any number of instances serve the same room.
 *
 * - From WAITING_ROOM_MINUTES before an opening, a household that asks enters the room (one row per
 *   household and opening, whatever its devices or logins), without a position.
 * - The first request at or after the opening (whichever instance serves it) runs the draw: its row
 *   in waiting_room_draws, unique per opening, is the claim, inserted in the transaction that writes
 *   the positions; another instance's insert fails and that instance reads the positions instead.
 *   The households that joined before the opening get positions 1..n in the order `drawOrder`
 *   gives from a random seed, recorded with n; those who come later take the next positions, in
 *   the order they arrive.
 * - Position p is admitted at opensAt + (p − 1) · 60 / ADMISSION_PER_MINUTE seconds (on arrival if
 *   that has passed), for ADMISSION_MINUTES.
 * - The room ends ADMISSION_MINUTES after the paced admission of its last household: after that,
 *   nothing about the opening is gated.
 */
@Injectable()
export class WaitingRoomService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
    private readonly clock: Clock,
  ) {}

  /** Openings whose room this process saw ended, and the time it saw it (see `seenEnded`). */
  private readonly ended = new Map<number, number>();

  private get policy() {
    return this.config.registration;
  }

  /** WAITING_ROOM_MINUTES, in milliseconds. */
  private get leadMs(): number {
    return Math.round(this.policy.waitingRoomMinutes * 60_000);
  }

  /**
   * POST /me/waiting-room: enters the room of the nearest opening time of the household (its
   * residents' or non-residents' times), or reads its place there; `not_needed` when no room is
   * open. The first household of the account's person, as GET /me/household shows it.
   */
  async enter(accountId: number): Promise<WaitingRoomPlace> {
    const now = this.clock.now();
    const household = await this.householdOf(accountId);
    if (!household) return NOT_NEEDED;
    const opensAt = await this.nearestRoom(household.id, household.resident, now);
    if (!opensAt) return NOT_NEEDED;
    const transact: Transact = (work) => inTransaction(this.dataSource, work);
    const reader = this.dataSource.manager;
    await this.drawIfDue(transact, opensAt, now, reader);
    // A poll of a household already placed (or waiting for the draw) only reads.
    const known = await reader.findOneBy(WaitingRoomEntry, { opensAt, householdId: household.id });
    const entry = known && (known.position !== null || now < opensAt) ? known : await this.join(transact, opensAt, household.id, accountId, now);
    return this.placeOf(entry, now);
  }

  /**
   * R5's gate for a hold, inside the hold's transaction: throws 403 `waiting_room` (with `position`,
   * null before the draw) when the household's opening time of this offering (residents' or
   * non-residents') has a waiting room and the household is not admitted at `now`. A household that
   * was never in the room enters it here: before the opening without a position, after it at the
   * back. An admitted household stays admitted (ADMISSION_MINUTES is the window the pacing plans
   * for, never a reason to send a family back behind households not yet served). Call it before the
   * `not_open` check: in the WAITING_ROOM_MINUTES before the opening a household asking for seats
   * enters the room. Its refusal rolls the caller's transaction back; what the room must remember
   * (the arrival, the draw) is then written on the same connection right after (`afterTransaction`).
   */
  async gate(manager: EntityManager, householdId: number, offering: Offering, resident: boolean, now: Date): Promise<void> {
    const opensAt = resident ? offering.residentsOpenAt : offering.nonResidentsOpenAt;
    if (now.getTime() < opensAt.getTime() - this.leadMs || now.getTime() >= opensAt.getTime() + LOOKBACK_MS) return;
    if (this.seenEnded(opensAt, now)) return;
    const entry = await manager.findOneBy(WaitingRoomEntry, { opensAt, householdId });
    if (entry?.position != null) {
      if (admittedAt(opensAt, entry.position, entry.joinedAt, this.policy) <= now) return;
      throw waitingRoom(entry.position);
    }
    if (now < opensAt) {
      if (!entry) await afterTransaction(manager, (transact) => this.join(transact, opensAt, householdId, null, now).then(() => undefined));
      throw waitingRoom(null);
    }
    if (!(await this.isActive(manager, opensAt, now))) return;
    // In the caller's transaction: if the household turns out admitted (the queue has moved on), its
    // arrival commits with its hold.
    const inside: Transact = (work) => work(manager);
    await this.drawIfDue(inside, opensAt, now);
    const placed = await this.join(inside, opensAt, householdId, null, now);
    if (admittedAt(opensAt, placed.position!, placed.joinedAt, this.policy) <= now) return;
    const refusal = waitingRoom(placed.position);
    await afterTransaction(manager, async (transact) => {
      await this.drawIfDue(transact, opensAt, now);
      const kept = await this.join(transact, opensAt, householdId, null, now);
      refusal.extra.members = { position: kept.position };
    });
    throw refusal;
  }

  /**
   * The draw of an opening, once: nothing before the opening, nothing when it was drawn (here or by
   * another instance). `transact` runs one transaction: the claim, the positions and the counter
   * commit together. `reader`, outside any transaction, checks first whether the draw was made.
   */
  async drawIfDue(transact: Transact, opensAt: Date, now: Date, reader?: EntityManager): Promise<void> {
    if (now < opensAt) return;
    // Outside a transaction, the common case (drawn long ago) is one read.
    if (reader && (await reader.existsBy(WaitingRoomDraw, { opensAt }))) return;
    try {
      await transact((manager) => this.draw(manager, opensAt, now));
    } catch (error) {
      // Another instance inserted the draw first (its insert made ours wait, then fail): its positions hold.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** The draw, for the tests and the supervisors' view: `drawIfDue` in a transaction of its own. */
  async drawNow(opensAt: Date): Promise<void> {
    await this.drawIfDue((work) => inTransaction(this.dataSource, work), opensAt, this.clock.now(), this.dataSource.manager);
  }

  private async draw(manager: EntityManager, opensAt: Date, now: Date): Promise<void> {
    if (await manager.existsBy(WaitingRoomDraw, { opensAt })) return;
    const seed = randomBytes(32).toString('hex');
    // The claim: unique per opening.
    const drawId = await insertRow(manager, WaitingRoomDraw, { opensAt, seed, entrants: 0, drawnAt: now });
    const unplaced = await manager.find(WaitingRoomEntry, { select: { id: true, householdId: true, joinedAt: true }, where: { opensAt, position: IsNull() }, order: { id: 'ASC' } });
    const present = unplaced.filter((entry) => entry.joinedAt < opensAt);
    // Joined at or after the opening, before this draw: behind, in the order they came.
    const late = unplaced.filter((entry) => entry.joinedAt >= opensAt).sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || a.id - b.id);
    const entryOf = new Map(present.map((entry) => [entry.householdId, entry.id]));
    const positions: Array<[id: number, position: number]> = drawOrder(seed, [...entryOf.keys()]).map((householdId, i) => [entryOf.get(householdId)!, i + 1]);
    late.forEach((entry, i) => positions.push([entry.id, present.length + i + 1]));
    await writePositions(manager, positions);
    await manager.update(WaitingRoomDraw, { id: drawId }, { entrants: present.length });
    await manager.insert(Sequence, { name: positionSequence(opensAt), value: positions.length });
  }

  /**
   * The household's row in the room of `opensAt`, created if need be: without a position before the
   * opening, with the next one after it (the draw must have run). Two devices of a household asking
   * at once get the same row.
   */
  private async join(transact: Transact, opensAt: Date, householdId: number, accountId: number | null, now: Date): Promise<WaitingRoomEntry> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await transact(async (manager) => {
          let entry = await manager.findOneBy(WaitingRoomEntry, { opensAt, householdId });
          if (entry && (entry.position !== null || now < opensAt)) return entry;
          if (!entry) {
            // The row first, then the position: a row another device inserted first fails here, before the counter moves.
            const values = { opensAt, householdId, accountId, position: null, joinedAt: now };
            entry = Object.assign(new WaitingRoomEntry(), values, { id: await insertRow(manager, WaitingRoomEntry, values) });
          }
          if (now >= opensAt) {
            entry.position = await nextSequenceValue(manager, positionSequence(opensAt));
            await manager.update(WaitingRoomEntry, { id: entry.id }, { position: entry.position });
          }
          return entry;
        });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt > 0) throw error;
      }
    }
  }

  private async placeOf(entry: WaitingRoomEntry, now: Date): Promise<WaitingRoomPlace> {
    const { opensAt, position } = entry;
    if (position === null) {
      const present = await this.dataSource.getRepository(WaitingRoomEntry).countBy({ opensAt });
      return { status: 'waiting', position, estimatedWaitSeconds: expectedWaitBeforeDraw(opensAt, present, now, this.policy), opensAt, admittedUntil: null };
    }
    const admitted = admittedAt(opensAt, position, entry.joinedAt, this.policy);
    const waiting = admitted > now;
    return {
      status: waiting ? 'waiting' : 'admitted',
      position,
      estimatedWaitSeconds: waiting ? Math.ceil((admitted.getTime() - now.getTime()) / 1000) : 0,
      opensAt,
      admittedUntil: admissionEnds(admitted, this.policy),
    };
  }

  /** The account's person's first household and its residency (R2); 409 when the account is not linked. */
  private async householdOf(accountId: number): Promise<{ id: number; resident: boolean } | null> {
    const person = await this.dataSource.getRepository(Person).findOne({ select: { id: true }, where: { accountId } });
    if (!person) throw new DomainError('dossier_not_linked', 409);
    const membership = await this.dataSource.getRepository(Membership).findOne({ select: { householdId: true }, where: { personId: person.id }, order: { householdId: 'ASC' } });
    if (!membership) return null;
    const household = await this.dataSource.getRepository(Household).findOne({ select: { id: true, address: { city: true }, residentOverride: true }, where: { id: membership.householdId } });
    if (!household) return null;
    return { id: household.id, resident: isResident({ city: household.address.city, residentOverride: household.residentOverride }, this.config.residentCities) };
  }

  /**
   * The opening whose room concerns the household now: among its opening times (residents' or
   * non-residents') whose room is open, one where it still waits for its turn, else the nearest.
   */
  private async nearestRoom(householdId: number, resident: boolean, now: Date): Promise<Date | null> {
    const manager = this.dataSource.manager;
    const times = await this.openingTimes(resident, new Date(now.getTime() - LOOKBACK_MS), new Date(now.getTime() + this.leadMs));
    const open: Date[] = [];
    for (const opensAt of times) if (await this.isActive(manager, opensAt, now)) open.push(opensAt);
    open.sort((a, b) => a.getTime() - b.getTime());
    for (const opensAt of open.filter((time) => time <= now)) {
      const entry = await manager.findOneBy(WaitingRoomEntry, { opensAt, householdId });
      if (entry && (entry.position === null || admittedAt(opensAt, entry.position, entry.joinedAt, this.policy) > now)) return opensAt;
    }
    const distance = (time: Date) => Math.abs(time.getTime() - now.getTime());
    return open.reduce<Date | null>((best, time) => (best === null || distance(time) < distance(best) ? time : best), null);
  }

  /** The distinct opening times of one kind in [from, to]. */
  private async openingTimes(resident: boolean, from: Date, to: Date): Promise<Date[]> {
    const column = resident ? 'residentsOpenAt' : 'nonResidentsOpenAt';
    const metadata = this.dataSource.getMetadata(Offering).findColumnWithPropertyName(column)!;
    const rows = await this.dataSource
      .getRepository(Offering)
      .createQueryBuilder('o')
      .select(`o.${column}`, 'opensAt')
      .distinct(true)
      .where(`o.${column} >= :from AND o.${column} <= :to`, { from, to })
      .getRawMany<{ opensAt: unknown }>();
    return rows.map((row) => this.dataSource.driver.prepareHydratedValue(row.opensAt, metadata) as Date);
  }

  /** Whether the room of `opensAt` is open at `now`: from WAITING_ROOM_MINUTES before until `roomEnds`. */
  private async isActive(manager: EntityManager, opensAt: Date, now: Date): Promise<boolean> {
    if (now.getTime() < opensAt.getTime() - this.leadMs) return false;
    if (now.getTime() < roomEnds(opensAt, 0, this.policy).getTime()) return true;
    if (this.seenEnded(opensAt, now)) return false;
    const active = now < roomEnds(opensAt, await this.queued(manager, opensAt), this.policy);
    if (!active) {
      if (this.ended.size >= MAX_ENDED_REMEMBERED) this.ended.clear();
      const seen = this.ended.get(opensAt.getTime());
      if (seen === undefined || now.getTime() < seen) this.ended.set(opensAt.getTime(), now.getTime());
    }
    return active;
  }

  /**
   * Whether this process already saw the room of `opensAt` ended, at or before `now`. A room that has
   * ended never opens again: nobody joins a room that is not active (`gate`, `nearestRoom`), so its
   * queue, hence its end, no longer moves; and every household placed in it is admitted by then
   * (the last one's admission comes ADMISSION_MINUTES before the end). The gate of a hold for an
   * opening whose room has ended (every hold of the hours after a registration night) reads nothing.
   * A time before the one it was seen at (a test's clock set back) reads again.
   */
  private seenEnded(opensAt: Date, now: Date): boolean {
    const seen = this.ended.get(opensAt.getTime());
    return seen !== undefined && now.getTime() >= seen;
  }

  /** How many households the room of `opensAt` holds: its last position once drawn. */
  private async queued(manager: EntityManager, opensAt: Date): Promise<number> {
    if (!(await manager.existsBy(WaitingRoomDraw, { opensAt }))) return manager.countBy(WaitingRoomEntry, { opensAt });
    const row = await manager.createQueryBuilder(WaitingRoomEntry, 'e').select('MAX(e.position)', 'last').where('e.opensAt = :opensAt', { opensAt }).getRawOne<{ last: unknown }>();
    return Number(row?.last ?? 0);
  }

  /**
   * GET /admin/api/waiting-room: the openings of the last OVERVIEW_DAYS days and the rooms open now
   * (entered or not), most recent first, each with its draw (seed, entrants), its counts and its first `first`
   * positions. A room whose opening has passed is drawn first if no request has drawn it yet.
   */
  async overview(first: number): Promise<{ openings: WaitingRoomOpening[] }> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - OVERVIEW_DAYS * 86_400_000);
    const entries = this.dataSource.getRepository(WaitingRoomEntry);
    const draws = await this.dataSource.getRepository(WaitingRoomDraw).find({ where: { opensAt: MoreThanOrEqual(since) } });
    const metadata = this.dataSource.getMetadata(WaitingRoomEntry).findColumnWithPropertyName('opensAt')!;
    const rooms = await entries.createQueryBuilder('e').select('e.opensAt', 'opensAt').distinct(true).where('e.opensAt >= :since', { since }).getRawMany<{ opensAt: unknown }>();
    const times = new Map<number, Date>();
    for (const time of [...draws.map((draw) => draw.opensAt), ...rooms.map((row) => this.dataSource.driver.prepareHydratedValue(row.opensAt, metadata) as Date)]) times.set(time.getTime(), time);
    // Rooms open now that no household has entered yet: supervisors see the opening coming, 0 present.
    const soon = new Date(now.getTime() + this.leadMs);
    const coming = await this.dataSource.getRepository(Offering).find({
      where: [{ residentsOpenAt: Between(now, soon) }, { nonResidentsOpenAt: Between(now, soon) }],
      select: { id: true, residentsOpenAt: true, nonResidentsOpenAt: true },
    });
    for (const time of coming.flatMap((o) => [o.residentsOpenAt, o.nonResidentsOpenAt])) if (time > now && time <= soon) times.set(time.getTime(), time);
    const drawOf = new Map(draws.map((draw) => [draw.opensAt.getTime(), draw]));
    const offeringsOf = await this.offeringsOpening([...times.values()], now);
    const openings: WaitingRoomOpening[] = [];
    for (const opensAt of [...times.values()].sort((a, b) => b.getTime() - a.getTime())) {
      let draw = drawOf.get(opensAt.getTime()) ?? null;
      if (!draw && opensAt <= now) {
        await this.drawNow(opensAt);
        draw = await this.dataSource.getRepository(WaitingRoomDraw).findOneBy({ opensAt });
      }
      const present = await entries.countBy({ opensAt });
      const lastAdmitted = Math.floor((now.getTime() - opensAt.getTime()) / admissionIntervalMs(this.policy)) + 1;
      const admitted = draw && now >= opensAt ? await entries.countBy({ opensAt, position: LessThanOrEqual(lastAdmitted) }) : 0;
      const offerings = offeringsOf.get(opensAt.getTime()) ?? [];
      const placed = draw ? await entries.find({ where: { opensAt, position: MoreThanOrEqual(1) }, order: { position: 'ASC' }, take: first }) : [];
      openings.push({
        opensAt,
        seed: draw?.seed ?? null,
        drawnAt: draw?.drawnAt ?? null,
        entrants: draw?.entrants ?? null,
        present,
        waiting: present - admitted,
        admitted,
        served: admitted ? await this.served(opensAt, lastAdmitted, offerings.map((o) => o.id), now) : 0,
        offerings: offerings.map(({ id: _id, ...offering }) => offering).sort(hottestFirst),
        first: placed.map((entry) => ({ position: entry.position!, householdId: entry.householdId, joinedAt: entry.joinedAt })),
      });
    }
    return { openings };
  }

  /** The offerings opening at each of these times (residents' or non-residents'), with their seats now, by opening time. */
  private async offeringsOpening(times: Date[], now: Date): Promise<Map<number, Array<OpeningOffering & { id: number }>>> {
    const byTime = new Map<number, Array<OpeningOffering & { id: number }>>();
    if (!times.length) return byTime;
    const offerings = await this.dataSource.getRepository(Offering).find({ where: [{ residentsOpenAt: In(times) }, { nonResidentsOpenAt: In(times) }], relations: { activity: true } });
    const seats = await countSeats(this.dataSource.manager, offerings.map((o) => o.id), now);
    for (const offering of offerings) {
      const count = seats.get(offering.id)!;
      const residents = offering.residentsOpenAt.getTime();
      const others = offering.nonResidentsOpenAt.getTime();
      for (const time of new Set([residents, others])) {
        if (!times.some((t) => t.getTime() === time)) continue;
        const row = {
          id: offering.id,
          code: offering.code,
          activity: offering.activity.name,
          group: offering.groupName,
          opensFor: residents === others ? ('both' as const) : time === residents ? ('residents' as const) : ('non_residents' as const),
          capacity: offering.capacity,
          taken: count.taken,
          waitlistSeats: count.waiting,
          waitlist: count.waitingEntries,
          remaining: remainingSeats(offering.capacity, count.taken, count.waiting),
        };
        byTime.set(time, [...(byTime.get(time) ?? []), row]);
      }
    }
    return byTime;
  }

  /** Admitted households (positions up to `lastAdmitted`) holding seats of these offerings now: a confirmed registration or a live hold. */
  private served(opensAt: Date, lastAdmitted: number, offeringIds: number[], now: Date): Promise<number> {
    if (!offeringIds.length) return Promise.resolve(0);
    return this.dataSource
      .getRepository(WaitingRoomEntry)
      .createQueryBuilder('e')
      .where('e.opensAt = :opensAt AND e.position <= :lastAdmitted', { opensAt, lastAdmitted })
      .andWhere(
        new Brackets((q) => {
          q.where("EXISTS (SELECT 1 FROM registrations r WHERE r.householdId = e.householdId AND r.status = 'confirmed' AND r.offeringId IN (:...offeringIds))", { offeringIds }).orWhere(
            "EXISTS (SELECT 1 FROM holds h WHERE h.householdId = e.householdId AND h.status = 'live' AND h.expiresAt > :now AND h.offeringId IN (:...offeringIds))",
            { now, offeringIds },
          );
        }),
      )
      .getCount();
  }
}

function waitingRoom(position: number | null): DomainError<'waiting_room'> {
  return new DomainError('waiting_room', 403, { members: { position } });
}

/** position = CASE id WHEN … END, a batch at a time (a registration night may draw thousands). */
async function writePositions(manager: EntityManager, positions: Array<[id: number, position: number]>): Promise<void> {
  const column = manager.connection.driver.escape('position');
  const table = manager.connection.driver.escape(manager.connection.getMetadata(WaitingRoomEntry).tableName);
  for (let start = 0; start < positions.length; start += DRAW_BATCH) {
    const batch = positions.slice(start, start + DRAW_BATCH);
    const cases = batch.map(() => 'WHEN ? THEN ?').join(' ');
    const ids = batch.map(() => '?').join(', ');
    await manager.query(`UPDATE ${table} SET ${column} = CASE id ${cases} END WHERE id IN (${ids})`, [...batch.flat(), ...batch.map(([id]) => id)]);
  }
}
