import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { FieldCheck, type FormText } from '../common/field-check.js';
import { inTransaction } from '../database/transaction.js';
import { Person } from '../dossiers/person.entity.js';
import { dueWords, isMessageBody } from '../mailbox/thread-rules.js';
import { THREAD_CATEGORIES, Thread, type ThreadCategory } from '../mailbox/thread.entity.js';
import { requireRight } from '../staff/roles.js';
import { fillTemplate, type TemplateValues } from './reply-template-rules.js';
import { ReplyTemplate } from './reply-template.entity.js';

/** A template as a form gives it. */
export type TemplateInput = Partial<Record<'title' | 'category' | 'bodyFr' | 'bodyEn', FormText>>;

const TEMPLATE_FIELDS = ['title', 'category', 'bodyFr', 'bodyEn'] as const;

/** A template offered in a thread's reply form, its placeholders filled for that thread. */
export interface FilledTemplate {
  id: number;
  title: string;
  category: ThreadCategory | null;
  body: string;
}

/**
 * The reply templates (« réponses types »): administrators write them (the one writer, audited),
 * clerks choose one in a thread's reply form, filled for that thread ({prénom}, {nom},
 * {référence}, {échéance}), and edit it before sending.
 */
@Injectable()
export class ReplyTemplates {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async create(input: TemplateInput, actor: Actor): Promise<number> {
    requireRight(actor, 'reply_templates', 'new');
    const values = this.check({ title: input.title ?? null, category: input.category ?? null, bodyFr: input.bodyFr ?? null, bodyEn: input.bodyEn ?? null });
    return inTransaction(this.dataSource, async (manager) => {
      const { id } = await manager.save(manager.create(ReplyTemplate, values));
      await this.audit.recordWrite(manager, { actor, action: 'create', resource: 'reply_templates', recordId: id, before: null, after: values, fields: TEMPLATE_FIELDS });
      return id;
    });
  }

  async update(id: number, input: TemplateInput, actor: Actor): Promise<void> {
    requireRight(actor, 'reply_templates', 'edit');
    await inTransaction(this.dataSource, async (manager) => {
      const template = await manager.findOneBy(ReplyTemplate, { id });
      if (!template) throw new DomainError('not_found', 404);
      const values = this.check(input);
      await manager.update(ReplyTemplate, { id }, values);
      await this.audit.recordWrite(manager, { actor, action: 'update', resource: 'reply_templates', recordId: id, before: { ...template }, after: { ...template, ...values }, fields: TEMPLATE_FIELDS });
    });
  }

  async delete(id: number, actor: Actor): Promise<void> {
    requireRight(actor, 'reply_templates', 'delete');
    await inTransaction(this.dataSource, async (manager) => {
      const template = await manager.findOneBy(ReplyTemplate, { id });
      if (!template) throw new DomainError('not_found', 404);
      await manager.delete(ReplyTemplate, { id });
      await this.audit.recordWrite(manager, { actor, action: 'delete', resource: 'reply_templates', recordId: id, before: { ...template }, after: null, fields: TEMPLATE_FIELDS });
    });
  }

  /**
   * The templates a staff member who may reply to this thread can choose, filled for it: its
   * category's first, in the thread's language (the French body when there is no English one).
   */
  async forThread(threadId: number, actor: Actor): Promise<FilledTemplate[]> {
    requireRight(actor, 'threads', 'reply');
    const thread = await this.dataSource.getRepository(Thread).findOneBy({ id: threadId });
    if (!thread) throw new DomainError('thread_not_found', 404);
    const values = await this.valuesFor(thread);
    const templates = await this.dataSource.getRepository(ReplyTemplate).find({ order: { title: 'ASC', id: 'ASC' } });
    const rank = (t: ReplyTemplate) => (t.category === thread.category ? 0 : t.category === null ? 1 : 2);
    return templates
      .sort((a, b) => rank(a) - rank(b))
      .map((t) => ({ id: t.id, title: t.title, category: t.category, body: fillTemplate(thread.locale === 'en' && t.bodyEn ? t.bodyEn : t.bodyFr, values) }));
  }

  /** The values of the placeholders: the resident's names (their dossier's person, else their account), the reference, the due time in the thread's language. */
  private async valuesFor(thread: Thread): Promise<TemplateValues> {
    const locale = thread.locale === 'en' ? 'en' : 'fr';
    const due = dueWords(thread.dueAt, this.clock.timeZone, locale);
    const names = thread.accountId === null
      ? null
      : ((await this.dataSource.getRepository(Person).findOne({ where: { accountId: thread.accountId }, select: { firstName: true, lastName: true } }))
        ?? (await this.dataSource.getRepository(Account).findOne({ where: { id: thread.accountId }, select: { firstName: true, lastName: true } })));
    return { firstName: names?.firstName ?? '', lastName: names?.lastName ?? '', reference: thread.reference, due };
  }

  private check(input: TemplateInput): Partial<Pick<ReplyTemplate, 'title' | 'category' | 'bodyFr' | 'bodyEn'>> {
    const check = new FieldCheck();
    const values: Partial<Pick<ReplyTemplate, 'title' | 'category' | 'bodyFr' | 'bodyEn'>> = {};
    if ('title' in input) values.title = check.text('title', input.title, 120) ?? undefined;
    if ('category' in input) {
      const category = (input.category ?? '').trim();
      if (category && !(THREAD_CATEGORIES as readonly string[]).includes(category)) check.fail('category', 'template_category_invalid');
      values.category = category ? (category as ThreadCategory) : null;
    }
    for (const field of ['bodyFr', 'bodyEn'] as const) {
      if (!(field in input)) continue;
      const body = (input[field] ?? '').replace(/\r\n/g, '\n');
      if (!body.trim()) {
        if (field === 'bodyFr') check.fail(field, 'required');
        else values.bodyEn = null;
      } else if (!isMessageBody(body)) check.fail(field, 'template_body_invalid');
      else values[field] = body.trim();
    }
    check.done();
    return values;
  }
}
