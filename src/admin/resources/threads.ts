import type { DataSource } from 'typeorm';
import { ThreadAttachment } from '../../mailbox/thread-attachment.entity.js';
import { ThreadMessage } from '../../mailbox/thread-message.entity.js';
import { THREAD_STATUSES, Thread } from '../../mailbox/thread.entity.js';
import { staffNames } from '../../staff/staff-names.js';
import type { FilterRule } from '../adapter/panel-source.js';
import { contextAction } from '../desk-actions.js';
import { threadActions } from '../thread-actions.js';
import { lower, options, statusWithDefault, type PanelKit, type PanelResourceEntry } from './shared.js';

/** A thread's status filter: one status, or « Toutes » (`all`); the queue's default is `open`. */
const threadStatus: FilterRule = {
  kind: 'custom',
  apply: (qb, value, alias) => {
    if (value === 'all') return;
    if ((THREAD_STATUSES as readonly string[]).includes(value)) qb.andWhere(`${alias}.status = :threadStatus`, { threadStatus: value });
    else qb.andWhere('1 = 0');
  },
};

/** A staff id, or « aucun » (nobody holds it: the dashboard's « non assignées »); the (assignedToId, status) index serves both. */
const threadAssignee: FilterRule = {
  kind: 'custom',
  apply: (qb, value, alias) => {
    const raw = value.trim();
    if (/^\d{1,9}$/.test(raw)) qb.andWhere(`${alias}.assignedToId = :threadAssignee`, { threadAssignee: Number(raw) });
    else if (/^(aucun|none)$/i.test(raw)) qb.andWhere(`${alias}.assignedToId IS NULL`);
    else qb.andWhere('1 = 0');
  },
};

/** A thread's messages, oldest first, with their authors' names and attachments (bodies as text: the page never renders HTML). */
async function conversation(dataSource: DataSource, threadId: number) {
  const messages = await dataSource.getRepository(ThreadMessage).find({ where: { threadId }, order: { id: 'ASC' } });
  const attachments = await dataSource.getRepository(ThreadAttachment).find({ where: { threadId }, select: { id: true, messageId: true, filename: true, contentType: true, size: true } });
  const names = await staffNames(dataSource, messages.map((m) => m.staffId));
  return messages.map((m) => ({
    id: m.id,
    author: m.author,
    visibility: m.visibility,
    staffName: m.staffId === null ? null : (names.get(m.staffId) ?? null),
    createdAt: m.createdAt.toISOString(),
    body: m.body,
    attachments: attachments.filter((a) => a.messageId === m.id).map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size })),
  }));
}

/** The mailbox's queue of threads (the most urgent first), with the desk's actions. */
export function threads(kit: PanelKit): PanelResourceEntry {
  const { dataSource, clock, components, actions, timeZone, viewed, history, source, datetime } = kit;
  return {
    ...source<Thread>({
      entity: Thread,
      id: 'threads',
      title: 'reference',
      filters: {
        reference: { kind: 'prefix', column: 'reference', normalize: (raw) => raw.trim().toUpperCase() || null },
        status: threadStatus,
        assignedToId: threadAssignee,
        email: { kind: 'prefix', column: 'email', normalize: lower },
        dueAt: { kind: 'range', column: 'dueAt' },
      },
      // The queue: the threads waiting for the city, the most urgent first, unless « Toutes » is chosen.
      defaultFilters: { status: 'open' },
      // A thread named by its reference (the search box) is found whatever its status.
      keyFilters: ['reference'],
      sorts: { dueAt: 'dueAt', receivedAt: 'id', id: 'id' },
      defaultSort: { column: 'dueAt', direction: 'asc' },
      references: { accountId: 'accounts' },
      virtuals: [
        { path: 'assignedTo', type: 'string' },
        { path: 'overdue', type: 'string' },
        { path: 'messages', type: 'textarea', showOnly: true },
      ],
      staffOf: (row) => [row.assignedToId],
      present: async (row, mode, ds, staff) => {
        const listed = { assignedTo: row.assignedToId === null ? null : (staff.get(row.assignedToId) ?? null), overdue: String(row.status === 'open' && row.dueAt.getTime() < clock.now().getTime()) };
        if (mode === 'list') return listed;
        return { ...listed, messages: JSON.stringify(await conversation(ds, row.id)) };
      },
    }),
    options: options('threads', {
      navigation: { name: 'Dossiers', icon: 'Inbox' },
      listProperties: ['reference', 'status', 'category', 'subject', 'dueAt', 'overdue', 'assignedTo'],
      filterProperties: ['status', 'reference', 'email', 'assignedToId', 'dueAt'],
      showProperties: ['reference', 'status', 'category', 'subject', 'email', 'unverifiedSender', 'accountId', 'source', 'receivedAt', 'dueAt', 'firstResponseAt', 'responseMinutes', 'assignedTo', 'messages', 'history'],
      properties: {
        status: statusWithDefault(['open', ...THREAD_STATUSES.filter((s) => s !== 'open'), 'all'], 'open'),
        receivedAt: datetime, dueAt: datetime, firstResponseAt: datetime, lastMessageAt: datetime, createdAt: datetime, updatedAt: datetime,
        messages: { components: { show: components.threadMessages }, custom: { timeZone } },
        overdue: { availableValues: ['true', 'false'].map((value) => ({ value, label: value })) },
        ...history,
      },
      sort: { sortBy: 'dueAt', direction: 'asc' },
    }, actions ? {
      ...threadActions(actions.services.mailbox, dataSource, components.threadAction, actions.services.templates),
      show: { component: components.showWithContext },
      context: contextAction((id, actor) => actions.services.contexts.forThread(id, actor), timeZone),
    } : {}, viewed('threads')),
  };
}
