import type { BaseRecord } from 'adminjs';
import { Account } from '../accounts/account.entity.js';
import { replyGreeting } from '../notifications/templates.js';
import type { DataSource } from 'typeorm';
import type { ReplyTemplates } from '../desk/reply-templates.service.js';
import type { MailboxDesk } from '../mailbox/mailbox-desk.service.js';
import { isClosed } from '../mailbox/thread-rules.js';
import { assigneeChoices } from '../staff/assignees.js';
import { formId, formText, recordAction, refusedAs, type RecordActionOptions, type RecordRun } from './record-action.js';

/** A record action on a thread; a refusal is the notice `mailbox_<code>`. */
function threadAction(component: string, options: Pick<RecordActionOptions, 'icon' | 'when'>, run: RecordRun, screen?: RecordActionOptions['screen']) {
  return recordAction({ component, ...options, screen, refused: refusedAs('mailbox_') }, run);
}

const status = (record?: BaseRecord) => String(record?.params.status ?? '');
const notClosed = (record?: BaseRecord) => status(record) !== '' && !isClosed(status(record));

/** The mailbox's actions (SPEC §4b): take, assign, reply, note, close, reopen, all through MailboxDesk. */
export function threadActions(desk: MailboxDesk, dataSource: DataSource, component: string, templates?: ReplyTemplates) {
  return {
    take: threadAction(component, { icon: 'UserCheck', when: (r, me) => notClosed(r) && Number(r?.params.assignedToId) !== me }, async (id, _payload, actor) => {
      await desk.take(id, actor);
      return 'threadTaken';
    }),
    assign: threadAction(
      component,
      { icon: 'Users', when: notClosed },
      async (id, payload, actor) => {
        await desk.assign(id, formId(payload.staffId), actor);
        return 'threadAssigned';
      },
      () => assigneeChoices(dataSource.manager),
    ),
    // The reply's screen: its first line in the thread's language (the clerk's letter greets the resident, the email does not), and the reply templates filled for this thread.
    reply: threadAction(
      component,
      { icon: 'Send', when: notClosed },
      async (id, payload, actor) => {
        await desk.reply(id, formText(payload.body), actor);
        return 'threadReplied';
      },
      async (record, actor) => {
        const account = record.params.accountId ? await dataSource.getRepository(Account).findOne({ where: { id: Number(record.params.accountId) }, select: { id: true, firstName: true } }) : null;
        return {
          greeting: replyGreeting(account?.firstName ?? null, record.params.locale === 'en' ? 'en' : 'fr'),
          templates: templates ? await templates.forThread(Number(record.id()), actor) : [],
        };
      },
    ),
    note: threadAction(component, { icon: 'FileText', when: (r) => status(r) !== '' }, async (id, payload, actor) => {
      await desk.note(id, formText(payload.body), actor);
      return 'threadNoted';
    }),
    close: threadAction(component, { icon: 'Archive', when: notClosed }, async (id, _payload, actor) => {
      await desk.close(id, actor);
      return 'threadClosed';
    }),
    reopen: threadAction(component, { icon: 'RotateCcw', when: (r) => isClosed(status(r)) }, async (id, _payload, actor) => {
      await desk.reopen(id, actor);
      return 'threadReopened';
    }),
  };
}
