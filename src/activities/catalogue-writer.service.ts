import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { insertRow } from '../database/insert-row.js';
import { equalsFoldedSql, foldText } from '../database/text-search.js';
import { inTransaction } from '../database/transaction.js';
import { countSeats } from '../registrations/seat-ledger.js';
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

/**
 * The catalogue's one writer (R1): offerings created or updated by `code`, their activity found or
 * created by name (without case or accents) and given the input's category. A capacity below the
 * seats already taken (confirmed registrations, live holds and offers) is refused for that offering
 * (`capacity_below_taken`), counted under the offering's lock. The import writes through it, and the
 * panel's forms will.
 */
@Injectable()
export class CatalogueWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Writes the offerings in one transaction (replayed whole after a deadlock). A code given twice: the later input updates the earlier. */
  save(inputs: readonly OfferingInput[]): Promise<CatalogueWrite> {
    if (!inputs.length) return Promise.resolve({ offerings: [], activitiesCreated: 0, activitiesUpdated: 0 });
    return inTransaction(this.dataSource, (manager) => this.saveIn(manager, inputs));
  }

  private async saveIn(manager: EntityManager, inputs: readonly OfferingInput[]): Promise<CatalogueWrite> {
    const existing = await this.lockOfferings(manager, inputs.map((input) => input.code));
    const seats = await countSeats(manager, [...existing.values()].map((offering) => offering.id), this.clock.now());
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
    return {
      offerings: inputs.map((input) => outcomes.get(input) ?? { status: 'rejected', code: input.code, reason: 'capacity_below_taken', taken: taken(input) }),
      activitiesCreated: activities.created,
      activitiesUpdated: activities.updated.size,
    };
  }

  /** The stored offerings of these codes, locked until the transaction ends (in id order, as every locker takes them). SQLite runs one transaction at a time. */
  private async lockOfferings(manager: EntityManager, codes: string[]): Promise<Map<string, Offering>> {
    const query = manager
      .createQueryBuilder(Offering, 'o')
      .where({ code: In([...new Set(codes)]) })
      .orderBy('o.id');
    if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
    return new Map((await query.getMany()).map((offering) => [offering.code, offering]));
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
