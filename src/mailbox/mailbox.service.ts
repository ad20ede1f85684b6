import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { ThrottleService, accountLimitKey } from '../security/throttle.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import type { Locale } from '../common/locale.js';
import { nextSequenceValue } from '../database/sequences.js';
import { inTransaction } from '../database/transaction.js';
import { OutboxService } from '../notifications/outbox.service.js';
import type { ThreadCreatedResponse, ThreadPage, ThreadSummary, ThreadView } from './dto/thread.dto.js';
import { messageIdDomain, threadMessageId } from './message-ids.js';
import { ThreadMessage } from './thread-message.entity.js';
import { Thread, type ThreadCategory } from './thread.entity.js';

/** The categories as residents read them (M1). */
export const CATEGORY_LABELS: Record<ThreadCategory, Record<Locale, string>> = {
  address_change: { fr: 'Changement d’adresse', en: 'Address change' },
  member_change: { fr: 'Ajout ou retrait d’un membre', en: 'Adding or removing a member' },
  correction: { fr: 'Correction d’information', en: 'Correcting information' },
  other: { fr: 'Autre', en: 'Other' },
};

export interface NewThread {
  category: ThreadCategory;
  subject: string;
  body: string;
}

/**
 * The inscriptions mailbox (M1–M4) on the residents' side: a thread is due 72 business hours after
 * receipt (fixed then, whatever follows), acknowledged by email with that time in words.
 */
@Injectable()
export class MailboxService {
  private readonly logger = new Logger('Mailbox');
  private readonly domain: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly calendar: CalendarService,
    private readonly outbox: OutboxService,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
  ) {
    this.domain = messageIdDomain(config.publicUrl);
  }

  async open(accountId: number, message: NewThread, locale: Locale): Promise<ThreadCreatedResponse> {
    await this.throttle.consume(['threadsPerAccount', accountLimitKey(accountId)]);
    const account = await this.dataSource.getRepository(Account).findOneBy({ id: accountId });
    if (!account) throw new DomainError('unauthorized', 401);
    const receivedAt = this.clock.now();
    const dueAt = await this.calendar.dueAt(receivedAt);
    const acknowledge = await this.throttle.allowEmailTo(account.email);
    const thread = await inTransaction(this.dataSource, async (manager) => {
      const saved = await manager.save(
        manager.create(Thread, {
          reference: await this.nextReference(manager),
          accountId,
          email: account.email,
          category: message.category,
          subject: message.subject,
          status: 'open',
          source: 'api',
          locale,
          receivedAt,
          dueAt,
          lastMessageAt: receivedAt,
        }),
      );
      // The resident's message gets a Message-ID of ours, which the acknowledgement answers: a reply
      // to the acknowledgement names it in References, and so finds its thread.
      const first = threadMessageId(saved.reference, this.domain, '1');
      await manager.insert(ThreadMessage, { threadId: saved.id, author: 'resident', visibility: 'public', body: message.body, messageId: first, createdAt: receivedAt });
      if (acknowledge) await this.acknowledge(manager, saved, account.firstName, locale, first);
      return saved;
    });
    this.logger.log({ reference: thread.reference, category: thread.category, actor: `resident:${accountId}` }, 'Mailbox thread opened');
    return { id: thread.id, reference: thread.reference, dueAt: this.clock.iso(thread.dueAt) };
  }

  /** The next reference of this year's threads, `DM-2026-000123`, in the caller's transaction. */
  async nextReference(manager: EntityManager): Promise<string> {
    const year = this.clock.today().slice(0, 4);
    const sequence = await nextSequenceValue(manager, `thread_${year}`);
    return `DM-${year}-${String(sequence).padStart(6, '0')}`;
  }

  /**
   * The acknowledgement of a new thread (M1), with its due time in words, in the caller's
   * transaction; it answers the thread's first message (`answering`, its Message-ID), and a reply
   * to it names its own Message-ID, a city's one, which finds the thread.
   */
  async acknowledge(manager: EntityManager, thread: Thread, greeting: string, locale: Locale, answering: string): Promise<void> {
    await this.outbox.enqueue(
      manager,
      thread.email,
      locale,
      { template: 'message_received', params: { firstName: greeting, reference: thread.reference, subject: thread.subject, dueAt: dueWords(thread.dueAt, this.clock.timeZone, locale) } },
      // A random part: a reply naming this Message-ID is matched to the thread, so it must not be guessable.
      { messageId: threadMessageId(thread.reference, this.domain), inReplyTo: answering, references: [answering] },
    );
  }

  async list(accountId: number, page: number, pageSize: number, locale: Locale): Promise<ThreadPage> {
    const [threads, total] = await this.dataSource.getRepository(Thread).findAndCount({
      where: { accountId },
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: threads.map((t) => this.summary(t, locale)), page, pageSize, total };
  }

  async get(accountId: number, threadId: number, locale: Locale): Promise<ThreadView> {
    const thread = await this.ownThread(accountId, threadId);
    const messages = await this.dataSource.getRepository(ThreadMessage).find({ where: { threadId: thread.id, visibility: 'public' }, order: { id: 'ASC' } });
    return {
      ...this.summary(thread, locale),
      firstResponseAt: thread.firstResponseAt ? this.clock.iso(thread.firstResponseAt) : null,
      messages: messages.map((m) => ({ id: m.id, author: m.author, body: m.body, createdAt: this.clock.iso(m.createdAt) })),
    };
  }

  /** A resident's new message: the thread waits for the city again; its due time does not move (M2, M4). */
  async reply(accountId: number, threadId: number, body: string, locale: Locale): Promise<ThreadView> {
    await this.throttle.consume(['threadRepliesPerAccount', accountLimitKey(accountId)]);
    const thread = await this.ownThread(accountId, threadId);
    const now = this.clock.now();
    await inTransaction(this.dataSource, async (manager) => {
      await manager.insert(ThreadMessage, { threadId: thread.id, author: 'resident', visibility: 'public', body, createdAt: now });
      await manager.update(Thread, { id: thread.id }, { status: 'open', lastMessageAt: now });
    });
    this.logger.log({ reference: thread.reference, actor: `resident:${accountId}` }, 'Mailbox reply from the resident');
    return this.get(accountId, threadId, locale);
  }

  /** Someone else's thread, or none: the same 404, so that ids tell nothing. */
  private async ownThread(accountId: number, threadId: number): Promise<Thread> {
    const thread = Number.isSafeInteger(threadId) ? await this.dataSource.getRepository(Thread).findOneBy({ id: threadId, accountId }) : null;
    if (!thread) throw new DomainError('thread_not_found', 404);
    return thread;
  }

  private summary(thread: Thread, locale: Locale): ThreadSummary {
    return {
      id: thread.id,
      reference: thread.reference,
      category: thread.category,
      categoryLabel: CATEGORY_LABELS[thread.category][locale],
      subject: thread.subject,
      status: thread.status,
      receivedAt: this.clock.iso(thread.receivedAt),
      dueAt: this.clock.iso(thread.dueAt),
      lastMessageAt: this.clock.iso(thread.lastMessageAt),
    };
  }
}

/**
 * The due time in words: « le mercredi 2 décembre 2026 à 15 h » (« à 15 h 30 »), or « le mercredi
 * 2 décembre 2026 à la fin de la journée » when it is the end of a business day (the next midnight);
 * "Wednesday, December 2, 2026 at 3 p.m." in English.
 */
export function dueWords(due: Date, timeZone: string, locale: Locale): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(due).map((p) => [p.type, p.value]),
  );
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const endOfDay = hour === 0 && minute === 0;
  // The end of a day is shown on that day: one millisecond before midnight.
  const day = endOfDay ? new Date(due.getTime() - 1) : due;
  if (locale === 'en') {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone, weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).format(day);
    if (endOfDay) return `by the end of the day on ${date}`;
    const h12 = hour % 12 === 0 ? 12 : hour % 12;
    return `${date} at ${h12}${minute ? `:${String(minute).padStart(2, '0')}` : ''} ${hour < 12 ? 'a.m.' : 'p.m.'}`;
  }
  const date = new Intl.DateTimeFormat('fr-CA', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(day);
  if (endOfDay) return `le ${date} à la fin de la journée`;
  return `le ${date} à ${hour} h${minute ? ` ${String(minute).padStart(2, '0')}` : ''}`;
}
