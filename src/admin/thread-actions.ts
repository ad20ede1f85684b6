import type { BaseRecord } from 'adminjs';
import type { DataSource } from 'typeorm';
import type { MailboxDesk } from '../mailbox/mailbox-desk.service.js';
import { isClosed } from '../mailbox/thread-rules.js';
import { assigneeChoices } from '../staff/assignees.js';
import { staffActor } from './adapter/panel-resource.js';
import { formAction, formId, formText, type FormActionOptions, type FormRun } from './form-action.js';

/** A record action on a thread; a refusal is the notice `mailbox_<code>`. */
function threadAction(component: string, options: Omit<FormActionOptions, 'refusals'>, run: FormRun, screen?: (record: BaseRecord) => Promise<unknown>) {
  return formAction(component, { ...options, refusals: 'mailbox_' }, run, screen);
}

const status = (record?: BaseRecord) => String(record?.params.status ?? '');
const notClosed = (record?: BaseRecord) => status(record) !== '' && !isClosed(status(record));

/** The mailbox's actions (SPEC §4b): take, assign, reply, note, close, reopen, all through MailboxDesk. */
export function threadActions(desk: MailboxDesk, dataSource: DataSource, component: string) {
  return {
    take: threadAction(component, { icon: 'UserCheck', when: (r, me) => notClosed(r) && Number(r?.params.assignedToId) !== me }, async (id, _payload, context) => {
      await desk.take(id, staffActor(context));
      return 'threadTaken';
    }),
    assign: threadAction(
      component,
      { icon: 'Users', when: notClosed },
      async (id, payload, context) => {
        await desk.assign(id, formId(payload.staffId), staffActor(context));
        return 'threadAssigned';
      },
      () => assigneeChoices(dataSource.manager),
    ),
    reply: threadAction(component, { icon: 'Send', when: notClosed }, async (id, payload, context) => {
      await desk.reply(id, formText(payload.body), staffActor(context));
      return 'threadReplied';
    }),
    note: threadAction(component, { icon: 'FileText', when: (r) => status(r) !== '' }, async (id, payload, context) => {
      await desk.note(id, formText(payload.body), staffActor(context));
      return 'threadNoted';
    }),
    close: threadAction(component, { icon: 'Archive', when: notClosed }, async (id, _payload, context) => {
      await desk.close(id, staffActor(context));
      return 'threadClosed';
    }),
    reopen: threadAction(component, { icon: 'RotateCcw', when: (r) => isClosed(status(r)) }, async (id, _payload, context) => {
      await desk.reopen(id, staffActor(context));
      return 'threadReopened';
    }),
  };
}
