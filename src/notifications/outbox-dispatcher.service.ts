import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../common/actor.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { maskEmail } from '../common/logging.js';
import type { Locale } from '../common/locale.js';
import { inTransaction, inTurn } from '../database/transaction.js';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { MAX_ATTEMPTS, retryDelayMs } from './retry-policy.js';

const CLAIM_MS = 5 * 60_000;
const BATCH = 20;

/** Turns a deferred request (`OutboxService.defer`) into emails, inside the dispatcher's transaction. */
export type DeferredResolver = (manager: EntityManager, recipient: string, locale: Locale) => Promise<void>;

/**
 * Sends the outbox. Messages are claimed row by row (SELECT … FOR UPDATE SKIP LOCKED on MySQL/MariaDB)
 * and marked with this instance and a lease, so that several instances never send the same message;
 * a lease left by a crashed instance expires and another one takes the message over.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  readonly instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private claims = 0;
  private readonly resolvers = new Map<string, DeferredResolver>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.mailDispatchIntervalMs > 0) {
      this.timer = setInterval(() => void this.dispatchDue().catch(() => undefined), this.config.mailDispatchIntervalMs);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** How the deferred requests of one kind are resolved (see `OutboxService.defer`). */
  resolveWith(kind: string, resolver: DeferredResolver): void {
    this.resolvers.set(kind, resolver);
  }

  /** Sends every message that is due; returns how many were sent. One run at a time per instance. */
  dispatchDue(): Promise<number> {
    this.running ??= this.dispatchAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async dispatchAll(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.claim();
      if (!batch.length) return sent;
      for (const { message, claimId } of batch) {
        const resolver = this.resolvers.get(message.template);
        if (resolver) await this.resolve(message, claimId, resolver);
        // A deferred request has no body: never mailed as it is, even if its resolver is missing.
        else if (message.textBody === null) await this.retryLater(message, claimId, new Error(`No resolver for ${message.template}`));
        else if (await this.deliver(message, claimId)) sent++;
      }
    }
  }

  /**
   * Marks a batch of due messages as this instance's, for CLAIM_MS. On MySQL/MariaDB the rows are
   * read FOR UPDATE SKIP LOCKED, so that concurrent instances take disjoint batches; SQLite runs one
   * writer at a time, where a single UPDATE is atomic. On a Galera cluster those locks hold on one
   * node only: two nodes may mark the same rows, and the second commit fails certification and is
   * replayed (the rows are no longer due by then). Either way only the rows read back under this
   * claim's id, after its commit, are sent.
   */
  private async claim(): Promise<Array<{ message: OutboxMessage; claimId: string }>> {
    const now = this.clock.now();
    const lockedUntil = new Date(now.getTime() + CLAIM_MS);
    const claimId = `${this.instanceId}:${++this.claims}`;
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
    const claimed = await this.dataSource.getRepository(OutboxMessage).find({ where: { lockedBy: claimId, status: 'sending' }, order: { id: 'ASC' } });
    return claimed.map((message) => ({ message, claimId }));
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
        messageId: message.messageId ?? `<outbox-${message.id}-${message.createdAt.getTime()}@guichet-loisirs>`,
        inReplyTo: message.inReplyTo ?? undefined,
        references: message.threadReferences ?? undefined,
        from: this.config.mailFrom,
        to: message.recipient,
        subject: message.subject,
        text: message.textBody ?? '',
        html: message.htmlBody ?? '',
        tag: `${message.id}-${message.template}`,
      });
    } catch (error) {
      await this.retryLater(message, claimId, error);
      return false;
    }
    // Once the server took it, the email is never put back in the queue: a failure to record it
    // (the database gone, conflicts beyond the replays) leaves it claimed, and logged.
    await this.updateClaimed(message, claimId, {
      status: 'sent',
      sentAt: this.clock.now(),
      attempts: message.attempts + 1,
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
      textBody: null,
      htmlBody: null,
    }).catch((error: unknown) => this.logger.error({ outboxId: message.id, reason: String((error as Error)?.message ?? error).slice(0, 300) }, 'Email sent but not recorded as sent'));
    this.logger.log({ outboxId: message.id, template: message.template, to: maskEmail(message.recipient), transport: this.transport.kind }, 'Email sent');
    if (this.transport.kind === 'file' && this.config.env === 'development') this.logDevLink(message, where);
    return true;
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

  /** Changes the message only while this claim holds it. */
  private async updateClaimed(message: OutboxMessage, claimId: string, changes: Partial<OutboxMessage>): Promise<void> {
    await inTurn(this.dataSource, () => this.dataSource.getRepository(OutboxMessage).update({ id: message.id, lockedBy: claimId }, changes));
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
