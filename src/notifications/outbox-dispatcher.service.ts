import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { maskEmail } from '../common/logging.js';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { MAX_ATTEMPTS, retryDelayMs } from './retry-policy.js';

const CLAIM_MS = 5 * 60_000;
const BATCH = 20;

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

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
      for (const message of batch) if (await this.deliver(message)) sent++;
    }
  }

  private async claim(): Promise<OutboxMessage[]> {
    const now = new Date();
    return this.dataSource.transaction(async (manager) => {
      let query = manager
        .createQueryBuilder(OutboxMessage, 'o')
        .where('(o.status = :pending AND o.nextAttemptAt <= :now) OR (o.status = :sending AND o.lockedUntil < :now)', {
          pending: 'pending',
          sending: 'sending',
          now,
        })
        .orderBy('o.id', 'ASC')
        .limit(BATCH);
      if (this.dataSource.options.type !== 'better-sqlite3') {
        query = query.setLock('pessimistic_write').setOnLocked('skip_locked');
      }
      const rows = await query.getMany();
      if (!rows.length) return [];
      const lockedUntil = new Date(now.getTime() + CLAIM_MS);
      await manager.update(
        OutboxMessage,
        { id: In(rows.map((r) => r.id)) },
        { status: 'sending', lockedBy: this.instanceId, lockedUntil },
      );
      return rows;
    });
  }

  private async deliver(message: OutboxMessage): Promise<boolean> {
    const repo = this.dataSource.getRepository(OutboxMessage);
    const mine = { id: message.id, lockedBy: this.instanceId };
    try {
      const where = await this.transport.send({
        messageId: `<outbox-${message.id}-${message.createdAt.getTime()}@guichet-loisirs>`,
        from: this.config.mailFrom,
        to: message.recipient,
        subject: message.subject,
        text: message.textBody ?? '',
        html: message.htmlBody ?? '',
        tag: `${message.id}-${message.template}`,
      });
      await repo.update(mine, {
        status: 'sent',
        sentAt: new Date(),
        attempts: message.attempts + 1,
        lockedBy: null,
        lockedUntil: null,
        lastError: null,
        textBody: null,
        htmlBody: null,
      });
      this.logger.log({ outboxId: message.id, template: message.template, to: maskEmail(message.recipient), transport: this.transport.kind }, 'Email sent');
      if (this.transport.kind === 'file' && this.config.env !== 'production') this.logDevLink(message, where);
      return true;
    } catch (error) {
      const attempts = message.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      const reason = String((error as Error)?.message ?? error)
        .replace(/[^\s@<>]+@[^\s@<>]+/g, '[address]')
        .slice(0, 500);
      await repo.update(mine, {
        status: failed ? 'failed' : 'pending',
        attempts,
        nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)),
        lockedBy: null,
        lockedUntil: null,
        lastError: reason,
      });
      this.logger.warn({ outboxId: message.id, attempts, failed, reason }, 'Email not sent');
      return false;
    }
  }

  /** Development convenience of the file mode (SPEC §4): the link is printed so that nobody has to open the file. */
  private logDevLink(message: OutboxMessage, file: string): void {
    const link = message.textBody?.match(/https?:\/\/\S*token=\S+/)?.[0];
    this.logger.log({ outboxId: message.id, file, link }, 'Email written to a file (SMTP_URL is not set)');
  }
}
