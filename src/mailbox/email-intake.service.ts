import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { DataSource, In, IsNull, Not, type EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { ThrottleService } from '../security/throttle.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { canonicalEmail } from '../common/email-address.js';
import { maskEmail } from '../common/logging.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { inTransaction, isUniqueViolation } from '../database/transaction.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { vouchedFor } from './authentication-results.js';
import {
  ATTACHMENT_MAX_BYTES,
  guessLocale,
  htmlToText,
  isAutomatic,
  limitBody,
  megabytes,
  messageKey,
  referencedMessageIds,
  referenceInSubject,
  safeContentType,
  safeFilename,
} from './email-text.js';
import { MailboxService } from './mailbox.service.js';
import { messageIdDomain, referenceOfUnguessableId } from './message-ids.js';
import { ThreadAttachment } from './thread-attachment.entity.js';
import { ThreadMessage } from './thread-message.entity.js';
import { Thread } from './thread.entity.js';

export type FilingOutcome =
  | { outcome: 'opened' | 'replied'; threadId: number; reference: string }
  /** Already filed (its Message-ID is on record): nothing written. */
  | { outcome: 'duplicate' };

interface Content {
  body: string;
  attachments: Array<Pick<ThreadAttachment, 'filename' | 'contentType' | 'size' | 'content'>>;
}

const SUBJECT_MAX_CHARS = 200;
const ATTACHMENT_SLICE_BYTES = 1024 * 1024;

/**
 * Files an email into the mailbox (M1): a reply joins its thread (by In-Reply-To/References, or by
 * the `[DM-…]` reference in its subject when it comes from the thread's address), anything else
 * opens a thread due 72 business hours after the moment it is filed, acknowledged by email. An
 * email is filed once: its Message-ID (or a digest of its source) is unique among the messages.
 *
 * `From:` is whatever the sender wrote: only an email the city's mail server vouches for
 * (IMAP_TRUSTED_AUTHSERV_ID, see authentication-results.ts) may join a thread, reach an account or
 * be acknowledged. Any other opens a thread of its own, marked « Expéditeur non vérifié », for a
 * person to read; it gets no acknowledgement, so that nobody can make the city's server write to
 * an address of their choosing.
 */
@Injectable()
export class EmailIntake {
  private readonly logger = new Logger('Mailbox');
  private readonly domain: string;
  private readonly trustedServer: string | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly mailbox: MailboxService,
    private readonly calendar: CalendarService,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
  ) {
    this.domain = messageIdDomain(config.publicUrl);
    this.trustedServer = config.imapTrustedAuthservId;
  }

  async file(raw: Buffer): Promise<FilingOutcome> {
    const parsed = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    const key = messageKey(parsed.messageId, raw);
    if (await this.dataSource.getRepository(ThreadMessage).existsBy({ messageId: key })) return { outcome: 'duplicate' };
    const sender = canonicalEmail(parsed.from?.value.find((address) => address.address)?.address ?? '').slice(0, 254);
    const content = this.content(parsed);
    const vouched = this.vouched(parsed, sender);
    try {
      const thread = vouched ? await this.threadRepliedTo(parsed, sender) : null;
      return thread ? await this.reply(thread, key, content, sender) : await this.open(parsed, key, content, sender, vouched);
    } catch (error) {
      // Another poll filed it meanwhile: the unique Message-ID kept it to one.
      if (isUniqueViolation(error) && (await this.dataSource.getRepository(ThreadMessage).existsBy({ messageId: key }))) return { outcome: 'duplicate' };
      throw error;
    }
  }

  private async open(parsed: ParsedMail, key: string, content: Content, sender: string, vouched: boolean): Promise<FilingOutcome> {
    const receivedAt = this.clock.now();
    const dueAt = await this.calendar.dueAt(receivedAt);
    const account = vouched
      ? await this.dataSource.getRepository(Account).findOneBy({ email: sender, emailVerifiedAt: Not(IsNull()) })
      : null;
    const subject = Array.from((parsed.subject ?? '').replace(/\s+/g, ' ').trim()).slice(0, SUBJECT_MAX_CHARS).join('') || '(sans objet)';
    const locale = guessLocale(`${subject}\n${content.body}`);
    const header = (name: string) => {
      const value = parsed.headers.get(name);
      return value === undefined ? undefined : String(typeof value === 'object' && value && 'value' in value ? value.value : value);
    };
    const acknowledge = vouched && !isAutomatic(header, sender) && (await this.throttle.allowEmailTo(sender));
    const thread = await inTransaction(this.dataSource, async (manager) => {
      const saved = await manager.save(
        manager.create(Thread, {
          reference: await this.mailbox.nextReference(manager),
          accountId: account?.id ?? null,
          email: sender,
          unverifiedSender: !vouched,
          category: 'other',
          subject,
          status: 'open',
          source: 'email',
          locale,
          receivedAt,
          dueAt,
          lastMessageAt: receivedAt,
        }),
      );
      await this.insertMessage(manager, saved.id, key, content, receivedAt);
      if (acknowledge) await this.mailbox.acknowledge(manager, saved, account?.firstName ?? (locale === 'en' ? 'Hello' : 'Bonjour'), locale, key);
      return saved;
    });
    this.logger.log({ reference: thread.reference, from: sender ? maskEmail(sender) : null, accountId: thread.accountId, verified: vouched, attachments: content.attachments.length, acknowledged: acknowledge }, 'Mailbox thread opened by email');
    return { outcome: 'opened', threadId: thread.id, reference: thread.reference };
  }

  /** A resident's new message: the thread waits for the city again; its due time does not move (M2, M4). */
  private async reply(thread: Thread, key: string, content: Content, sender: string): Promise<FilingOutcome> {
    const now = this.clock.now();
    await inTransaction(this.dataSource, async (manager) => {
      await this.insertMessage(manager, thread.id, key, content, now);
      await manager.update(Thread, { id: thread.id }, { status: 'open', lastMessageAt: now });
    });
    this.logger.log({ reference: thread.reference, from: sender ? maskEmail(sender) : null, attachments: content.attachments.length }, 'Mailbox reply by email');
    return { outcome: 'replied', threadId: thread.id, reference: thread.reference };
  }

  private async insertMessage(manager: EntityManager, threadId: number, key: string, content: Content, at: Date): Promise<void> {
    const { identifiers } = await manager.insert(ThreadMessage, { threadId, author: 'resident', visibility: 'public', body: content.body, messageId: key, createdAt: at });
    const messageId = Number(identifiers[0].id);
    for (const attachment of content.attachments) await this.insertAttachment(manager, { ...attachment, threadId, messageId });
  }

  /**
   * mysql2 writes bytes into the SQL text as hexadecimal, twice their size: a 10 MB file in one
   * INSERT would pass MySQL's max_allowed_packet (16 MB by default). On MySQL/MariaDB the content
   * goes in slices of 1 MB, in the same transaction; SQLite takes it at once.
   */
  private async insertAttachment(manager: EntityManager, attachment: Omit<ThreadAttachment, 'id' | 'thread' | 'message' | 'createdAt'>): Promise<void> {
    const mysql = manager.connection.options.type !== 'better-sqlite3';
    const slice = mysql ? ATTACHMENT_SLICE_BYTES : attachment.content.length;
    const { identifiers } = await manager.insert(ThreadAttachment, { ...attachment, content: attachment.content.subarray(0, slice) });
    for (let offset = slice; offset < attachment.content.length; offset += slice) {
      await manager.query('UPDATE thread_attachments SET content = CONCAT(content, ?) WHERE id = ?', [attachment.content.subarray(offset, offset + slice), identifiers[0].id]);
    }
  }

  /**
   * Whether the city's mail server vouches for the sender (one From address), by the
   * `Authentication-Results` headers it added; with no trusted server configured, nobody is.
   */
  private vouched(parsed: ParsedMail, sender: string): boolean {
    if (!sender || (parsed.from?.value.filter((address) => address.address).length ?? 0) !== 1) return false;
    const results = parsed.headerLines.filter((header) => header.key === 'authentication-results').map((header) => header.line.slice(header.line.indexOf(':') + 1));
    return vouchedFor(results, this.trustedServer, sender);
  }

  /**
   * The thread an email from a vouched sender answers: the one whose email sent by the city it names
   * in In-Reply-To/References (a Message-ID with a random part, found in the outbox: only its
   * recipient knows it); else the thread whose reference its subject carries, if it comes from that
   * thread's own address (references are sequential: anyone could guess one).
   */
  private async threadRepliedTo(parsed: ParsedMail, sender: string): Promise<Thread | null> {
    const threads = this.dataSource.getRepository(Thread);
    const ids = referencedMessageIds(parsed.inReplyTo, parsed.references).filter((id) => referenceOfUnguessableId(id, this.domain));
    if (ids.length) {
      const sent = await this.dataSource.getRepository(OutboxMessage).find({ where: { messageId: In(ids) }, select: { id: true, messageId: true } });
      const nearest = ids.find((id) => sent.some((message) => message.messageId === id));
      if (nearest) return threads.findOneBy({ reference: referenceOfUnguessableId(nearest, this.domain)! });
    }
    const reference = referenceInSubject(parsed.subject ?? '');
    if (!reference || !sender) return null;
    const thread = await threads.findOneBy({ reference });
    return thread && thread.email.toLowerCase() === sender ? thread : null;
  }

  /** The text (from the HTML when there is no text part), the attachments kept, and a note for each one left out. */
  private content(parsed: ParsedMail): Content {
    const text = parsed.text?.trim() ? parsed.text : parsed.html ? htmlToText(parsed.html) : '';
    const attachments: Content['attachments'] = [];
    const notes: string[] = [];
    parsed.attachments.forEach((attachment, index) => {
      const filename = safeFilename(attachment.filename, index + 1);
      const size = attachment.content.length;
      if (size > ATTACHMENT_MAX_BYTES) {
        notes.push(`[Pièce jointe non conservée, trop volumineuse (${megabytes(size)} Mo ; limite ${megabytes(ATTACHMENT_MAX_BYTES)} Mo) : ${filename} / Attachment not kept, too large]`);
        return;
      }
      attachments.push({ filename, contentType: safeContentType(attachment.contentType), size, content: attachment.content });
    });
    return { body: [limitBody(text), ...notes].filter(Boolean).join('\n\n'), attachments };
  }
}
