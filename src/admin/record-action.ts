import type { ActionContext, ActionHandler, ActionRequest, BaseRecord, NoticeMessage, RecordActionResponse } from 'adminjs';
import type { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { staffActor } from './adapter/panel-resource.js';

/** The fields a staff member posted. */
export type Payload = Record<string, unknown>;

/** What the POST of an action did: its notice, and the page the staff member sees next. */
export interface Outcome {
  /** A key of the locale files (`src/admin/locale`), French first. */
  message: string;
  type: 'success' | 'error';
  /**
   * `show` (the default): the record's page, read again; `screen`: the action's screen with the
   * record read again; `form`: the form as posted, the errors on its fields, nothing read again.
   */
  then?: 'show' | 'screen' | 'form';
  errors?: Record<string, { type: string; message: string }>;
  /** With `form`: the values posted, kept in the form. */
  params?: Payload;
}

export const success = (message: string): Outcome => ({ message, type: 'success' });
export const failure = (message: string): Outcome => ({ message, type: 'error' });

/** Runs the POST: the notice key of its success, or its outcome. */
export type RecordRun = (id: number, payload: Payload, actor: Actor, context: ActionContext) => Promise<string | Outcome>;

export interface RecordActionOptions {
  /** The action's screen; none for an action replacing AdminJS's own (`edit`), which keeps its form and icon. */
  component?: string;
  icon?: string;
  /** The locale key of a confirmation asked before the POST. */
  guard?: string;
  danger?: boolean;
  /** A text field on the screen (the reason kept with the audit line), posted as `note`. */
  note?: 'required';
  /** Whether the button shows on this record for this staff member (the server's permission is ROLE_MATRIX's). */
  when?: (record: BaseRecord | undefined, staffId: number) => boolean;
  /** What the action's form offers, in the record's `params.screen` on the GET (read for the staff member). */
  screen?: (record: BaseRecord, actor: Actor) => Promise<unknown>;
  /** The answer to a refusal of the service (a DomainError); without it, or if it throws, the error goes on. */
  refused?: (error: DomainError, context: ActionContext) => Outcome;
}

/** The record's JSON with the outcome's posted values and field errors (a refused form). */
export function formAnswer(record: BaseRecord, outcome: Outcome, context: ActionContext, resourceId: string) {
  if (outcome.params) record.params = { ...record.params, ...outcome.params };
  if (outcome.errors) record.errors = outcome.errors;
  return { record: record.toJSON(context.currentAdmin), notice: { message: outcome.message, type: outcome.type, resourceId } as NoticeMessage };
}

/**
 * The panel's one factory of record actions (requests, households, threads, accounts, staff, the
 * outbox): a GET only reads the record (its screen), the POST of its form parses the fields and
 * calls a service with the staff member as Actor (never a GET: a link must not change anything).
 * A refusal of the service becomes a notice, or errors on the form's fields, never a 500.
 */
export function recordAction(options: RecordActionOptions, run: RecordRun) {
  const handler: ActionHandler<RecordActionResponse> = async (request: ActionRequest, _response, context) => {
    const { record, resource, currentAdmin, h } = context;
    if (!record) throw new Error(`no record ${request.params.recordId}`);
    const resourceId = resource._decorated?.id() ?? resource.id();
    if (request.method !== 'post') {
      const json = record.toJSON(currentAdmin);
      if (options.screen) json.params.screen = JSON.stringify(await options.screen(record, staffActor(context)));
      return { record: json };
    }
    const id = Number(record.id());
    let outcome: Outcome;
    try {
      const done = await run(id, request.payload ?? {}, staffActor(context), context);
      outcome = typeof done === 'string' ? success(done) : done;
    } catch (error) {
      if (!(error instanceof DomainError) || !options.refused) throw error;
      outcome = options.refused(error, context);
    }
    const then = outcome.then ?? 'show';
    if (then === 'form') return formAnswer(record, outcome, context, resourceId);
    const fresh = (await resource.findOne(String(id), context)) ?? record;
    return {
      record: fresh.toJSON(currentAdmin),
      notice: { message: outcome.message, type: outcome.type, resourceId } as NoticeMessage,
      redirectUrl: then === 'show' ? h.recordActionUrl({ resourceId, recordId: String(id), actionName: 'show' }) : undefined,
    };
  };
  const { component, icon, guard, danger, note, when } = options;
  // Only what is given: an action replacing AdminJS's own keeps the rest of AdminJS's definition.
  return {
    actionType: 'record' as const,
    handler,
    ...(component ? { component } : {}),
    ...(icon ? { icon } : {}),
    ...(guard ? { guard } : {}),
    ...(danger ? { variant: 'danger' as const } : {}),
    ...(note ? { custom: { note } } : {}),
    ...(when ? { isVisible: ({ record, currentAdmin }: ActionContext) => when(record, Number(currentAdmin?.id)) } : {}),
  };
}

/** A refused move is the notice `<prefix><code>` (`request_`, `mailbox_`), on the action's screen. */
export const refusedAs = (prefix: string) => (error: DomainError): Outcome => ({ message: `${prefix}${error.code}`, type: 'error', then: 'screen' });

/** A form field as text ('' when absent or not text). */
export const formText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A form field holding a record's id: decimal digits only ('0x10', '1e3' or ' ' are no id), else NaN. */
export const formId = (value: unknown): number => (/^\d{1,15}$/.test(formText(value).trim()) ? Number(formText(value).trim()) : Number.NaN);
