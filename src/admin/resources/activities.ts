import { In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { Activity } from '../../activities/activity.entity.js';
import { Offering } from '../../activities/offering.entity.js';
import { remainingSeats } from '../../registrations/registration-rules.js';
import { countSeats } from '../../registrations/seat-ledger.js';
import type { FilterRule } from '../adapter/panel-source.js';
import { registerAction } from '../registration-actions.js';
import { hide, listOnly, options, type PanelKit, type PanelResourceEntry } from './shared.js';

/** An offering's status on the panel, as the catalogue says it (R1): not open yet, open, full, closed. */
export const OFFERING_STATUSES = ['upcoming', 'open', 'full', 'closed'] as const;
export type OfferingStatus = (typeof OFFERING_STATUSES)[number];

export function offeringStatus(offering: Pick<Offering, 'residentsOpenAt' | 'closesAt'>, remaining: number, now: Date): OfferingStatus {
  if (now.getTime() < offering.residentsOpenAt.getTime()) return 'upcoming';
  if (now.getTime() >= offering.closesAt.getTime()) return 'closed';
  return remaining > 0 ? 'open' : 'full';
}

/** Words typed in a filter, lower-case, without LIKE's wildcards: `%words%`, or null for nothing to match. */
function containing(raw: string): string | null {
  const words = raw.replace(/[\\%_]/g, '').trim().toLowerCase();
  return words ? `%${words}%` : null;
}

/**
 * The filters of the catalogue: a season holds a few hundred offerings and activities, read whole
 * (the `activity`, `category` and `site` filters match any part of the name, without case).
 */
const inActivities = (column: 'name' | 'category', param: string): FilterRule => ({
  kind: 'custom',
  apply: (qb, value, alias) => {
    if (column === 'name' && /^\d{1,9}$/.test(value.trim())) {
      qb.andWhere(`${alias}.activityId = :${param}`, { [param]: Number(value.trim()) });
      return;
    }
    const words = containing(value);
    if (!words) qb.andWhere('1 = 0');
    else qb.andWhere(`${alias}.activityId IN (SELECT a.id FROM activities a WHERE LOWER(a.${column}) LIKE :${param})`, { [param]: words });
  },
});

const site: FilterRule = {
  kind: 'custom',
  apply: (qb, value, alias) => {
    const words = containing(value);
    if (!words) qb.andWhere('1 = 0');
    else qb.andWhere(`LOWER(${alias}.site) LIKE :site`, { site: words });
  },
};

/** Seats taken and asked by waiting entries (R4, R6), as `countSeats` counts them, in SQL for the status filter. */
function seatsSql(alias: string): string {
  return (
    `(SELECT COUNT(*) FROM registrations r WHERE r.offeringId = ${alias}.id AND r.status = 'confirmed')` +
    ` + (SELECT COALESCE(SUM(h.seats), 0) FROM holds h WHERE h.offeringId = ${alias}.id AND h.status = 'live' AND h.expiresAt > :statusNow)` +
    ` + (SELECT COALESCE(SUM(w.seats), 0) FROM waitlist_entries w WHERE w.offeringId = ${alias}.id AND (w.status = 'waiting' OR (w.status = 'offered' AND w.offerExpiresAt > :statusNow)))`
  );
}

function statusFilter(now: () => Date): FilterRule {
  return {
    kind: 'custom',
    apply: (qb: SelectQueryBuilder<ObjectLiteral>, value, alias) => {
      const statusNow = now();
      if (value === 'upcoming') qb.andWhere(`${alias}.residentsOpenAt > :statusNow`, { statusNow });
      else if (value === 'closed') qb.andWhere(`${alias}.closesAt <= :statusNow`, { statusNow });
      else if (value === 'open' || value === 'full') {
        qb.andWhere(`${alias}.residentsOpenAt <= :statusNow AND ${alias}.closesAt > :statusNow`, { statusNow });
        qb.andWhere(`${alias}.capacity ${value === 'open' ? '>' : '<='} ${seatsSql(alias)}`, { statusNow });
      } else qb.andWhere('1 = 0');
    },
  };
}

/**
 * The offerings (R1) with their seats (R4, R6), read-only: the counter's registration (`register`)
 * goes through RegistrationsService; the page links to the class list and the waitlist.
 */
export function activities(kit: PanelKit): PanelResourceEntry {
  const { clock, components, actions, source, datetime } = kit;
  return {
    ...source<Offering>({
      entity: Offering,
      id: 'activities',
      title: 'label',
      filters: {
        activity: inActivities('name', 'activityName'),
        category: inActivities('category', 'activityCategory'),
        site,
        status: statusFilter(() => clock.now()),
        code: { kind: 'prefix', column: 'code', normalize: (raw) => raw.trim() || null },
      },
      sorts: { code: 'code', id: 'id' },
      defaultSort: { column: 'code', direction: 'asc' },
      virtuals: [
        { path: 'label', type: 'string' },
        { path: 'activity', type: 'string' },
        { path: 'category', type: 'string' },
        { path: 'taken', type: 'string' },
        { path: 'remaining', type: 'string' },
        { path: 'waitlist', type: 'string' },
        { path: 'status', type: 'string' },
        { path: 'lists', type: 'string', showOnly: true },
      ],
      // One query for the page's activities and one count of seats for all its offerings.
      presentMany: async (rows, mode, ds) => {
        const now = clock.now();
        const activityIds = [...new Set(rows.map((row) => row.activityId))];
        const found = activityIds.length ? await ds.getRepository(Activity).find({ where: { id: In(activityIds) }, select: { id: true, name: true, category: true } }) : [];
        const activityOf = new Map(found.map((activity) => [activity.id, activity]));
        const seatsOf = await countSeats(ds.manager, rows.map((row) => row.id), now);
        return rows.map((row) => {
          const activity = activityOf.get(row.activityId);
          const seats = seatsOf.get(row.id)!;
          const remaining = remainingSeats(row.capacity, seats.taken, seats.waiting);
          return {
            label: `${row.code} — ${activity?.name ?? ''} (${row.groupName})`,
            activity: activity?.name ?? '',
            category: activity?.category ?? '',
            taken: String(seats.taken),
            remaining: String(remaining),
            waitlist: String(seats.waitingEntries),
            status: offeringStatus(row, remaining, now),
            ...(mode === 'show' ? { lists: String(row.id) } : {}),
          };
        });
      },
    }),
    options: options('activities', {
      navigation: { name: 'Inscriptions', icon: 'Calendar' },
      listProperties: ['code', 'activity', 'groupName', 'site', 'startsOn', 'capacity', 'taken', 'remaining', 'waitlist', 'status'],
      filterProperties: ['activity', 'category', 'site', 'status', 'code'],
      showProperties: ['code', 'activity', 'category', 'groupName', 'site', 'lists', 'startsOn', 'endsOn', 'weekday', 'startTime', 'endTime', 'capacity', 'taken', 'remaining', 'waitlist', 'status', 'ageMin', 'ageMax', 'ageOn', 'priceResident', 'priceNonResident', 'residentsOpenAt', 'nonResidentsOpenAt', 'closesAt', 'rl24'],
      properties: {
        label: { isVisible: false },
        activityId: hide,
        status: { availableValues: OFFERING_STATUSES.map((value) => ({ value, label: value })) },
        lists: { ...listOnly({}), components: { show: components.offeringLists } },
        residentsOpenAt: datetime, nonResidentsOpenAt: datetime, closesAt: datetime, createdAt: datetime, updatedAt: datetime,
      },
      sort: { sortBy: 'code', direction: 'asc' },
    }, actions ? { register: registerAction(actions.services, components.registrationAction) } : {}),
  };
}
