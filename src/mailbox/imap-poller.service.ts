import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ImapFlow } from 'imapflow';
import { DataSource } from 'typeorm';
import { type ImapConfig, MAILBOX_CONFIG, type MailboxConfig } from '../config/app-config.js';
import { isDatabaseUnavailable } from '../common/database-errors.js';
import { withNamedLockIfFree } from '../database/named-lock.js';
import { BackgroundRun } from '../common/background-run.js';
import { EmailIntake } from './email-intake.service.js';
import { headersOnly, MESSAGE_MAX_BYTES } from './email-text.js';

export interface PollResult {
  /** `off`: no IMAP_URL; `busy`: another instance was polling (MySQL/MariaDB named lock). */
  skipped: 'off' | 'busy' | null;
  opened: number;
  replied: number;
  /** Already filed by an earlier poll that stopped before marking them \Seen: marked now, filed once. */
  duplicates: number;
  /**
   * Could not be filed (logged): left unseen, tried again at the next poll; after FILING_TRIES polls
   * (the database's outages not counted), marked \Seen and \Flagged for a person to read it in the mailbox.
   */
  failed: number;
}

/** Polls an email may fail to be filed in (for a reason other than the database being away) before it is set aside. */
export const FILING_TRIES = 5;

export interface PollOptions {
  /**
   * Stops the poll after the first email is filed and before it is marked \Seen, as a crash or a
   * lost connection at that moment would (the tests prove that nothing is lost nor filed twice).
   */
  stopBeforeMarkingSeen?: boolean;
}

/** The named lock of the poll (`<database>.mailbox-imap`): one instance at a time reads the mailbox. */
export const IMAP_LOCK = 'mailbox-imap';

/**
 * Reads the inscriptions mailbox (IMAP_URL) every IMAP_POLL_INTERVAL_MS: each unseen email is filed
 * (EmailIntake), then marked \Seen, only once its thread and message are committed. A crash between
 * the two leaves it unseen: the next poll finds its Message-ID on record, and only marks it.
 */
@Injectable()
export class ImapPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailboxImap');
  private readonly polls = new BackgroundRun((options: PollOptions = {}) => this.pollOnce(options));
  /** Failed filings by email (`UIDVALIDITY:UID`), this process's count. */
  private readonly filingFailures = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
    private readonly intake: EmailIntake,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.imap) return;
    this.polls.every(this.config.imapPollIntervalMs, (error) => this.logger.warn({ reason: String((error as Error)?.message ?? error) }, 'Mailbox poll failed'));
  }

  onApplicationShutdown(): Promise<void> {
    return this.polls.stop();
  }

  /** One poll; one at a time per instance, and across instances on MySQL/MariaDB. */
  poll(options: PollOptions = {}): Promise<PollResult> {
    return this.polls.run(options);
  }

  private async pollOnce(options: PollOptions): Promise<PollResult> {
    const imap = this.config.imap;
    if (!imap) return { skipped: 'off', opened: 0, replied: 0, duplicates: 0, failed: 0 };
    const held = await withNamedLockIfFree(this.dataSource, IMAP_LOCK, () => this.read(imap, options));
    return held?.value ?? { skipped: 'busy', opened: 0, replied: 0, duplicates: 0, failed: 0 };
  }

  private async read(imap: ImapConfig, options: PollOptions): Promise<PollResult> {
    const result: PollResult = { skipped: null, opened: 0, replied: 0, duplicates: 0, failed: 0 };
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      auth: { user: imap.user, pass: imap.password },
      logger: false,
      disableAutoIdle: true,
    });
    // A dropped connection is reported by the command that fails; this keeps it from being unhandled.
    client.on('error', () => undefined);
    await client.connect();
    try {
      const lock = await client.getMailboxLock(imap.mailbox);
      try {
        const unseen = (await client.search({ seen: false }, { uid: true })) || [];
        for (const uid of unseen) {
          // BODY.PEEK: reading an email does not mark it \Seen; only the step below does.
          const head = await client.fetchOne(String(uid), { size: true, headers: true }, { uid: true });
          if (!head) continue;
          const whole = (head.size ?? 0) > MESSAGE_MAX_BYTES ? null : await client.fetchOne(String(uid), { source: true }, { uid: true });
          const source = whole === null ? headersOnly(head.headers ?? Buffer.alloc(0), head.size ?? 0) : whole && whole.source;
          if (!source) continue;
          try {
            const filed = await this.intake.file(source);
            this.filingFailures.delete(this.filingKey(client, uid));
            if (filed.outcome === 'duplicate') result.duplicates++;
            else result[filed.outcome]++;
          } catch (error) {
            result.failed++;
            await this.filingFailed(client, uid, error);
            continue;
          }
          if (options.stopBeforeMarkingSeen) throw new Error(`Poll stopped after filing the email ${uid}, before marking it \\Seen`);
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    if (result.opened || result.replied || result.duplicates || result.failed) this.logger.log({ ...result }, 'Mailbox polled');
    return result;
  }

  /** An email of the mailbox, across polls: `UIDVALIDITY:UID`. */
  private filingKey(client: ImapFlow, uid: number): string {
    const mailbox = client.mailbox;
    return `${mailbox ? String(mailbox.uidValidity) : ''}:${uid}`;
  }

  /**
   * An email that could not be filed stays unseen for the next poll, unless it failed FILING_TRIES
   * times for a reason of its own: then it is marked \Seen and \Flagged, so that the polls go on
   * without it and a person reads it in the mailbox. While the database is away nothing is counted.
   */
  private async filingFailed(client: ImapFlow, uid: number, error: unknown): Promise<void> {
    const reason = String((error as Error)?.message ?? error).slice(0, 300);
    if (isDatabaseUnavailable(error)) {
      this.logger.warn({ uid, reason }, 'Email not filed, the database being unavailable: left unseen for the next poll');
      return;
    }
    const key = this.filingKey(client, uid);
    const tries = (this.filingFailures.get(key) ?? 0) + 1;
    if (tries < FILING_TRIES) {
      this.filingFailures.set(key, tries);
      this.logger.warn({ uid, tries, reason }, 'Email not filed: left unseen for the next poll');
      return;
    }
    await client.messageFlagsAdd(String(uid), ['\\Seen', '\\Flagged'], { uid: true });
    this.filingFailures.delete(key);
    this.logger.error({ uid, tries, reason }, 'Email not filed after several polls: marked seen and flagged in the mailbox, for a person to read it there');
  }
}
