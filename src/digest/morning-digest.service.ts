import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { BackgroundRun } from '../common/background-run.js';
import { Clock } from '../common/clock.js';
import { CITY_CONFIG, JOBS_CONFIG, type CityConfig, type JobsConfig } from '../config/app-config.js';
import { inTransaction, isUniqueViolation } from '../database/transaction.js';
import { OutboxDispatcher } from '../notifications/outbox-dispatcher.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { QueuesService } from '../queues/queues.service.js';
import { Staff } from '../staff/staff.entity.js';
import { dayInWords, digestDayDue } from './digest-schedule.js';
import { JobRun } from './job-run.entity.js';

export const MORNING_DIGEST_JOB = 'morning_digest';
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
  private readonly runs = new BackgroundRun(() => this.run());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CITY_CONFIG) private readonly city: CityConfig,
    @Inject(JOBS_CONFIG) private readonly jobs: JobsConfig,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly outbox: OutboxService,
    private readonly dispatcher: OutboxDispatcher,
    private readonly queues: QueuesService,
  ) {}

  onApplicationBootstrap(): void {
    this.runs.every(this.jobs.digestCheckIntervalMs, (error) => this.logger.warn({ reason: String((error as Error)?.message ?? error).slice(0, 300) }, 'Morning digest not sent: tried again at the next check'));
  }

  onApplicationShutdown(): Promise<void> {
    return this.runs.stop();
  }

  /** Sends today's digest if it is due and no instance has sent it yet; one run at a time per instance. */
  runIfDue(): Promise<DigestOutcome> {
    return this.runs.run();
  }

  private async run(): Promise<DigestOutcome> {
    const now = this.clock.now();
    const day = digestDayDue(now, this.clock.timeZone, this.jobs.digestAtSeconds, await this.calendar.days(now, now));
    if (!day) return { outcome: 'not_due' };
    if (await this.dataSource.getRepository(JobRun).existsBy({ job: MORNING_DIGEST_JOB, day })) return { outcome: 'already_sent', day };
    const supervisors = await this.dataSource.getRepository(Staff).find({ where: { role: 'supervisor', active: true }, order: { id: 'ASC' } });
    // The figures of the panel's home (GET /admin/api/queues): what waits for the city, late, due soon.
    const snapshot = await this.queues.snapshot();
    const [requests, threads] = [snapshot.requests, snapshot.mailbox].map(({ open, overdue, dueSoon }) => ({ open, overdue, dueSoon }));
    try {
      await inTransaction(this.dataSource, async (manager) => {
        // The claim first: a second instance stops here (a duplicate key, or on Galera a failed certification, then the duplicate key).
        await manager.insert(JobRun, { job: MORNING_DIGEST_JOB, day, instance: this.dispatcher.instanceId });
        for (const supervisor of supervisors) {
          await this.outbox.enqueue(manager, supervisor.email, supervisor.locale, {
            template: 'morning_digest',
            params: { name: supervisor.displayName, date: dayInWords(day, supervisor.locale), requests, threads, panelUrl: `${this.city.publicUrl}/admin` },
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
}
