import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { ThrottleService } from '../security/throttle.service.js';
import { canonicalEmail } from '../common/email-address.js';
import { maskEmail } from '../common/logging.js';
import { CITY_CONFIG, MAILBOX_CONFIG, type CityConfig, type MailboxConfig } from '../config/app-config.js';
import { isUniqueViolation } from '../database/transaction.js';
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
import { messageIdDomain, referenceOfUnguessableId } from './message-ids.js';
import { ThreadMessage } from './thread-message.entity.js';
import { ThreadWriter, type NewAttachment } from './thread-writer.js';
import { Thread } from './thread.entity.js';

export type FilingOutcome =
  | { outcome: 'opened' | 'replied'; threadId: number; reference: string }
  /** Already filed (its Message-ID is on record): nothing written. */
  | { outcome: 'duplicate' };

interface Content {
  body: string;
  attachments: NewAttachment[];
}

const SUBJECT_MAX_CHARS = 200;

/**
 * Files an email into the mailbox (M1): a reply joins its thread (by In-Reply-To/References, or by
 * the `[DM-…]` reference in its subject when it comes from the thread's address), anything else
 * opens a thread due 72 business hours after the moment it is filed, acknowledged by email; the
 * thread and its messages are written by `ThreadWriter`, as the API's and the desk's are. An
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
    @Inject(CITY_CONFIG) city: CityConfig,
    @Inject(MAILBOX_CONFIG) mailbox: MailboxConfig,
    private readonly writer: ThreadWriter,
    private readonly throttle: ThrottleService,
  ) {
    this.domain = messageIdDomain(city.publicUrl);
    this.trustedServer = mailbox.imapTrustedAuthservId;
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
    const thread = await this.writer.open({
      accountId: account?.id ?? null,
      email: sender,
      unverifiedSender: !vouched,
      category: 'other',
      subject,
      source: 'email',
      locale,
      message: { body: content.body, messageId: key, attachments: content.attachments },
      acknowledge: acknowledge ? { greeting: account?.firstName ?? (locale === 'en' ? 'Hello' : 'Bonjour') } : null,
    });
    this.logger.log({ reference: thread.reference, from: sender ? maskEmail(sender) : null, accountId: thread.accountId, verified: vouched, attachments: content.attachments.length, acknowledged: acknowledge }, 'Mailbox thread opened by email');
    return { outcome: 'opened', threadId: thread.id, reference: thread.reference };
  }

  /** A resident's new message: the thread waits for the city again; its due time does not move (M2, M4). */
  private async reply(thread: Thread, key: string, content: Content, sender: string): Promise<FilingOutcome> {
    await this.writer.addResidentMessage(thread, { body: content.body, messageId: key, attachments: content.attachments });
    this.logger.log({ reference: thread.reference, from: sender ? maskEmail(sender) : null, attachments: content.attachments.length }, 'Mailbox reply by email');
    return { outcome: 'replied', threadId: thread.id, reference: thread.reference };
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
