import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { DossierRequest } from '../dossier-requests/dossier-request.entity.js';
import { WAITING_FOR_APPLICANT, WAITING_FOR_CITY } from '../dossier-requests/request-status.js';
import { Thread } from '../mailbox/thread.entity.js';
import { Staff } from '../staff/staff.entity.js';
import { staffNames } from '../staff/staff-names.js';
import { dateInZone } from '../common/clock.js';
import { listHref, requestLinks, threadLinks, type LinkedFigure, type QueueLinks } from './queue-links.js';
import { percentile, ShortCache, toHours, weekStarts, withinShare } from './queue-stats.js';

/** Under this many business hours left, an open item is "due soon" (SPEC §4b). */
export const DUE_SOON_HOURS = 8;
/** The response figures cover the items received in the last this many days. */
export const WINDOW_DAYS = 30;
/** The dashboard's chart: this many weeks, the current one last. */
export const CHART_WEEKS = 12;
/** The dashboard's oldest open items, per queue. */
export const OLDEST_ITEMS = 5;
/** The home's figures are read at most this often (they are the same for every staff member), see ShortCache. */
export const DASHBOARD_CACHE_MS = 10_000;

export interface ClerkLoad {
  staffId: number;
  name: string;
  open: number;
  overdue: number;
}

export interface QueueFigures {
  /** Waiting for the city (a thread not yet answered; a request received or in review). */
  open: number;
  /**
   * Open and past its due time (72 business hours after receipt): « Hors délai » on the panel, never
   * « en retard », which a request's `late` flag already means (received less than 72 h before its period).
   */
  overdue: number;
  /** Open, not yet due, due within DUE_SOON_HOURS business hours. */
  dueSoon: number;
  /** Open and held by nobody. */
  unassigned: number;
  /** Waiting for the resident (a thread answered; a request whose applicant was asked for information). */
  waitingForResident: number;
  /** Every active clerk and anyone holding open items, by name. */
  perClerk: ClerkLoad[];
  /** Business hours from receipt to the first response, over the window. */
  firstResponseHours: { p50: number | null; p90: number | null };
  /** Of the window's items that can be judged, the share answered by their due time; null when none can. */
  withinSlaShare: number | null;
}

/** A week of one queue (Monday to Sunday in the city): what was received, and how much of it was answered by its due time. */
export interface WeekFigures {
  received: number;
  inTime: number;
  late: number;
  /** inTime among inTime + late (0–1); null when none can be judged yet. */
  withinSlaShare: number | null;
}

/** An open item waiting for the city, the longest waiting first. */
export interface OldestItem {
  id: number;
  reference: string;
  receivedAt: string;
  dueAt: string | null;
  overdue: boolean;
  assignee: string | null;
  href: string;
}

/** A queue's figures, each with the address of the list that counts the same rows. */
export interface LinkedQueue extends QueueFigures {
  links: Record<LinkedFigure, string>;
  perClerk: Array<ClerkLoad & { links: { open: string; overdue: string } }>;
}

/** The panel's home (issue 18): the queues now with their lists, twelve weeks, the oldest open items. */
export interface DashboardFigures {
  generatedAt: string;
  timeZone: string;
  windowDays: number;
  dueSoonHours: number;
  slaHours: number;
  mailbox: LinkedQueue;
  requests: LinkedQueue;
  /** CHART_WEEKS weeks, oldest first; `start` is the Monday (YYYY-MM-DD, in the city). */
  weeks: Array<{ start: string; mailbox: WeekFigures; requests: WeekFigures }>;
  oldest: { threads: OldestItem[]; requests: OldestItem[] };
}

export interface QueuesSnapshot {
  generatedAt: string;
  windowDays: number;
  dueSoonHours: number;
  mailbox: QueueFigures;
  requests: QueueFigures;
}

/** How one queue's rows read: which statuses wait for the city, for the resident, and when an item arrived. */
interface QueueShape<T extends ObjectLiteral> {
  entity: EntityTarget<T>;
  open: readonly string[];
  waiting: readonly string[];
  received: 'receivedAt' | 'createdAt';
}

const MAILBOX: QueueShape<Thread> = { entity: Thread, open: ['open'], waiting: ['answered'], received: 'receivedAt' };
const REQUESTS: QueueShape<DossierRequest> = { entity: DossierRequest, open: WAITING_FOR_CITY, waiting: WAITING_FOR_APPLICANT, received: 'createdAt' };

const count = (value: unknown): number => Number(value ?? 0);

/** One queue's figures, and its weeks. */
interface QueueRead {
  figures: QueueFigures;
  weeks: WeekFigures[];
}

/** Answered by its due time. Items without a due time (requests received before it was kept) are neither in time nor late. */
const IN_TIME = 'q.firstResponseAt IS NOT NULL AND q.firstResponseAt <= q.dueAt';
/** Answered after its due time, or past it without an answer (`:now`). */
const LATE = 'q.firstResponseAt > q.dueAt OR (q.firstResponseAt IS NULL AND q.dueAt < :now)';

/**
 * The supervisors' queues (SPEC §4b, `GET /admin/api/queues`), the morning digest and the panel's
 * home (issue 18): sizes, ages against the due times of M2, each clerk's load, the response times
 * over the last 30 days and the last weeks, in business hours on the city's calendar. Three reads
 * per queue, each from one index alone (DashboardIndexes): the open items by (status, assignee,
 * due time), the received ones by (receipt, due time, first response, its length).
 */
@Injectable()
export class QueuesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  async snapshot(): Promise<QueuesSnapshot> {
    const now = this.clock.now();
    const { mailbox, requests } = await this.read(now, [new Date(now.getTime() - WINDOW_DAYS * 86_400_000)]);
    return { generatedAt: this.clock.iso(now), windowDays: WINDOW_DAYS, dueSoonHours: DUE_SOON_HOURS, mailbox: mailbox.figures, requests: requests.figures };
  }

  /**
   * The panel's home: the snapshot's figures, each with the list that counts the same rows (the
   * list's filters are the figure's, at the figure's instant), the last CHART_WEEKS weeks and the
   * oldest open items. Every query reads an index alone (DashboardIndexes). Read at most once
   * every DASHBOARD_CACHE_MS for everyone (the figures are the same for every role), see `cached`.
   */
  dashboard(): Promise<DashboardFigures> {
    return this.cache.get(this.clock.now(), (now) => this.compute(now));
  }

  private readonly cache = new ShortCache<DashboardFigures>(DASHBOARD_CACHE_MS);

  /** The home's figures read now, without the cache (the benchmark measures both). */
  async compute(now: Date = this.clock.now()): Promise<DashboardFigures> {
    const starts = weekStarts(now, this.clock.timeZone, CHART_WEEKS);
    const [{ mailbox, requests, soon }, oldest] = await Promise.all([this.read(now, starts), this.oldest(now)]);
    const linked = (figures: QueueFigures, links: QueueLinks): LinkedQueue => ({
      ...figures,
      links: Object.fromEntries(Object.entries(links.figures).map(([figure, filters]) => [figure, listHref(links.resource, filters)])) as Record<LinkedFigure, string>,
      perClerk: figures.perClerk.map((load) => {
        const clerk = links.clerk(load.staffId);
        return { ...load, links: { open: listHref(links.resource, clerk.open), overdue: listHref(links.resource, clerk.overdue) } };
      }),
    });
    return {
      generatedAt: this.clock.iso(now),
      timeZone: this.clock.timeZone,
      windowDays: WINDOW_DAYS,
      dueSoonHours: DUE_SOON_HOURS,
      slaHours: this.calendar.slaHours,
      mailbox: linked(mailbox.figures, threadLinks(now, soon)),
      requests: linked(requests.figures, requestLinks(now, soon)),
      weeks: starts.map((start, index) => ({ start: dateInZone(start, this.clock.timeZone), mailbox: mailbox.weeks[index], requests: requests.weeks[index] })),
      oldest,
    };
  }

  /** Both queues' figures at `now`, and their weeks starting at `starts` (the snapshot asks one « week »: the 30-day window). */
  private async read(now: Date, starts: Date[]): Promise<{ mailbox: QueueRead; requests: QueueRead; soon: Date }> {
    const soon = await this.calendar.after(now, DUE_SOON_HOURS);
    const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
    const clerks = await this.dataSource.getRepository(Staff).find({ where: { role: 'clerk', active: true }, select: { id: true, displayName: true } });
    const [mailbox, requests] = await Promise.all([this.figures(MAILBOX, now, soon, since, starts, clerks), this.figures(REQUESTS, now, soon, since, starts, clerks)]);
    return { mailbox, requests, soon };
  }

  /**
   * One queue in three reads: the open and waiting items by status and assignee (the
   * (status, assignedToId, dueAt) index: sizes, late, due soon, each clerk's load), the items
   * received since the first of `starts` by bucket (the receipt index: received, in time, late, and
   * the 30-day window's share), and the window's response times (the percentiles).
   */
  private async figures<T extends ObjectLiteral>(shape: QueueShape<T>, now: Date, soon: Date, since: Date, starts: Date[], clerks: Staff[]): Promise<QueueRead> {
    const rows = () => this.dataSource.getRepository(shape.entity).createQueryBuilder('q');
    const groups = await rows()
      .select('q.status', 'status')
      .addSelect('q.assignedToId', 'staffId')
      .addSelect('COUNT(*)', 'items')
      .addSelect('SUM(CASE WHEN q.dueAt < :now THEN 1 ELSE 0 END)', 'overdue')
      .addSelect('SUM(CASE WHEN q.dueAt >= :now AND q.dueAt < :soon THEN 1 ELSE 0 END)', 'dueSoon')
      .where('q.status IN (:...statuses)', { statuses: [...shape.open, ...shape.waiting], now, soon })
      .groupBy('q.status')
      .addGroupBy('q.assignedToId')
      .getRawMany<Record<string, unknown>>();
    const open = groups.filter((g) => shape.open.includes(String(g.status)));
    const sum = (list: Array<Record<string, unknown>>, key: string) => list.reduce((total, g) => total + count(g[key]), 0);
    const loads = new Map<number, { open: number; overdue: number }>();
    for (const g of open.filter((g) => g.staffId !== null)) {
      const load = loads.get(count(g.staffId)) ?? { open: 0, overdue: 0 };
      loads.set(count(g.staffId), { open: load.open + count(g.items), overdue: load.overdue + count(g.overdue) });
    }

    // The buckets from the latest: the first bound an item passes is its bucket. Items without a
    // due time (requests received before it was kept) count as received but are neither in time nor late.
    const received = `q.${shape.received}`;
    const bucket = `CASE ${starts.map((_, index) => index).reverse().map((index) => `WHEN ${received} >= :start${index} THEN ${index}`).join(' ')} ELSE -1 END`;
    const bounds = Object.fromEntries(starts.map((start, index) => [`start${index}`, start]));
    const first = starts[0] < since ? starts[0] : since;
    const buckets = await rows()
      .select(bucket, 'bucket')
      .addSelect('COUNT(*)', 'received')
      .addSelect(`SUM(CASE WHEN ${IN_TIME} THEN 1 ELSE 0 END)`, 'inTime')
      .addSelect(`SUM(CASE WHEN ${LATE} THEN 1 ELSE 0 END)`, 'late')
      .addSelect(`SUM(CASE WHEN ${received} >= :since AND (${IN_TIME}) THEN 1 ELSE 0 END)`, 'windowInTime')
      .addSelect(`SUM(CASE WHEN ${received} >= :since AND (${LATE}) THEN 1 ELSE 0 END)`, 'windowLate')
      .where(`${received} >= :first AND ${received} <= :now`, { ...bounds, first, since, now })
      .groupBy('bucket')
      .getRawMany<Record<string, unknown>>();
    const minutes = await rows()
      .select('q.responseMinutes', 'minutes')
      .where(`${received} >= :since`, { since })
      .andWhere('q.responseMinutes IS NOT NULL')
      .orderBy('q.responseMinutes', 'ASC')
      .getRawMany<{ minutes: unknown }>();
    const sorted = minutes.map((m) => count(m.minutes));

    return {
      figures: {
        open: sum(open, 'items'),
        overdue: sum(open, 'overdue'),
        dueSoon: sum(open, 'dueSoon'),
        unassigned: sum(open.filter((g) => g.staffId === null), 'items'),
        waitingForResident: sum(groups.filter((g) => shape.waiting.includes(String(g.status))), 'items'),
        perClerk: await this.perClerk(loads, clerks),
        firstResponseHours: { p50: toHours(percentile(sorted, 50)), p90: toHours(percentile(sorted, 90)) },
        withinSlaShare: withinShare(sum(buckets, 'windowInTime'), sum(buckets, 'windowLate')),
      },
      weeks: starts.map((_, index) => {
        const row = buckets.find((b) => count(b.bucket) === index);
        const inTime = count(row?.inTime);
        const late = count(row?.late);
        return { received: count(row?.received), inTime, late, withinSlaShare: withinShare(inTime, late) };
      }),
    };
  }

  /**
   * The open items waiting for the city that have waited longest: threads by due time (the
   * (status, dueAt) index; a due time follows its receipt), requests by receipt in each status
   * (the (status, createdAt) index), merged.
   */
  private async oldest(now: Date): Promise<DashboardFigures['oldest']> {
    const item = (resource: string, row: { id: number; reference: string; received: Date; dueAt: Date | null; assignedToId: number | null }, names: Map<number, string>): OldestItem => ({
      id: row.id,
      reference: row.reference,
      receivedAt: this.clock.iso(row.received),
      dueAt: row.dueAt ? this.clock.iso(row.dueAt) : null,
      overdue: !!row.dueAt && row.dueAt < now,
      assignee: row.assignedToId === null ? null : (names.get(row.assignedToId) ?? null),
      href: `/admin/resources/${resource}/records/${row.id}/show`,
    });
    const select = { id: true, reference: true, dueAt: true, assignedToId: true } as const;
    const threads = await this.dataSource.getRepository(Thread).find({ where: { status: 'open' }, select: { ...select, receivedAt: true }, order: { dueAt: 'ASC', id: 'ASC' }, take: OLDEST_ITEMS });
    const perStatus = await Promise.all(
      WAITING_FOR_CITY.map((status) => this.dataSource.getRepository(DossierRequest).find({ where: { status }, select: { ...select, createdAt: true }, order: { createdAt: 'ASC', id: 'ASC' }, take: OLDEST_ITEMS })),
    );
    const requests = perStatus.flat().sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id).slice(0, OLDEST_ITEMS);
    const names = await staffNames(this.dataSource, [...threads, ...requests].map((row) => row.assignedToId));
    return {
      threads: threads.map((row) => item('threads', { ...row, received: row.receivedAt }, names)),
      requests: requests.map((row) => item('dossier_requests', { ...row, received: row.createdAt }, names)),
    };
  }

  /** Active clerks with nothing open count too (who can take more); former clerks still holding items are named. */
  private async perClerk(loads: Map<number, { open: number; overdue: number }>, clerks: Staff[]): Promise<ClerkLoad[]> {
    const byId = new Map<number, ClerkLoad>(clerks.map((c) => [c.id, { staffId: c.id, name: c.displayName, open: 0, overdue: 0 }]));
    const others = await staffNames(this.dataSource, [...loads.keys()].filter((id) => !byId.has(id)));
    for (const [staffId, name] of others) byId.set(staffId, { staffId, name, open: 0, overdue: 0 });
    for (const [staffId, load] of loads) {
      const clerk = byId.get(staffId);
      if (clerk) Object.assign(clerk, load);
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.staffId - b.staffId);
  }
}
