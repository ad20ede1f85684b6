import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import { requireRole, type Actor } from '../common/actor.js';
import { MAIL_CONFIG, type MailConfig } from '../config/app-config.js';
import { BackgroundRun } from '../common/background-run.js';
import { Clock } from '../common/clock.js';
import { maskEmail } from '../common/logging.js';
import type { Locale } from '../common/locale.js';
import { inTransaction, inTurn } from '../database/transaction.js';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { MAX_ATTEMPTS, retryDelayMs } from './retry-policy.js';
import { replyToOf } from './templates.js';

/**
 * How long a claim holds its messages. An instance that dies holding a claim delays its messages
 * by at most this long: another instance (or this one, restarted) takes them over once it expires.
 * A live instance renews its claim while it works through a batch (under LEASE_RENEW_MS left), and
 * the SMTP transport's timeouts keep one send well under it (see mail-transport.ts).
 */
export const LEASE_MS = 60_000;
const LEASE_RENEW_MS = LEASE_MS / 2;
const BATCH = 20;
/** Retries of the `sent` mark of a message that went out while the database was unreachable. */
const MARK_RETRY_FIRST_MS = 250;
const MARK_RETRY_MAX_MS = 5_000;
/** A bound on the marks kept in memory: beyond it nothing more is sent until they are recorded. */
const MAX_UNRECORDED = 1_000;
/** At most one warning per outage of the database (or a transport-independent failure) this long. */
const WARN_EVERY_MS = 60_000;
/** While the mail server is unreachable, how often it is asked whether it answers again. */
const PROBE_EVERY_MS = 5_000;

/** A message that was sent but whose `sent` mark has not reached the database yet. */
interface UnrecordedMark {
  message: OutboxMessage;
  claimId: string;
  changes: Partial<OutboxMessage>;
  tries: number;
  nextTryAt: number;
}

/** The Message-ID of an outbox message: its own (a thread's reply), or one made of its id and creation time. */
export function outboxMessageId(message: Pick<OutboxMessage, 'id' | 'messageId' | 'createdAt'>): string {
  return message.messageId ?? `<outbox-${message.id}-${message.createdAt.getTime()}@guichet-loisirs>`;
}

/** Turns a deferred request (`OutboxService.defer`) into emails, inside the dispatcher's transaction. */
export type DeferredResolver = (manager: EntityManager, recipient: string, locale: Locale) => Promise<void>;

/**
 * Sends the outbox. Messages are claimed row by row (SELECT … FOR UPDATE SKIP LOCKED on MySQL/MariaDB)
 * and marked with this instance and a lease, so that several instances never send the same message;
 * a lease left by a crashed instance expires and another one takes the message over.
 *
 * The database may go away at any point of a run (a restart, a failover). A message sent whose
 * `sent` mark could not be written is kept in memory and its mark retried, with backoff, before
 * anything else, so that it is neither lost nor sent again; the messages this instance had
 * claimed but not sent are released at the start of the next run, once the database answers
 * again. The timer keeps running through the outage.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  readonly instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly runs = new BackgroundRun(() => this.dispatchAll());
  private claims = 0;
  private readonly resolvers = new Map<string, DeferredResolver>();
  /** Claims made by this instance whose batch did not run to its end (released at the next run). */
  private readonly openClaims = new Set<string>();
  private readonly unrecorded = new Map<number, UnrecordedMark>();
  private failingSince: number | null = null;
  private lastWarnAt = 0;
  /** A send failed because the mail server could not be reached: its return pulls the retries forward. */
  private transportDown = false;
  private probing = false;
  private lastProbeAt = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  onApplicationBootstrap(): void {
    this.runs.every(this.config.mailDispatchIntervalMs, (error) => this.runFailed(error), () => this.runSucceeded());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runs.stop();
    // Last chance for the marks of messages already sent (otherwise sent again once their lease expires).
    if (this.unrecorded.size) await this.recordMarks(true).catch(() => undefined);
    if (this.unrecorded.size) this.logger.warn({ outboxIds: [...this.unrecorded.keys()] }, 'Emails sent but not marked sent: they may be sent again');
  }

  /** Messages sent whose `sent` mark waits for the database (for the tests and the logs). */
  get unrecordedMarks(): number {
    return this.unrecorded.size;
  }

  /** How the deferred requests of one kind are resolved (see `OutboxService.defer`). */
  resolveWith(kind: string, resolver: DeferredResolver): void {
    this.resolvers.set(kind, resolver);
  }

  /** Sends every message that is due; returns how many were sent. One run at a time per instance. */
  dispatchDue(): Promise<number> {
    return this.runs.run();
  }

  private async dispatchAll(): Promise<number> {
    this.probeIfDown();
    // What an earlier run left behind when the database went away: first the marks of messages
    // already sent (while one is unrecorded, nothing else runs), then the claims it held.
    if (!(await this.recordMarks())) return 0;
    await this.releaseOpenClaims();
    let sent = 0;
    for (;;) {
      const { claimId, batch, until } = await this.claim();
      if (!batch.length) {
        this.openClaims.delete(claimId);
        return sent;
      }
      let leaseEnd = until;
      for (const message of batch) {
        if (leaseEnd - this.clock.now().getTime() < LEASE_RENEW_MS) leaseEnd = await this.renew(claimId);
        const resolver = this.resolvers.get(message.template);
        if (resolver) await this.resolve(message, claimId, resolver);
        // A deferred request has no body: never mailed as it is, even if its resolver is missing.
        else if (message.textBody === null) await this.retryLater(message, claimId, new Error(`No resolver for ${message.template}`));
        else if (await this.deliver(message, claimId)) sent++;
      }
      this.openClaims.delete(claimId);
    }
  }

  /**
   * Writes the `sent` marks kept in memory, each when its backoff allows (all of them when
   * `force`); true when none is left. A mark whose claim was taken over meanwhile (the lease
   * expired during a long outage and another instance claimed the message) is dropped.
   */
  private async recordMarks(force = false): Promise<boolean> {
    for (const [id, mark] of this.unrecorded) {
      if (!force && mark.nextTryAt > Date.now()) return false;
      try {
        // The first try may have committed, its answer lost with the connection: then it reads as sent.
        const kept = (await this.updateClaimed(mark.message, mark.claimId, mark.changes)) || (await this.dataSource.getRepository(OutboxMessage).existsBy({ id, status: 'sent' }));
        this.unrecorded.delete(id);
        if (kept) this.logger.log({ outboxId: id, tries: mark.tries }, 'Email marked sent once the database answered again');
        else this.logger.warn({ outboxId: id }, 'Email sent, but its claim was taken over before it could be marked sent: it may be sent twice');
      } catch (error) {
        mark.tries++;
        mark.nextTryAt = Date.now() + Math.min(MARK_RETRY_FIRST_MS * 2 ** mark.tries, MARK_RETRY_MAX_MS);
        throw error;
      }
    }
    return true;
  }

  /** This instance's claims of runs that stopped half-way: their messages are due again, now. */
  private async releaseOpenClaims(): Promise<void> {
    if (!this.openClaims.size) return;
    const claims = [...this.openClaims];
    const released = await inTurn(this.dataSource, () =>
      this.dataSource.getRepository(OutboxMessage).update({ lockedBy: In(claims), status: 'sending' }, { status: 'pending', lockedBy: null, lockedUntil: null }),
    );
    for (const claim of claims) this.openClaims.delete(claim);
    if (released.affected) this.logger.log({ released: released.affected }, 'Emails of an interrupted run queued again');
  }

  /** Extends this claim's lease on the messages it still holds; the new end of the lease. */
  private async renew(claimId: string): Promise<number> {
    const until = this.clock.now().getTime() + LEASE_MS;
    await inTurn(this.dataSource, () => this.dataSource.getRepository(OutboxMessage).update({ lockedBy: claimId, status: 'sending' }, { lockedUntil: new Date(until) }));
    return until;
  }

  private runSucceeded(): void {
    // A run that only waited for the backoff of an unrecorded mark has not succeeded yet.
    if (this.failingSince === null || this.unrecorded.size) return;
    this.logger.log({ failingForMs: Date.now() - this.failingSince }, 'Outbox dispatch running again');
    this.failingSince = null;
  }

  /** A run that failed (the database is unreachable…): warned once, not at every tick of the timer. */
  private runFailed(error: unknown): void {
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.lastWarnAt < WARN_EVERY_MS) return;
    this.lastWarnAt = now;
    const e = error as { code?: unknown; driverError?: { code?: unknown }; message?: unknown };
    this.logger.warn({ code: e?.driverError?.code ?? e?.code, reason: String(e?.message ?? error).slice(0, 200), unrecordedMarks: this.unrecorded.size }, 'Outbox dispatch failed; retrying');
  }

  /**
   * Marks a batch of due messages as this instance's, for CLAIM_MS. On MySQL/MariaDB the rows are
   * read FOR UPDATE SKIP LOCKED, so that concurrent instances take disjoint batches; SQLite runs one
   * writer at a time, where a single UPDATE is atomic. On a Galera cluster those locks hold on one
   * node only: two nodes may mark the same rows, and the second commit fails certification and is
   * replayed (the rows are no longer due by then). Either way only the rows read back under this
   * claim's id, after its commit, are sent.
   */
  private async claim(): Promise<{ claimId: string; batch: OutboxMessage[]; until: number }> {
    const now = this.clock.now();
    const lockedUntil = new Date(now.getTime() + LEASE_MS);
    const claimId = `${this.instanceId}:${++this.claims}`;
    // Before the UPDATE: if the database goes away, the UPDATE may have committed unbeknown to us.
    this.openClaims.add(claimId);
    const due = '(o.status = :pending AND o.nextAttemptAt <= :now) OR (o.status = :sending AND o.lockedUntil < :now)';
    const params = { pending: 'pending', sending: 'sending', now };
    if (this.dataSource.options.type === 'better-sqlite3') {
      const ids = this.dataSource.createQueryBuilder(OutboxMessage, 'o').select('o.id').where(due).orderBy('o.id', 'ASC').limit(BATCH);
      await inTurn(this.dataSource, () =>
        this.dataSource
          .createQueryBuilder()
          .update(OutboxMessage)
          .set({ status: 'sending', lockedBy: claimId, lockedUntil })
          .where(`id IN (${ids.getQuery()})`)
          .setParameters(params)
          .execute(),
      );
    } else {
      await inTransaction(this.dataSource, async (manager) => {
        const rows = await manager
          .createQueryBuilder(OutboxMessage, 'o')
          .select('o.id')
          .where(due, params)
          .orderBy('o.id', 'ASC')
          .limit(BATCH)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        if (rows.length) {
          await manager.update(OutboxMessage, { id: In(rows.map((r) => r.id)) }, { status: 'sending', lockedBy: claimId, lockedUntil });
        }
      });
    }
    const batch = await this.dataSource.getRepository(OutboxMessage).find({ where: { lockedBy: claimId, status: 'sending' }, order: { id: 'ASC' } });
    return { claimId, batch, until: lockedUntil.getTime() };
  }

  /**
   * A deferred request becomes the emails its resolver enqueues, in one transaction that also
   * deletes the request (only while this claim holds it): it is resolved once, or retried later.
   */
  private async resolve(message: OutboxMessage, claimId: string, resolver: DeferredResolver): Promise<void> {
    try {
      await inTransaction(this.dataSource, async (manager) => {
        const mine = await manager.delete(OutboxMessage, { id: message.id, lockedBy: claimId });
        if (mine.affected) await resolver(manager, message.recipient, message.locale as Locale);
      });
    } catch (error) {
      await this.retryLater(message, claimId, error);
    }
  }

  private async deliver(message: OutboxMessage, claimId: string): Promise<boolean> {
    let where: string;
    try {
      where = await this.transport.send({
        messageId: outboxMessageId(message),
        inReplyTo: message.inReplyTo ?? undefined,
        references: message.threadReferences ?? undefined,
        from: this.config.mailFrom,
        replyTo: replyToOf(message.template, this.config.mailboxAddress),
        to: message.recipient,
        subject: message.subject,
        text: message.textBody ?? '',
        html: message.htmlBody ?? '',
        tag: `${message.id}-${message.template}`,
      });
    } catch (error) {
      if (unreachable(error)) this.transportDown = true;
      await this.retryLater(message, claimId, error);
      return false;
    }
    this.logger.log({ outboxId: message.id, template: message.template, to: maskEmail(message.recipient), transport: this.transport.kind }, 'Email sent');
    if (this.transport.kind === 'file' && this.config.env === 'development') this.logDevLink(message, where);
    const changes: Partial<OutboxMessage> = {
      status: 'sent',
      sentAt: this.clock.now(),
      attempts: message.attempts + 1,
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
      textBody: null,
      htmlBody: null,
    };
    try {
      await this.updateClaimed(message, claimId, changes);
    } catch (error) {
      // Sent, but the database is gone: the mark is kept and retried before anything else, and
      // this run stops (the rest of the batch is released once the database answers).
      if (this.unrecorded.size >= MAX_UNRECORDED) this.logger.error({ outboxId: message.id }, 'Too many emails sent but not marked sent: this one may be sent again');
      else this.unrecorded.set(message.id, { message, claimId, changes, tries: 0, nextTryAt: Date.now() + MARK_RETRY_FIRST_MS });
      throw error;
    }
    // Marked first: what a send proves about the server waits behind the mark, never the other way round.
    if (this.transportDown) await this.transportBack();
    return true;
  }

  /**
   * While the mail server is unreachable, asks it every PROBE_EVERY_MS whether it answers again
   * (SMTP: a connection and EHLO), beside the runs: the emails refused meanwhile wait for their
   * backoff (30 s, then 1 min…), and would otherwise go out that long after its return.
   */
  private probeIfDown(): void {
    if (!this.transportDown || this.probing || !this.transport.verify || Date.now() - this.lastProbeAt < PROBE_EVERY_MS) return;
    this.probing = true;
    this.lastProbeAt = Date.now();
    this.transport
      .verify()
      .then(
        () => this.transportBack(),
        () => undefined,
      )
      .finally(() => {
        this.probing = false;
      });
  }

  /** The mail server answers again: every email waiting for a retry is due now, on every instance. */
  private async transportBack(): Promise<void> {
    this.transportDown = false;
    const now = this.clock.now();
    try {
      const due = await inTurn(this.dataSource, () =>
        this.dataSource
          .createQueryBuilder()
          .update(OutboxMessage)
          .set({ nextAttemptAt: now })
          .where('status = :pending AND attempts > 0 AND nextAttemptAt > :now', { pending: 'pending', now })
          .execute(),
      );
      this.logger.log({ due: due.affected ?? 0 }, 'Mail server answering again: the emails waiting for a retry are due now');
    } catch {
      // The database is away: tried again at the next send or probe.
      this.transportDown = true;
    }
  }

  private async retryLater(message: OutboxMessage, claimId: string, error: unknown): Promise<void> {
    const attempts = message.attempts + 1;
    const failed = attempts >= MAX_ATTEMPTS;
    const reason = String((error as Error)?.message ?? error)
      .replace(/[^\s@<>]+@[^\s@<>]+/g, '[address]')
      .slice(0, 500);
    await this.updateClaimed(message, claimId, {
      status: failed ? 'failed' : 'pending',
      attempts,
      nextAttemptAt: new Date(this.clock.now().getTime() + retryDelayMs(attempts)),
      lockedBy: null,
      lockedUntil: null,
      lastError: reason,
    });
    this.logger.warn({ outboxId: message.id, attempts, failed, reason }, 'Email not sent');
  }

  /**
   * The panel (an administrator, issue #7): a failed message goes back to the queue, due now, its
   * attempts kept (one more failure fails it again). Conditional on it still being failed.
   */
  async retry(messageId: number, actor: Actor): Promise<boolean> {
    // Administrators only (the panel's matrix says the same).
    requireRole(actor, ['administrator']);
    const retried = await inTransaction(this.dataSource, async (manager) => {
      const result = await manager.update(OutboxMessage, { id: messageId, status: 'failed' }, { status: 'pending', nextAttemptAt: this.clock.now(), lockedBy: null, lockedUntil: null });
      if (!result.affected) return false;
      await this.audit.record(manager, { actor, action: 'retry', resource: 'outbox', recordId: messageId, changes: { status: { before: 'failed', after: 'pending' } } });
      return true;
    });
    if (!retried) return false;
    this.logger.log({ outboxId: messageId }, 'Failed email queued again from the panel');
    return true;
  }

  /** Changes the message only while this claim holds it; false when it no longer does. */
  private async updateClaimed(message: OutboxMessage, claimId: string, changes: Partial<OutboxMessage>): Promise<boolean> {
    const result = await inTurn(this.dataSource, () => this.dataSource.getRepository(OutboxMessage).update({ id: message.id, lockedBy: claimId }, changes));
    return !!result.affected;
  }

  /**
   * Development convenience of the file mode (SPEC §4): the link is printed alone on a plain line,
   * ready to copy (the .eml is quoted-printable, where a long link is cut across lines). Never in
   * production, which sends by SMTP and keeps single-use links out of its logs.
   */
  private logDevLink(message: OutboxMessage, file: string): void {
    this.logger.log({ outboxId: message.id, file }, 'Email written to a file (SMTP_URL is not set)');
    const link = message.textBody?.match(/https?:\/\/\S*token=\S+/)?.[0];
    if (link) process.stdout.write(`\n  ${message.template} for ${maskEmail(message.recipient)}, the link of the email:\n\n${link}\n\n`);
  }
}

/**
 * A send that failed because the mail server could not be reached or was closing (no SMTP answer,
 * or 421), not because it refused this message (a 5xx for its recipient, say).
 */
function unreachable(error: unknown): boolean {
  const responseCode = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof responseCode !== 'number' || responseCode === 421;
}
