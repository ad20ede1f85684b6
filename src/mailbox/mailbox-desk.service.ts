import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { AuditLog } from '../audit/audit-log.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { actorLabel, type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import type { Locale } from '../common/locale.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { textProblem } from '../common/validation.js';
import { inTransaction } from '../database/transaction.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Staff } from '../staff/staff.entity.js';
import { BODY_MAX } from './dto/thread.dto.js';
import { messageIdDomain, threadMessageId } from './message-ids.js';
import { ThreadMessage } from './thread-message.entity.js';
import { Thread, type ThreadStatus } from './thread.entity.js';

/** How many earlier Message-IDs a reply's References carries (the first ones and the last ones matter to mail clients). */
const MAX_REFERENCES = 20;

/**
 * The staff's side of the mailbox (M4): take or assign a thread, reply to the resident through the
 * outbox (threaded in their mail client), write internal notes, close and reopen. Each change is
 * audited in its own transaction.
 */
@Injectable()
export class MailboxDesk {
  private readonly logger = new Logger('MailboxDesk');
  private readonly domain: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly calendar: CalendarService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.domain = messageIdDomain(config.publicUrl);
  }

  async take(threadId: number, actor: Actor): Promise<Thread> {
    return this.assign(threadId, staffIdOf(actor), actor, 'take');
  }

  async assign(threadId: number, staffId: number, actor: Actor, action = 'assign'): Promise<Thread> {
    // A form's text that is no id (NaN) must not reach the query.
    if (!Number.isSafeInteger(staffId)) throw new DomainError('staff_not_assignable', 422);
    return this.change(threadId, actor, action, async (manager, thread) => {
      const staff = await manager.findOneBy(Staff, { id: staffId, active: true });
      if (!staff) throw new DomainError('staff_not_assignable', 422);
      return { assignedToId: staff.id };
    });
  }

  async close(threadId: number, actor: Actor): Promise<Thread> {
    return this.change(threadId, actor, 'close', async (_manager, thread) => {
      if (thread.status === 'closed') throw new DomainError('thread_status_unchanged', 409);
      return { status: 'closed' as ThreadStatus };
    });
  }

  /** Back in the queue: waiting for the city (its due time is the one fixed at receipt). */
  async reopen(threadId: number, actor: Actor): Promise<Thread> {
    return this.change(threadId, actor, 'reopen', async (_manager, thread) => {
      if (thread.status !== 'closed') throw new DomainError('thread_status_unchanged', 409);
      return { status: 'open' as ThreadStatus };
    });
  }

  /** A note for colleagues: never shown nor sent to the resident. */
  async note(threadId: number, body: string, actor: Actor): Promise<ThreadMessage> {
    const staffId = staffIdOf(actor);
    checkBody(body);
    return inTransaction(this.dataSource, async (manager) => {
      const thread = await this.find(manager, threadId);
      const note = await manager.save(manager.create(ThreadMessage, { threadId: thread.id, author: 'staff', staffId, visibility: 'internal', body, createdAt: this.clock.now() }));
      await this.audit.record(manager, { actor, action: 'note', resource: 'threads', recordId: thread.id, changes: { internalNote: { before: null, after: note.id } } });
      return note;
    });
  }

  /**
   * A reply to the resident, sent through the outbox with the reference in the subject and the
   * thread's Message-IDs in In-Reply-To/References; the first one answers the thread (M4) and
   * records the response time in business hours.
   */
  async reply(threadId: number, body: string, actor: Actor): Promise<ThreadMessage> {
    const staffId = staffIdOf(actor);
    checkBody(body);
    const now = this.clock.now();
    const result = await inTransaction(this.dataSource, async (manager) => {
      const thread = await this.find(manager, threadId);
      if (thread.status === 'closed') throw new DomainError('thread_closed', 409);
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
        { template: 'staff_reply', params: { firstName: account?.firstName ?? null, reference: thread.reference, subject: thread.subject, body } },
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
    this.logger.log({ reference: result.thread.reference, first: result.first, actor: actorLabel(actor) }, 'Mailbox reply sent');
    return result.reply;
  }

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
}

/** A staff member's text: the residents' rules (plain text, line breaks kept, 10 000 characters). */
function checkBody(body: string): void {
  if (!body.trim() || textProblem(body, { max: BODY_MAX, multiline: true })) throw new DomainError('message_body_invalid', 400);
}

function staffIdOf(actor: Actor): number {
  if (actor.kind !== 'staff') throw new DomainError('forbidden', 403);
  return actor.staffId;
}
