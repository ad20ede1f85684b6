import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { insertRow } from '../database/insert-row.js';
import { equalsFoldedSql, foldText } from '../database/text-search.js';
import { inTransaction, isUniqueViolation } from '../database/transaction.js';
import { withOfferingsLocked } from '../registrations/offering-lock.js';
import { countSeats } from '../registrations/seat-ledger.js';
import { WaitlistService } from '../registrations/waitlist.service.js';
import { Activity } from './activity.entity.js';
import type { OfferingInput } from './offering-input.js';
import { Offering } from './offering.entity.js';

/** What became of one offering given to the writer: `updated` when its row or its activity changed. */
export type OfferingOutcome =
  | { status: 'created' | 'updated' | 'unchanged'; code: string; offeringId: number }
  | { status: 'rejected'; code: string; reason: 'capacity_below_taken'; taken: number };

export interface CatalogueWrite {
  /** One per input, in the same order. */
  offerings: OfferingOutcome[];
  activitiesCreated: number;
  activitiesUpdated: number;
}

type OfferingColumns = Omit<Offering, 'id' | 'activity' | 'createdAt' | 'updatedAt'>;

function columnsOf(input: OfferingInput, activityId: number): OfferingColumns {
  return {
    code: input.code,
    activityId,
    groupName: input.group,
    site: input.site,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    weekday: input.weekday,
    startTime: input.startTime,
    endTime: input.endTime,
    capacity: input.capacity,
    ageMin: input.ageMin,
    ageMax: input.ageMax,
    ageOn: input.ageOn,
    priceResident: input.priceResident,
    priceNonResident: input.priceNonResident,
    residentsOpenAt: input.residentsOpenAt,
    nonResidentsOpenAt: input.nonResidentsOpenAt,
    closesAt: input.closesAt,
    rl24: input.rl24,
  };
}

/** The columns whose stored value differs from the wanted one (instants by their time, booleans as the drivers read them). */
function changedColumns(stored: Offering, wanted: OfferingColumns): Partial<OfferingColumns> {
  const changes: Partial<OfferingColumns> = {};
  for (const [key, value] of Object.entries(wanted) as Array<[keyof OfferingColumns, OfferingColumns[keyof OfferingColumns]]>) {
    const before: unknown = stored[key];
    const same = value instanceof Date ? before instanceof Date && before.getTime() === value.getTime() : typeof value === 'boolean' ? Boolean(before) === value : before === value;
    if (!same) Object.assign(changes, { [key]: value });
  }
  return changes;
}

/** Another writer created an offering of these codes between the look and the lock: look and lock again. */
class CodesMoved extends Error {}

/**
 * How many times the codes are looked up and locked again: when another writer created one
 * meanwhile, or when the offerings stayed busy through `withOfferingsLocked`'s own attempts (a
 * registration night): an import can wait where a family's hold answers 503 at once.
 */
const LOCK_ATTEMPTS = 10;
const BUSY_PAUSE_MS = 500;

/**
 * The catalogue's one writer (R1): offerings created or updated by `code`, their activity found or
 * created by name (without case or accents) and given the input's category. A capacity below the
 * seats already taken (confirmed registrations, live holds and offers) is refused for that offering
 * (`capacity_below_taken`), counted under the offering's lock, the one every seat's writer takes
 * (`withOfferingsLocked`). A capacity raised offers the freed seats to the waitlist at once, under
 * the same lock (R6). The import writes through it, and the panel's forms will.
 */
@Injectable()
export class CatalogueWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly waitlist: WaitlistService,
  ) {}

  /**
   * Writes the offerings in one transaction (replayed whole after a deadlock), the stored ones
   * locked. A code given twice: the later input updates the earlier.
   */
  async save(inputs: readonly OfferingInput[]): Promise<CatalogueWrite> {
    if (!inputs.length) return { offerings: [], activitiesCreated: 0, activitiesUpdated: 0 };
    const codes = [...new Set(inputs.map((input) => input.code))];
    for (let attempt = 1; ; attempt++) {
      const ids = (await this.dataSource.manager.find(Offering, { select: { id: true }, where: { code: In(codes) } })).map((offering) => offering.id);
      const now = this.clock.now();
      try {
        // New codes only: nothing to lock (the unique index on `code` settles two writers creating one).
        if (!ids.length) return await inTransaction(this.dataSource, (manager) => this.saveIn(manager, inputs, codes, ids, now));
        return await withOfferingsLocked(this.dataSource, ids, now, (manager) => this.saveIn(manager, inputs, codes, ids, now));
      } catch (error) {
        const busy = error instanceof DomainError && error.code === 'service_unavailable';
        // Another writer created one of the codes first (its unique index): the next look locks it.
        const moved = error instanceof CodesMoved || isUniqueViolation(error);
        if (!(moved || busy) || attempt >= LOCK_ATTEMPTS) throw error;
        if (busy) await sleep(BUSY_PAUSE_MS * attempt);
      }
    }
  }

  private async saveIn(manager: EntityManager, inputs: readonly OfferingInput[], codes: string[], lockedIds: number[], now: Date): Promise<CatalogueWrite> {
    const existing = new Map((await manager.find(Offering, { where: { code: In(codes) }, order: { id: 'ASC' } })).map((offering) => [offering.code, offering]));
    const locked = new Set(lockedIds);
    if ([...existing.values()].some((offering) => !locked.has(offering.id))) throw new CodesMoved();
    const capacities = new Map([...existing.values()].map((offering) => [offering.id, offering.capacity]));
    const seats = await countSeats(manager, [...existing.values()].map((offering) => offering.id), now);
    const taken = (input: OfferingInput) => {
      const stored = existing.get(input.code);
      return stored ? seats.get(stored.id)!.taken : 0;
    };
    const accepted = inputs.filter((input) => input.capacity >= taken(input));
    const activities = await this.activityIds(manager, accepted);
    const outcomes = new Map<OfferingInput, OfferingOutcome>();
    for (const input of accepted) {
      const key = foldText(input.activity);
      const outcome = await this.saveOffering(manager, input, activities.ids.get(key)!, existing);
      outcomes.set(input, outcome.status === 'unchanged' && activities.updated.has(key) ? { ...outcome, status: 'updated' } : outcome);
    }
    // Seats freed by a capacity raised go to the waiting entries now, not at the next sweep (R6).
    for (const offering of existing.values()) {
      const before = capacities.get(offering.id);
      if (before !== undefined && offering.capacity > before) await this.waitlist.offerFreedSeats(manager, offering, now);
    }
    return {
      offerings: inputs.map((input) => outcomes.get(input) ?? { status: 'rejected', code: input.code, reason: 'capacity_below_taken', taken: taken(input) }),
      activitiesCreated: activities.created,
      activitiesUpdated: activities.updated.size,
    };
  }

  private async saveOffering(manager: EntityManager, input: OfferingInput, activityId: number, existing: Map<string, Offering>): Promise<OfferingOutcome> {
    const wanted = columnsOf(input, activityId);
    const stored = existing.get(input.code);
    if (!stored) {
      const offeringId = await insertRow(manager, Offering, wanted);
      existing.set(input.code, Object.assign(new Offering(), wanted, { id: offeringId }));
      return { status: 'created', code: input.code, offeringId };
    }
    const changes = changedColumns(stored, wanted);
    if (!Object.keys(changes).length) return { status: 'unchanged', code: input.code, offeringId: stored.id };
    await manager.update(Offering, { id: stored.id }, changes);
    Object.assign(stored, changes);
    return { status: 'updated', code: input.code, offeringId: stored.id };
  }

  /** The activities of the inputs, by folded name: found (their spelling and category brought up to the first input's) or created. */
  private async activityIds(manager: EntityManager, inputs: readonly OfferingInput[]): Promise<{ ids: Map<string, number>; created: number; updated: Set<string> }> {
    const wanted = new Map<string, { name: string; category: string }>();
    for (const input of inputs) if (!wanted.has(foldText(input.activity))) wanted.set(foldText(input.activity), { name: input.activity, category: input.category });
    const ids = new Map<string, number>();
    const updated = new Set<string>();
    let created = 0;
    if (!wanted.size) return { ids, created, updated };
    const [sql, parameters] = equalsFoldedSql(manager, 'a.name', [...wanted.values()].map((activity) => activity.name), 'names');
    const stored = await manager.createQueryBuilder(Activity, 'a').where(sql, parameters).getMany();
    for (const activity of stored) ids.set(foldText(activity.name), activity.id);
    for (const [key, { name, category }] of wanted) {
      const found = stored.find((activity) => foldText(activity.name) === key);
      if (!found) {
        ids.set(key, await insertRow(manager, Activity, { name, category }));
        created++;
      } else if (found.name !== name || found.category !== category) {
        await manager.update(Activity, { id: found.id }, { name, category });
        updated.add(key);
      }
    }
    return { ids, created, updated };
  }
}
