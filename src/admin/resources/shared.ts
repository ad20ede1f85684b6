import type { ActionContext, ActionRequest, ActionResponse, ResourceOptions } from 'adminjs';
import type { DataSource, ObjectLiteral } from 'typeorm';
import { AuditLog } from '../../audit/audit-log.js';
import type { Clock } from '../../common/clock.js';
import { canonicalEmail } from '../../common/email-address.js';
import type { AdminUser } from '../../staff/staff-user.js';
import { staffActor } from '../adapter/panel-resource.js';
import { PanelSource, type PanelSourceOptions, type RecordWriter } from '../adapter/panel-source.js';
import type { PanelServices } from '../actions.js';
import { mayRun, type PanelAction, type ResourceId } from '../../staff/roles.js';

/** The panel's own components the resources show (registered by `panelComponents`). */
export interface PanelComponents {
  history: string;
  requestAction: string;
  /** A household's members with their ages and links to their pages; a person's households. */
  householdMembers: string;
  personHouseholds: string;
  /** The form of the families' actions (add, remove, move a member, relationship, phones). */
  familyAction: string;
  /** The mailbox: the form of a thread's actions, and its conversation. */
  threadAction: string;
  threadMessages: string;
  /** An audit line's action and section by their names. */
  auditValue: string;
  /** The form of the registrations' actions (register at the counter, cancel, move, offer). */
  registrationAction: string;
  /** An offering's links to its class list and its waitlist. */
  offeringLists: string;
  /** A thread's or a request's page with the resident's context beside it. */
  showWithContext: string;
  /** Law 25: a person's file on request, its downloads (PDF, JSON). */
  personFile: string;
  /** « Raison du changement » on a person's form when the dossier number changes. */
  dossierNumberReason: string;
}

/** Keys that never reach the browser, whatever a resource selects: hashes, tokens, secrets, email bodies. */
const SECRET_KEY = /hash|token|secret|password|recovery|body/i;

/** Removes secret keys from every record of an action's answer (list, show, search, edit…). */
export function stripSecrets(response: ActionResponse): ActionResponse {
  const clean = (record: { params?: Record<string, unknown> } | undefined) => {
    if (!record?.params) return;
    for (const key of Object.keys(record.params)) if (SECRET_KEY.test(key)) delete record.params[key];
  };
  clean(response.record);
  for (const record of response.records ?? []) clean(record);
  return response;
}

/** A record's id typed in a filter (decimal digits), or null: no rows. */
export const typedId = (raw: string) => (/^\d{1,9}$/.test(raw.trim()) ? raw.trim() : null);

/** An address typed in a filter, in its canonical form. */
export const lower = (raw: string) => canonicalEmail(raw) || null;

/**
 * AdminJS merges an edit's form into the record before it reads the record's id: an `id` field in
 * the form would write to another record than the one of the URL, past that record's own checks.
 * No action of the panel takes an id from a form.
 */
async function keepUrlRecord(request: ActionRequest): Promise<ActionRequest> {
  if (!request.payload || !('id' in request.payload)) return request;
  const { id: _ignored, ...payload } = request.payload;
  return { ...request, payload };
}

/** What AdminJS shows of a resource, and who may do what with it (ROLE_MATRIX, checked on the server). */
export function options(id: ResourceId, resourceOptions: Omit<ResourceOptions, 'id'>, extraActions: Partial<Record<PanelAction, object>> = {}, viewed?: (context: ActionContext) => Promise<void>): ResourceOptions {
  const allow = (action: PanelAction) => ({
    isAccessible: ({ currentAdmin, record }: ActionContext) =>
      mayRun(id, action, (currentAdmin as AdminUser | undefined)?.role) &&
      // Never delete a person linked to a resident account.
      !(id === 'persons' && action === 'delete' && record?.params.accountId != null),
    before: keepUrlRecord,
    after: async (response: ActionResponse) => stripSecrets(response),
  });
  const actions: Record<string, unknown> = {
      list: allow('list'),
      show: viewed ? { ...allow('show'), after: async (response: ActionResponse, _request: ActionRequest, context: ActionContext) => {
        await viewed(context);
        return stripSecrets(response);
      } } : allow('show'),
      search: allow('search'),
      new: allow('new'),
      edit: allow('edit'),
      delete: allow('delete'),
      bulkDelete: { isAccessible: false, isVisible: false },
  };
  // The panel's own actions (and handlers replacing AdminJS's), under the same matrix and stripping.
  // A built-in action given again (the show's own screen) keeps its hooks (the consultation logged).
  for (const [name, action] of Object.entries(extraActions)) actions[name] = { ...((actions[name] as object | undefined) ?? allow(name as PanelAction)), ...action };
  return { id, ...resourceOptions, actions: actions as ResourceOptions['actions'] };
}

export const hide = { isVisible: false };

/**
 * A queue's status filter, whose adapter applies `defaultValue` while the URL names no status
 * (`defaultFilters`): its dropdown shows that default instead of « Choisir… », and clearing it
 * chooses `all` instead of falling back to the default (SelectFilter.jsx, ActionHeader.jsx).
 */
export const statusWithDefault = (values: string[], defaultValue: string) => ({
  availableValues: values.map((value) => ({ value, label: value })),
  props: { filterDefault: defaultValue, filterAll: 'all' },
});
export const listOnly = (visible: { list?: boolean; show?: boolean; edit?: boolean; filter?: boolean }) => ({ isVisible: { list: false, show: true, edit: false, filter: false, ...visible } });

/** One resource of the panel: its adapter over the app's DataSource and what AdminJS shows of it. */
export interface PanelResourceEntry {
  source: PanelSource<any>;
  options: ResourceOptions;
}

/** What every resource file builds with: the app's data source, clock and services, and the panel's components. */
export interface PanelKit {
  dataSource: DataSource;
  clock: Clock;
  components: PanelComponents;
  /** The services behind the panel's own actions and writers (none: a read-only panel). */
  actions?: { services: PanelServices; component: string };
  timeZone: string;
  /** Law 25: a staff member's reading of a page of personal data is logged (S3). */
  viewed: (resource: ResourceId) => (context: ActionContext) => Promise<void>;
  /** « Historique »: the record's lines of the audit log, on its page only. */
  history: { history: object };
  own: <T>(make: (services: PanelServices, component: string) => T) => T | object;
  source: <T extends ObjectLiteral>(o: Omit<PanelSourceOptions<T>, 'dataSource'>) => { source: PanelSource<T> };
  /** The writer of a resource's new, edit and delete: its feature's service (none without the services: read-only). */
  writer: (make: (services: PanelServices) => RecordWriter) => { writer?: RecordWriter };
  datetime: { custom: { timeZone: string } };
}

export function panelKit(dataSource: DataSource, clock: Clock, components: PanelComponents, actions?: { services: PanelServices; component: string }): PanelKit {
  const timeZone = clock.timeZone;
  const audit = new AuditLog(clock);
  return {
    dataSource,
    clock,
    components,
    actions,
    timeZone,
    viewed: (resource) => async ({ record, currentAdmin }) => {
      if (record) await audit.view(dataSource, staffActor({ currentAdmin }), resource, String(record.id()));
    },
    history: { history: { isVisible: { list: false, show: true, edit: false, filter: false }, components: { show: components.history }, custom: { timeZone } } },
    own: (make) => (actions ? make(actions.services, actions.component) : {}),
    source: <T extends ObjectLiteral>(o: Omit<PanelSourceOptions<T>, 'dataSource'>) => ({ source: new PanelSource<T>({ dataSource, audit, timeZone, ...o }) }),
    writer: (make) => (actions ? { writer: make(actions.services) } : {}),
    datetime: { custom: { timeZone } },
  };
}

/**
 * AdminJS's new, edit and delete only where the resource's writer has the method, or where the
 * resource gives its own handler (staff, a household's address): the others are read-only.
 */
export function writtenByWriter(source: { options: { writer?: RecordWriter } }, options: ResourceOptions): ResourceOptions {
  const actions = { ...options.actions } as Record<string, Record<string, unknown> | undefined>;
  const methods = { new: 'create', edit: 'update', delete: 'delete' } as const;
  for (const [action, method] of Object.entries(methods)) {
    if (!actions[action]?.handler && !source.options.writer?.[method]) actions[action] = { ...actions[action], isAccessible: false, isVisible: false };
  }
  return { ...options, actions: actions as ResourceOptions['actions'] };
}

/** Each DATE column shown and edited as a date, while the adapter hands AdminJS the typed text (see `propertyType`). */
export function datesAsTyped(source: Pick<PanelSource, 'metadata'>, options: ResourceOptions): ResourceOptions {
  const dates = (source.metadata?.columns ?? []).filter((column) => column.type === 'date').map((column) => column.propertyName);
  const properties = { ...options.properties };
  for (const path of dates) properties[path] = { type: 'date', ...properties[path] };
  return { ...options, properties };
}
