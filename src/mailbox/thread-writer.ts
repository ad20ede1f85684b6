import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not, type EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { AuditLog } from '../audit/audit-log.js';
import { CalendarService } from '../calendar/calendar.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import type { Locale } from '../common/locale.js';
import { CITY_CONFIG, type CityConfig } from '../config/app-config.js';
import { nextSequenceValue } from '../database/sequences.js';
import { inTransaction } from '../database/transaction.js';
import { OutboxService } from '../notifications/outbox.service.js';
import type { Staff } from '../staff/staff.entity.js';
import { messageIdDomain, threadMessageId } from './message-ids.js';
import { ThreadAttachment } from './thread-attachment.entity.js';
import { ThreadMessage } from './thread-message.entity.js';
import { dueWords, isClosed, isMessageBody, threadReference } from './thread-rules.js';
import { Thread, type ThreadCategory, type ThreadStatus } from './thread.entity.js';

export type NewAttachment = Pick<ThreadAttachment, 'filename' | 'contentType' | 'size' | 'content'>;

/** A resident's message, from the API or an email. */
export interface ResidentMessage {
  body: string;
  /** The email's Message-ID (or a digest of its source), which files it once; none from the API. */
  messageId?: string;
  attachments?: NewAttachment[];
}

export interface OpeningThread {
  accountId: number | null;
  /** Where replies go: the account's address, or the email's sender. */
  email: string;
  /** « Expéditeur non vérifié »: an email its sender's server did not vouch for. */
  unverifiedSender?: boolean;
  category: ThreadCategory;
  subject: string;
  source: Thread['source'];
  locale: Locale;
  /** The first message; one from the API gets a Message-ID of ours, which the acknowledgement answers. */
  message: ResidentMessage;
  /** Whom the acknowledgement greets; null: none is sent (the caller decided: trust, caps, automatic mail). */
  acknowledge: { greeting: string } | null;
}

/** How many earlier Message-IDs a reply's References carries (the first ones and the last ones matter to mail clients). */
const MAX_REFERENCES = 20;
const ATTACHMENT_SLICE_BYTES = 1024 * 1024;

/**
 * The one writer of threads, their messages and attachments (M1–M4), whoever acts: the residents'
 * API, the email intake and the staff's desk. It allocates the reference, fixes the due time at
 * receipt (72 business hours, the business calendar), sends the acknowledgement and the staff's
 * replies through the outbox, and writes the audit line of every staff change. The callers keep
 * their own concerns: who is asking (HTTP, account scoping, role), and whether an email is trusted.
 */
@Injectable()
export class ThreadWriter {
  private readonly domain: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CITY_CONFIG) config: CityConfig,
    private readonly calendar: CalendarService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.domain = messageIdDomain(config.publicUrl);
  }

  /** A new thread, due 72 business hours after now (fixed then, whatever follows), with its first message. */
  async open(opening: OpeningThread): Promise<Thread> {
    const receivedAt = this.clock.now();
    const dueAt = await this.calendar.dueAt(receivedAt);
    return inTransaction(this.dataSource, async (manager) => {
      const thread = await manager.save(
        manager.create(Thread, {
          reference: await this.nextReference(manager),
          accountId: opening.accountId,
          email: opening.email,
          unverifiedSender: opening.unverifiedSender ?? false,
          category: opening.category,
          subject: opening.subject,
          status: 'open',
          source: opening.source,
          locale: opening.locale,
          receivedAt,
          dueAt,
          lastMessageAt: receivedAt,
        }),
      );
      // A message from the API gets a Message-ID of ours, which the acknowledgement answers: a reply
      // to the acknowledgement names it in References, and so finds its thread.
      const first = opening.message.messageId ?? threadMessageId(thread.reference, this.domain, '1');
      await this.insertResidentMessage(manager, thread.id, { ...opening.message, messageId: first }, receivedAt);
      if (opening.acknowledge) await this.acknowledge(manager, thread, opening.acknowledge.greeting, opening.locale, first);
      return thread;
    });
  }

  /** A resident's new message: the thread waits for the city again; its due time does not move (M2, M4). */
  async addResidentMessage(thread: Pick<Thread, 'id'>, message: ResidentMessage): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.dataSource, async (manager) => {
      await this.insertResidentMessage(manager, thread.id, message, now);
      await manager.update(Thread, { id: thread.id }, { status: 'open', lastMessageAt: now });
    });
  }

  /**
   * A reply to the resident, sent through the outbox with the reference in the subject and the
   * thread's Message-IDs in In-Reply-To/References; the first one answers the thread (M4) and
   * records the response time in business hours.
   */
  async addStaffReply(threadId: number, body: string, staffId: number, actor: Actor): Promise<{ reply: ThreadMessage; thread: Thread; first: boolean }> {
    checkBody(body);
    const now = this.clock.now();
    return inTransaction(this.dataSource, async (manager) => {
      const thread = await this.find(manager, threadId);
      if (isClosed(thread.status)) throw new DomainError('thread_closed', 409);
      const earlier = await manager.find(ThreadMessage, { where: { threadId: thread.id, visibility: 'public', messageId: Not(IsNull()) }, order: { id: 'ASC' }, select: { id: true, messageId: true } });
      const messageId = threadMessageId(thread.reference, this.domain);
      const reply = await manager.save(manager.create(ThreadMessage, { threadId: thread.id, author: 'staff', staffId, visibility: 'public', body, messageId, createdAt: now }));
      const first = thread.firstResponseAt === null;
      const changes: Partial<Thread> = { status: 'answered', lastMessageAt: now };
      if (first) {
        changes.firstResponseAt = now;
        changes.responseMinutes = Math.round((await this.calendar.hoursBetween(thread.receivedAt, now)) * 60);
      }
      await manager.update(Thread, { id: thread.id }, changes);
      const account = thread.accountId ? await manager.findOneBy(Account, { id: thread.accountId }) : null;
      const ids = earlier.map((m) => m.messageId!);
      const references = ids.length > MAX_REFERENCES ? [ids[0], ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
      await this.outbox.enqueue(
        manager,
        thread.email,
        (thread.locale === 'en' ? 'en' : 'fr') as Locale,
        { template: 'staff_reply', params: { firstName: account?.firstName ?? null, reference: thread.reference, subject: thread.subject, body, threadId: thread.accountId === null ? null : thread.id } },
        { messageId, inReplyTo: ids.at(-1), references },
      );
      await this.audit.record(manager, {
        actor,
        action: 'reply',
        resource: 'threads',
        recordId: thread.id,
        changes: { status: { before: thread.status, after: 'answered' }, ...(first ? { firstResponseAt: { before: null, after: now.toISOString() } } : {}) },
      });
      return { reply, thread, first };
    });
  }

  /** A note for colleagues: never shown nor sent to the resident. */
  async addNote(threadId: number, body: string, staffId: number, actor: Actor): Promise<ThreadMessage> {
    checkBody(body);
    return inTransaction(this.dataSource, async (manager) => {
      const thread = await this.find(manager, threadId);
      const note = await manager.save(manager.create(ThreadMessage, { threadId: thread.id, author: 'staff', staffId, visibility: 'internal', body, createdAt: this.clock.now() }));
      await this.audit.record(manager, { actor, action: 'note', resource: 'threads', recordId: thread.id, changes: { internalNote: { before: null, after: note.id } } });
      return note;
    });
  }

  /** The thread held by the member `holder` finds (in the transaction), or refused when it finds none. */
  async holdBy(threadId: number, actor: Actor, action: 'take' | 'assign', holder: (manager: EntityManager) => Promise<Staff | null>): Promise<Thread> {
    return this.change(threadId, actor, action, async (manager) => {
      const staff = await holder(manager);
      if (!staff) throw new DomainError('staff_not_assignable', 422);
      return { assignedToId: staff.id };
    });
  }

  async close(threadId: number, actor: Actor): Promise<Thread> {
    return this.change(threadId, actor, 'close', async (_manager, thread) => {
      if (isClosed(thread.status)) throw new DomainError('thread_status_unchanged', 409);
      return { status: 'closed' as ThreadStatus };
    });
  }

  /** Back in the queue: waiting for the city (its due time is the one fixed at receipt). */
  async reopen(threadId: number, actor: Actor): Promise<Thread> {
    return this.change(threadId, actor, 'reopen', async (_manager, thread) => {
      if (!isClosed(thread.status)) throw new DomainError('thread_status_unchanged', 409);
      return { status: 'open' as ThreadStatus };
    });
  }

  /** The next reference of this year's threads, `DM-2026-000123`, in the caller's transaction. */
  private async nextReference(manager: EntityManager): Promise<string> {
    const year = this.clock.today().slice(0, 4);
    return threadReference(year, await nextSequenceValue(manager, `thread_${year}`));
  }

  /**
   * The acknowledgement of a new thread (M1), with its due time in words; it answers the thread's
   * first message (`answering`, its Message-ID), and a reply to it names its own Message-ID, a
   * city's one, which finds the thread.
   */
  private async acknowledge(manager: EntityManager, thread: Thread, greeting: string, locale: Locale, answering: string): Promise<void> {
    await this.outbox.enqueue(
      manager,
      thread.email,
      locale,
      {
        template: 'message_received',
        // Only an account opens its thread's page; a thread by email without one has none.
        params: { firstName: greeting, reference: thread.reference, subject: thread.subject, dueAt: dueWords(thread.dueAt, this.clock.timeZone, locale), threadId: thread.accountId === null ? null : thread.id },
      },
      // A random part: a reply naming this Message-ID is matched to the thread, so it must not be guessable.
      { messageId: threadMessageId(thread.reference, this.domain), inReplyTo: answering, references: [answering] },
    );
  }

  private async insertResidentMessage(manager: EntityManager, threadId: number, message: ResidentMessage, at: Date): Promise<void> {
    const { identifiers } = await manager.insert(ThreadMessage, { threadId, author: 'resident', visibility: 'public', body: message.body, messageId: message.messageId ?? null, createdAt: at });
    const messageId = Number(identifiers[0].id);
    for (const attachment of message.attachments ?? []) await this.insertAttachment(manager, { ...attachment, threadId, messageId });
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

  /** A staff change of status or holder, and its audit line (each field before and after), in one transaction. */
  private async change(threadId: number, actor: Actor, action: string, decide: (manager: EntityManager, thread: Thread) => Promise<Partial<Thread>>): Promise<Thread> {
    return inTransaction(this.dataSource, async (manager) => {
      const thread = await this.find(manager, threadId);
      const changes = await decide(manager, thread);
      await manager.update(Thread, { id: thread.id }, changes);
      const before = Object.fromEntries(Object.keys(changes).map((key) => [key, { before: thread[key as keyof Thread] ?? null, after: changes[key as keyof Thread] ?? null }]));
      await this.audit.record(manager, { actor, action, resource: 'threads', recordId: thread.id, changes: before });
      return manager.findOneByOrFail(Thread, { id: thread.id });
    });
  }

  private async find(manager: EntityManager, threadId: number): Promise<Thread> {
    const thread = Number.isSafeInteger(threadId) ? await manager.findOneBy(Thread, { id: threadId }) : null;
    if (!thread) throw new DomainError('thread_not_found', 404);
    return thread;
  }

  /** Retention (Law 25): the attachments of these threads deleted, in the caller's transaction (at most a few hundred ids). */
  async purgeAttachments(manager: EntityManager, threadIds: number[]): Promise<number> {
    if (!threadIds.length) return 0;
    return (await manager.createQueryBuilder().delete().from(ThreadAttachment).where('threadId IN (:...ids)', { ids: threadIds }).execute()).affected ?? 0;
  }

  /**
   * Retention (Law 25): these closed threads' messages deleted, their address and subject cleared and
   * their account unlinked; the reference, category, times and response time kept (the mailbox's
   * statistics). In the caller's transaction; a thread already anonymised is left as it is.
   */
  async anonymise(manager: EntityManager, threadIds: number[], now: Date): Promise<number> {
    if (!threadIds.length) return 0;
    await manager.createQueryBuilder().delete().from(ThreadMessage).where('threadId IN (:...ids)', { ids: threadIds }).execute();
    const result = await manager
      .createQueryBuilder()
      .update(Thread)
      .set({ email: '', subject: '', accountId: null, anonymizedAt: now })
      .where('id IN (:...ids)', { ids: threadIds })
      .andWhere('anonymizedAt IS NULL')
      .execute();
    return result.affected ?? 0;
  }
}

/** A staff member's text: the residents' rules (plain text, line breaks kept, 10 000 characters). */
function checkBody(body: string): void {
  if (!isMessageBody(body)) throw new DomainError('message_body_invalid', 400);
}
