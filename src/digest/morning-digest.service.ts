import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { And, DataSource, In, LessThan, MoreThanOrEqual, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { inTransaction, isUniqueViolation } from '../database/transaction.js';
import { DossierRequest } from '../dossier-requests/dossier-request.entity.js';
import { Thread } from '../mailbox/thread.entity.js';
import { OutboxDispatcher } from '../notifications/outbox-dispatcher.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import type { DigestQueue } from '../notifications/templates.js';
import { Staff } from '../staff/staff.entity.js';
import { dayInWords, digestDayDue } from './digest-schedule.js';
import { JobRun } from './job-run.entity.js';

export const MORNING_DIGEST_JOB = 'morning_digest';
/** "Due soon" in the digest, as on the panel's queues: less than 8 business hours left. */
const DUE_SOON_HOURS = 8;
/** What waits for the city, as the panel's queues count it: a request waiting for its applicant's answer (needs_info) does not. */
const WAITING_FOR_THE_CITY = { requests: ['submitted', 'in_review'] as const, threads: ['open'] as const };

export type DigestOutcome =
  | { outcome: 'not_due' }
  | { outcome: 'already_sent'; day: string }
  | { outcome: 'sent'; day: string; emails: number };

/**
 * The supervisors' morning digest: every business day from DIGEST_TIME (07:30 in the city by
 * default), each active supervisor gets one email, in their language, with the queues of dossier
 * requests and mailbox threads (open, overdue, due within 8 business hours). Each instance checks
 * every DIGEST_CHECK_INTERVAL_MS; the run is claimed by inserting the day's row of `job_runs`
 * (unique per job and day) in the transaction that enqueues the emails, so that the digest goes
 * out once a day whatever the number of instances, or not at all if that transaction fails.
 */
@Injectable()
export class MorningDigest implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MorningDigest');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DigestOutcome> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly outbox: OutboxService,
    private readonly dispatcher: OutboxDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.digestCheckIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      void this.runIfDue().catch((error: unknown) => this.logger.warn({ reason: String((error as Error)?.message ?? error).slice(0, 300) }, 'Morning digest not sent: tried again at the next check'));
    }, this.config.digestCheckIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Sends today's digest if it is due and no instance has sent it yet; one run at a time per instance. */
  runIfDue(): Promise<DigestOutcome> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<DigestOutcome> {
    const now = this.clock.now();
    const day = digestDayDue(now, this.clock.timeZone, this.config.digestAtSeconds, await this.calendar.days(now, now));
    if (!day) return { outcome: 'not_due' };
    if (await this.dataSource.getRepository(JobRun).existsBy({ job: MORNING_DIGEST_JOB, day })) return { outcome: 'already_sent', day };
    const supervisors = await this.dataSource.getRepository(Staff).find({ where: { role: 'supervisor', active: true }, order: { id: 'ASC' } });
    const [requests, threads] = await this.figures(now);
    try {
      await inTransaction(this.dataSource, async (manager) => {
        // The claim first: a second instance stops here (a duplicate key, or on Galera a failed certification, then the duplicate key).
        await manager.insert(JobRun, { job: MORNING_DIGEST_JOB, day, instance: this.dispatcher.instanceId });
        for (const supervisor of supervisors) {
          await this.outbox.enqueue(manager, supervisor.email, supervisor.locale, {
            template: 'morning_digest',
            params: { name: supervisor.displayName, date: dayInWords(day, supervisor.locale), requests, threads, panelUrl: `${this.config.publicUrl}/admin` },
          });
        }
      });
    } catch (error) {
      if (isUniqueViolation(error)) return { outcome: 'already_sent', day };
      throw error;
    }
    this.logger.log({ day, emails: supervisors.length, requests, threads }, 'Morning digest sent');
    return { outcome: 'sent', day, emails: supervisors.length };
  }

  /** The queues of requests and threads waiting for the city, at `now`. */
  private async figures(now: Date): Promise<[DigestQueue, DigestQueue]> {
    const soon = await this.calendar.after(now, DUE_SOON_HOURS);
    const queue = async <T extends ObjectLiteral>(entity: EntityTarget<T>, open: FindOptionsWhere<T>): Promise<DigestQueue> => {
      const repository = this.dataSource.getRepository(entity);
      const [all, overdue, dueSoon] = await Promise.all([
        repository.countBy(open),
        repository.countBy({ ...open, dueAt: LessThan(now) }),
        repository.countBy({ ...open, dueAt: And(MoreThanOrEqual(now), LessThan(soon)) }),
      ]);
      return { open: all, overdue, dueSoon };
    };
    return Promise.all([queue(DossierRequest, { status: In([...WAITING_FOR_THE_CITY.requests]) }), queue(Thread, { status: In([...WAITING_FOR_THE_CITY.threads]) })]);
  }
}
