import type { ActionContext, ActionHandler, ActionRequest, BaseRecord, NoticeMessage, RecordActionResponse } from 'adminjs';
import { DomainError } from '../common/domain-error.js';

/** Runs the POST of a form action: the notice key of its success. */
export type FormRun = (id: number, payload: Record<string, unknown>, context: ActionContext) => Promise<string>;

export interface FormActionOptions {
  icon: string;
  danger?: boolean;
  /** Whether the button shows on this record for this staff member (the server's permission is ROLE_MATRIX's). */
  when: (record: BaseRecord | undefined, staffId: number) => boolean;
  /** The prefix of the notice keys of refusals: `request_` + a DomainError's code. */
  refusals: string;
}

/**
 * A record action with a form: the GET is the screen (the record, plus what the form offers in
 * `params.screen`), the POST of its form calls a service. A refusal of the service (a DomainError)
 * comes back as a notice in the staff member's language (`<refusals><code>`), never as a 500.
 */
export function formAction(component: string, options: FormActionOptions, run: FormRun, screen?: (record: BaseRecord) => Promise<unknown>) {
  const handler: ActionHandler<RecordActionResponse> = async (request: ActionRequest, _response, context) => {
    const { record, resource, currentAdmin, h } = context;
    if (!record) throw new Error(`no record ${request.params.recordId}`);
    const resourceId = resource._decorated?.id() ?? resource.id();
    if (request.method !== 'post') {
      const json = record.toJSON(currentAdmin);
      if (screen) json.params.screen = JSON.stringify(await screen(record));
      return { record: json };
    }
    let notice: Pick<NoticeMessage, 'message' | 'type'>;
    try {
      notice = { message: await run(Number(record.id()), request.payload ?? {}, context), type: 'success' };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      notice = { message: `${options.refusals}${error.code}`, type: 'error' };
    }
    const fresh = (await resource.findOne(String(record.id()), context)) ?? record;
    return {
      record: fresh.toJSON(currentAdmin),
      notice: { ...notice, resourceId } as NoticeMessage,
      redirectUrl: notice.type === 'success' ? h.recordActionUrl({ resourceId, recordId: String(record.id()), actionName: 'show' }) : undefined,
    };
  };
  return {
    actionType: 'record' as const,
    icon: options.icon,
    variant: options.danger ? ('danger' as const) : undefined,
    component,
    isVisible: ({ record, currentAdmin }: ActionContext) => options.when(record, Number(currentAdmin?.id)),
    handler,
  };
}

/** A form field as text ('' when absent or not text). */
export const formText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A form field holding a record's id: decimal digits only ('0x10', '1e3' or ' ' are no id), else NaN. */
export const formId = (value: unknown): number => (/^\d{1,15}$/.test(formText(value).trim()) ? Number(formText(value).trim()) : Number.NaN);
