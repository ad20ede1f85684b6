import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan, type EntityManager } from 'typeorm';
import { EmailToken } from '../accounts/email-token.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AuditLog } from '../audit/audit-log.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { BackgroundRun } from '../common/background-run.js';
import { Clock, wallClock } from '../common/clock.js';
import { JOBS_CONFIG, type JobsConfig } from '../config/app-config.js';
import { inTransaction, isUniqueViolation } from '../database/transaction.js';
import { JobRun } from '../digest/job-run.entity.js';
import { DossierRequestsService } from '../dossier-requests/dossier-requests.service.js';
import { Thread } from '../mailbox/thread.entity.js';
import { ThreadWriter } from '../mailbox/thread-writer.js';
import { OutboxDispatcher } from '../notifications/outbox-dispatcher.service.js';
import { StaffSession } from '../staff/staff-session.entity.js';
import { RetentionRun, type RetentionCounts } from './retention-run.entity.js';
import { dueBefore, type RetentionKind } from './retention-rules.js';
import { RetentionSettingsService } from './retention-settings.service.js';

export const RETENTION_JOB = 'retention';
/** The job is due from 02:00 in the city, a quiet hour; an instance down then runs it at its first check later that day. */
const RETENTION_AT_SECONDS = 2 * 3600;

export type RetentionOutcome = { outcome: 'not_due' } | { outcome: 'already_ran'; day: string } | { outcome: 'ran'; day: string; runId: number; counts: RetentionCounts };

/** Ids in slices a statement's parameters hold on either engine (SQLite's limit is 32 766 since 3.32). */
function slices(ids: number[], size = 500): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/**
 * The daily retention job (Law 25): what is past the period an administrator set after it closed is
 * deleted, or anonymised where other records or statistics still need the row (README,
 * « Conservation des renseignements »). Each instance checks at DIGEST_CHECK_INTERVAL_MS; the day's
 * run is claimed by inserting its `job_runs` row in the transaction that purges and records the
 * run, as the morning digest does: once a day whatever the number of instances, or not at all.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RetentionJob');
  private readonly runs = new BackgroundRun(() => this.run());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JOBS_CONFIG) private readonly jobs: JobsConfig,
    private readonly clock: Clock,
    private readonly settings: RetentionSettingsService,
    private readonly dispatcher: OutboxDispatcher,
    private readonly audit: AuditLog,
    private readonly threads: ThreadWriter,
    private readonly requests: DossierRequestsService,
  ) {}

  onApplicationBootstrap(): void {
    this.runs.every(this.jobs.digestCheckIntervalMs, (error) => this.logger.warn({ reason: String((error as Error)?.message ?? error).slice(0, 300) }, 'Retention job failed: tried again at the next check'));
  }

  onApplicationShutdown(): Promise<void> {
    return this.runs.stop();
  }

  /** Runs today's purge if it is due and no instance has run it yet; one run at a time per instance. */
  runIfDue(): Promise<RetentionOutcome> {
    return this.runs.run();
  }

  private async run(): Promise<RetentionOutcome> {
    const now = this.clock.now();
    const { date: day, seconds } = wallClock(now, this.clock.timeZone);
    if (seconds < RETENTION_AT_SECONDS) return { outcome: 'not_due' };
    if (await this.dataSource.getRepository(JobRun).existsBy({ job: RETENTION_JOB, day })) return { outcome: 'already_ran', day };
    const periods = await this.settings.periods();
    let done: { runId: number; counts: RetentionCounts };
    try {
      done = await inTransaction(this.dataSource, async (manager) => {
        // The claim first: a second instance stops here (a duplicate key, or on Galera a failed certification, then the duplicate key).
        await manager.insert(JobRun, { job: RETENTION_JOB, day, instance: this.dispatcher.instanceId });
        const counts = await this.purge(manager, now, periods);
        const { id: runId } = await manager.save(manager.create(RetentionRun, { day, ranAt: now, instance: this.dispatcher.instanceId, ...counts }));
        await this.audit.record(manager, { actor: { kind: 'system' }, action: 'purge', resource: 'retention_runs', recordId: runId });
        return { runId, counts };
      });
    } catch (error) {
      if (isUniqueViolation(error)) return { outcome: 'already_ran', day };
      throw error;
    }
    this.logger.log({ day, ...done.counts }, 'Retention job ran');
    return { outcome: 'ran', day, ...done };
  }

  /** Every kind with a period, in one transaction: the counts of what it purged or anonymised. */
  private async purge(manager: EntityManager, now: Date, periods: Partial<Record<RetentionKind, number>>): Promise<RetentionCounts> {
    const counts: RetentionCounts = { rejectedRequests: 0, threadAttachments: 0, closedThreads: 0, emailLinks: 0, residentSessions: 0, staffSessions: 0, auditEntries: 0 };
    const before = (kind: RetentionKind): Date | null => (periods[kind] === undefined ? null : dueBefore(now, periods[kind]));

    const rejected = before('rejected_requests');
    if (rejected) counts.rejectedRequests = await this.requests.anonymiseRejected(manager, rejected, now);
    const attachments = before('closed_thread_attachments');
    if (attachments) counts.threadAttachments = await this.deleteAttachments(manager, await this.closedThreads(manager, attachments));
    const threads = before('closed_threads');
    if (threads) {
      const ids = await this.closedThreads(manager, threads);
      counts.threadAttachments += await this.deleteAttachments(manager, ids);
      counts.closedThreads = await this.anonymiseThreads(manager, ids, now);
    }
    const tokens = before('expired_tokens');
    if (tokens) {
      counts.emailLinks = (await manager.delete(EmailToken, { expiresAt: LessThan(tokens) })).affected ?? 0;
      counts.residentSessions = (await manager.delete(RefreshToken, { expiresAt: LessThan(tokens) })).affected ?? 0;
    }
    const sessions = before('staff_sessions');
    if (sessions) counts.staffSessions = (await manager.delete(StaffSession, { expiresAt: LessThan(sessions) })).affected ?? 0;
    const audit = before('audit_entries');
    if (audit) counts.auditEntries = (await manager.delete(AuditEntry, { occurredAt: LessThan(audit) })).affected ?? 0;
    return counts;
  }

  /**
   * Closed threads whose last message is older than `before`: a closed thread gets no message (a
   * resident's new one opens it again), so its last message starts the period.
   */
  private async closedThreads(manager: EntityManager, before: Date): Promise<number[]> {
    const rows = await manager.getRepository(Thread).find({ where: { status: 'closed', anonymizedAt: IsNull(), lastMessageAt: LessThan(before) }, select: { id: true } });
    return rows.map((row) => row.id);
  }

  private async deleteAttachments(manager: EntityManager, threadIds: number[]): Promise<number> {
    let deleted = 0;
    for (const ids of slices(threadIds)) deleted += await this.threads.purgeAttachments(manager, ids);
    return deleted;
  }

  private async anonymiseThreads(manager: EntityManager, threadIds: number[], now: Date): Promise<number> {
    let anonymised = 0;
    for (const ids of slices(threadIds)) anonymised += await this.threads.anonymise(manager, ids, now);
    return anonymised;
  }
}
