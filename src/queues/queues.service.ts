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
import { percentile, toHours, withinShare } from './queue-stats.js';

/** Under this many business hours left, an open item is "due soon" (SPEC §4b). */
export const DUE_SOON_HOURS = 8;
/** The response figures cover the items received in the last this many days. */
export const WINDOW_DAYS = 30;

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

/**
 * The supervisors' queues (SPEC §4b, `GET /admin/api/queues`) and the morning digest: sizes, ages
 * against the due times of M2, each clerk's load, and the response times over the last 30 days, in
 * business hours on the city's calendar. Every count is read through the (status, dueAt) and
 * (assignee, status) indexes; the window's rows through the receipt date's.
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
    const soon = await this.calendar.after(now, DUE_SOON_HOURS);
    const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
    const clerks = await this.dataSource.getRepository(Staff).find({ where: { role: 'clerk', active: true }, select: { id: true, displayName: true } });
    const [mailbox, requests] = await Promise.all([this.figures(MAILBOX, now, soon, since, clerks), this.figures(REQUESTS, now, soon, since, clerks)]);
    return { generatedAt: this.clock.iso(now), windowDays: WINDOW_DAYS, dueSoonHours: DUE_SOON_HOURS, mailbox, requests };
  }

  private async figures<T extends ObjectLiteral>(shape: QueueShape<T>, now: Date, soon: Date, since: Date, clerks: Staff[]): Promise<QueueFigures> {
    const rows = () => this.dataSource.getRepository(shape.entity).createQueryBuilder('q');
    const sizes = await rows()
      .select('COUNT(*)', 'open')
      .addSelect('SUM(CASE WHEN q.dueAt < :now THEN 1 ELSE 0 END)', 'overdue')
      .addSelect('SUM(CASE WHEN q.dueAt >= :now AND q.dueAt < :soon THEN 1 ELSE 0 END)', 'dueSoon')
      .addSelect('SUM(CASE WHEN q.assignedToId IS NULL THEN 1 ELSE 0 END)', 'unassigned')
      .where('q.status IN (:...open)', { open: shape.open, now, soon })
      .getRawOne<Record<string, unknown>>();
    const waiting = await rows().where('q.status IN (:...waiting)', { waiting: shape.waiting }).getCount();
    const loads = await rows()
      .select('q.assignedToId', 'staffId')
      .addSelect('COUNT(*)', 'open')
      .addSelect('SUM(CASE WHEN q.dueAt < :now THEN 1 ELSE 0 END)', 'overdue')
      .where('q.status IN (:...open)', { open: shape.open, now })
      .andWhere('q.assignedToId IS NOT NULL')
      .groupBy('q.assignedToId')
      .getRawMany<Record<string, unknown>>();

    // Response times: the window's items, by receipt. Items without a due time (requests received
    // before it was kept) count for the times but cannot be judged against a deadline.
    const judged = await rows()
      .select('SUM(CASE WHEN q.firstResponseAt IS NOT NULL AND q.firstResponseAt <= q.dueAt THEN 1 ELSE 0 END)', 'inTime')
      .addSelect('SUM(CASE WHEN q.firstResponseAt > q.dueAt OR (q.firstResponseAt IS NULL AND q.dueAt < :now) THEN 1 ELSE 0 END)', 'late')
      .where(`q.${shape.received} >= :since`, { since, now })
      .getRawOne<Record<string, unknown>>();
    const minutes = await rows()
      .select('q.responseMinutes', 'minutes')
      .where(`q.${shape.received} >= :since`, { since })
      .andWhere('q.responseMinutes IS NOT NULL')
      .orderBy('q.responseMinutes', 'ASC')
      .getRawMany<{ minutes: unknown }>();
    const sorted = minutes.map((m) => count(m.minutes));

    return {
      open: count(sizes?.open),
      overdue: count(sizes?.overdue),
      dueSoon: count(sizes?.dueSoon),
      unassigned: count(sizes?.unassigned),
      waitingForResident: waiting,
      perClerk: await this.perClerk(loads, clerks),
      firstResponseHours: { p50: toHours(percentile(sorted, 50)), p90: toHours(percentile(sorted, 90)) },
      withinSlaShare: withinShare(count(judged?.inTime), count(judged?.late)),
    };
  }

  /** Active clerks with nothing open count too (who can take more); former clerks still holding items are named. */
  private async perClerk(loads: Array<Record<string, unknown>>, clerks: Staff[]): Promise<ClerkLoad[]> {
    const byId = new Map<number, ClerkLoad>(clerks.map((c) => [c.id, { staffId: c.id, name: c.displayName, open: 0, overdue: 0 }]));
    const others = await staffNames(this.dataSource, loads.map((l) => count(l.staffId)).filter((id) => !byId.has(id)));
    for (const [staffId, name] of others) byId.set(staffId, { staffId, name, open: 0, overdue: 0 });
    for (const load of loads) {
      const clerk = byId.get(count(load.staffId));
      if (clerk) Object.assign(clerk, { open: count(load.open), overdue: count(load.overdue) });
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.staffId - b.staffId);
  }
}
