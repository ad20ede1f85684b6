import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { ThrottleService, accountLimitKey } from '../security/throttle.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import type { Locale } from '../common/locale.js';
import type { ThreadCreatedResponse, ThreadPage, ThreadSummary, ThreadView } from './dto/thread.dto.js';
import { ThreadMessage } from './thread-message.entity.js';
import { CATEGORY_LABELS } from './thread-rules.js';
import { ThreadWriter } from './thread-writer.js';
import { Thread, type ThreadCategory } from './thread.entity.js';

export interface NewThread {
  category: ThreadCategory;
  subject: string;
  body: string;
}

/**
 * The inscriptions mailbox (M1–M4) on the residents' side: a resident's own threads, scoped to the
 * account and throttled; `ThreadWriter` writes them (due 72 business hours after receipt, fixed then,
 * acknowledged by email with that time in words).
 */
@Injectable()
export class MailboxService {
  private readonly logger = new Logger('Mailbox');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: ThreadWriter,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
  ) {}

  async open(accountId: number, message: NewThread, locale: Locale): Promise<ThreadCreatedResponse> {
    await this.throttle.consume(['threadsPerAccount', accountLimitKey(accountId)]);
    const account = await this.dataSource.getRepository(Account).findOneBy({ id: accountId });
    if (!account) throw new DomainError('unauthorized', 401);
    const acknowledge = await this.throttle.allowEmailTo(account.email);
    const thread = await this.writer.open({
      accountId,
      email: account.email,
      category: message.category,
      subject: message.subject,
      source: 'api',
      locale,
      message: { body: message.body },
      acknowledge: acknowledge ? { greeting: account.firstName } : null,
    });
    this.logger.log({ reference: thread.reference, category: thread.category, actor: `resident:${accountId}` }, 'Mailbox thread opened');
    return { id: thread.id, reference: thread.reference, dueAt: this.clock.iso(thread.dueAt) };
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
    await this.writer.addResidentMessage(thread, { body });
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
