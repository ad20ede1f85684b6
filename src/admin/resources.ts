import { ValidationError, type ActionContext, type ActionRequest, type ActionResponse, type ResourceOptions, type ResourceWithOptions } from 'adminjs';
import type { DataSource, ObjectLiteral } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AuditLog } from '../audit/audit-log.js';
import { CalendarEntry } from '../calendar/calendar-entry.entity.js';
import { ThreadAttachment } from '../mailbox/thread-attachment.entity.js';
import { ThreadMessage } from '../mailbox/thread-message.entity.js';
import { THREAD_STATUSES, Thread } from '../mailbox/thread.entity.js';
import { threadActions } from './thread-actions.js';
import type { Clock } from '../common/clock.js';
import { maskEmail } from '../common/logging.js';
import { canonicalEmail } from '../common/email-address.js';
import { DossierRequest } from '../dossier-requests/dossier-request.entity.js';
import { REJECTION_REASONS } from '../dossier-requests/rejection-reasons.js';
import { REQUEST_STATUSES } from '../dossier-requests/request-status.js';
import { ageOn, nameKey, normalizeDossierNumber } from '../dossiers/dossier-rules.js';
import { HouseholdPhone, PHONE_KINDS } from '../dossiers/household-phone.entity.js';
import { phoneField } from '../dossiers/households.service.js';
import { Household } from '../dossiers/household.entity.js';
import { Membership } from '../dossiers/membership.entity.js';
import { Person } from '../dossiers/person.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { RegistrationPeriod } from '../registration-periods/registration-period.entity.js';
import { staffNames } from '../staff/staff-names.js';
import { Staff } from '../staff/staff.entity.js';
import type { AdminUser } from '../staff/staff-user.js';
import { PanelResource, staffActor } from './adapter/panel-resource.js';
import { PanelSource, type FilterRule, type PanelSourceOptions, type RecordWriter } from './adapter/panel-source.js';
import { prefixCondition, prefixSql } from './adapter/prefix.js';
import { accountActions, outboxActions, staffActions, type PanelServices } from './actions.js';
import { duplicateDetails, householdLabel, requestActions } from './request-actions.js';
import { householdActions } from './household-actions.js';
import { mayRun, RESOURCE_IDS, type PanelAction, type ResourceId } from './roles.js';

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

const lower = (raw: string) => canonicalEmail(raw) || null;
const dossierNumber: FilterRule = { kind: 'prefix', column: 'dossierNumber', normalize: (raw) => normalizeDossierNumber(raw) || null };
const lastName: FilterRule = { kind: 'prefix', column: 'lastNameKey', normalize: (raw) => nameKey(raw) || null };

/** Households of which a member matches: the persons' own indexes, then the membership index. */
const householdMember: FilterRule = {
  kind: 'custom',
  apply: (qb, value, alias) => {
    const [column, key] = /\d/.test(value) ? ['p.dossierNumber', normalizeDossierNumber(value)] : ['p.lastNameKey', nameKey(value)];
    if (!key) {
      qb.andWhere('1 = 0');
      return;
    }
    const [condition, parameters] = prefixSql(column, key, 'member', qb);
    qb.andWhere(`${alias}.id IN (SELECT m.householdId FROM household_members m INNER JOIN persons p ON p.id = m.personId WHERE ${condition})`, parameters);
  },
};

/** The « à traiter » group (`open`, the default), every status (`all`), or one status; the (status, createdAt) index serves each. */
const requestStatus: FilterRule = {
  kind: 'custom',
  apply: (qb, value, alias) => {
    if (value === 'all') return;
    const statuses = value === 'open' ? OPEN_STATUSES : (REQUEST_STATUSES as readonly string[]).includes(value) ? [value] : [];
    if (!statuses.length) qb.andWhere('1 = 0');
    else qb.andWhere(`${alias}.status IN (:...statuses)`, { statuses });
  },
};
const OPEN_STATUSES = ['submitted', 'in_review', 'needs_info'];

/** A staff id, « aucun » (nobody holds it), or the start of a staff member's name; the (assignedToId, createdAt) index serves it. */
const requestAssignee: FilterRule = {
  kind: 'custom',
  apply: (qb, value, alias) => {
    const raw = value.trim();
    if (/^\d{1,9}$/.test(raw)) qb.andWhere(`${alias}.assignedToId = :assignee`, { assignee: Number(raw) });
    else if (/^(aucun|none)$/i.test(raw)) qb.andWhere(`${alias}.assignedToId IS NULL`);
    else if (!raw) qb.andWhere('1 = 0');
    else {
      const [condition, parameters] = prefixSql('s.displayName', raw, 'assigneeName', qb);
      qb.andWhere(`${alias}.assignedToId IN (SELECT s.id FROM staff s WHERE ${condition})`, parameters);
    }
  },
};

/** How long a request has waited (until its decision): « 3 j 4 h », « 5 h 12 min ». */
export function requestAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return days ? `${days} j ${hours} h` : `${hours} h ${minutes % 60} min`;
}

const MATCH_REASON = { name_and_birth_date: 'même nom et même date de naissance', email: 'même adresse courriel' } as const;

function duplicateReason(reason: keyof typeof MATCH_REASON, matches: string): string {
  const member = /^members\[(\d+)\]$/.exec(matches);
  return `${MATCH_REASON[reason]} que ${member ? `le membre ${Number(member[1]) + 1}` : 'le demandeur'}`;
}

function personLabel(p: Pick<Person, 'firstName' | 'lastName' | 'dossierNumber'>): string {
  return `${p.lastName}, ${p.firstName} (${p.dossierNumber})`;
}

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
function options(id: ResourceId, resourceOptions: Omit<ResourceOptions, 'id'>, extraActions: Partial<Record<PanelAction, object>> = {}, viewed?: (context: ActionContext) => Promise<void>): ResourceOptions {
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
  for (const [name, action] of Object.entries(extraActions)) actions[name] = { ...allow(name as PanelAction), ...action };
  return { id, ...resourceOptions, actions: actions as ResourceOptions['actions'] };
}

const hide = { isVisible: false };
const listOnly = (visible: { list?: boolean; show?: boolean; edit?: boolean; filter?: boolean }) => ({ isVisible: { list: false, show: true, edit: false, filter: false, ...visible } });

/** The panel's resources over the app's DataSource, in the sidebar's order. */
export function panelResources(dataSource: DataSource, clock: Clock, components: PanelComponents, actions?: { services: PanelServices; component: string }): ResourceWithOptions[] {
  const timeZone = clock.timeZone;
  const audit = new AuditLog(clock);
  /** Law 25: a staff member's reading of a page of personal data is logged (S3). */
  const viewed = (resource: ResourceId) => async ({ record, currentAdmin }: ActionContext) => {
    if (record) await audit.view(dataSource, staffActor({ currentAdmin }), resource, String(record.id()));
  };
  /** « Historique »: the record's lines of the audit log, on its page only. */
  const history = { history: { isVisible: { list: false, show: true, edit: false, filter: false }, components: { show: components.history }, custom: { timeZone } } };
  const own = <T,>(make: (services: PanelServices, component: string) => T): T | object => (actions ? make(actions.services, actions.component) : {});
  const source = <T extends ObjectLiteral>(o: Omit<PanelSourceOptions<T>, 'dataSource'>) => ({
    source: new PanelSource<T>({ dataSource, audit, ...o }),
  });
  /** The writer of a resource's new, edit and delete: its feature's service (none without the services: read-only). */
  const writer = (make: (services: PanelServices) => RecordWriter): { writer?: RecordWriter } => (actions ? { writer: make(actions.services) } : {});
  const datetime = { custom: { timeZone } };
  const now = () => clock.now().getTime();
  const requests = {
    ...source<DossierRequest>({
      entity: DossierRequest,
      id: 'dossier_requests',
      title: 'reference',
      filters: {
        reference: { kind: 'prefix', column: 'reference', normalize: (raw) => raw.trim().toUpperCase() || null },
        status: requestStatus,
        assignedTo: requestAssignee,
        createdAt: { kind: 'range', column: 'createdAt' },
        late: { kind: 'exact', column: 'late', normalize: (raw) => (raw === 'true' ? '1' : raw === 'false' ? '0' : null) },
        email: { kind: 'prefix', column: 'email', normalize: lower },
      },
      // The clerks' queue: the requests to process unless another status (or « Toutes ») is chosen.
      defaultFilters: { status: 'open' },
      sorts: { createdAt: 'createdAt', reference: 'reference', id: 'id' },
      defaultSort: { column: 'createdAt', direction: 'asc' },
      references: { accountId: 'accounts', householdId: 'households' },
      virtuals: [
        { path: 'assignedTo', type: 'string' },
        { path: 'age', type: 'string' },
        { path: 'duplicates', type: 'textarea', showOnly: true },
        { path: 'account', type: 'string', showOnly: true },
      ],
      staffOf: (row) => [row.assignedToId],
      present: async (row, mode, ds, staff) => {
        const listed = { assignedTo: row.assignedToId === null ? null : (staff.get(row.assignedToId) ?? null), age: requestAge((row.decidedAt?.getTime() ?? now()) - row.createdAt.getTime()) };
        if (mode === 'list') return listed;
        const account = row.accountId === null ? null : await ds.getRepository(Account).findOne({ where: { id: row.accountId }, select: { id: true, email: true } });
        const duplicates = await duplicateDetails(ds, row.possibleDuplicates);
        return {
          ...listed,
          account: account ? `${account.email} (n° ${account.id})` : 'Aucun : demande faite sans compte',
          duplicates: duplicates.map((d) => `${d.name} — dossier ${d.dossierNumber} — ${d.household ? `famille n° ${d.householdId} (${d.household})` : 'sans famille'} — ${duplicateReason(d.reason, d.matches)}`).join('\n') || 'Aucun',
        };
      },
    }),
    options: options('dossier_requests', {
      navigation: { name: 'Dossiers', icon: 'Folder' },
      listProperties: ['reference', 'status', 'applicantLastName', 'applicantFirstName', 'assignedTo', 'createdAt', 'age', 'late'],
      filterProperties: ['status', 'assignedTo', 'createdAt', 'late', 'reference', 'email'],
      showProperties: ['reference', 'status', 'assignedTo', 'age', 'dueAt', 'late', 'duplicates', 'account', 'infoQuestion', 'rejectionReason', 'decisionNote', 'applicantFirstName', 'applicantLastName', 'applicantBirthDate', 'email', 'phone', 'civicNumber', 'street', 'apartment', 'city', 'postalCode', 'members', 'locale', 'consentedAt', 'consentVersion', 'householdId', 'decidedAt', 'createdAt', 'updatedAt', 'history'],
      properties: {
        status: { availableValues: ['open', 'all', ...REQUEST_STATUSES].map((value) => ({ value, label: value })) },
        rejectionReason: { availableValues: Object.keys(REJECTION_REASONS).map((value) => ({ value, label: value })) },
        assignedToId: hide,
        possibleDuplicates: hide,
        createdAt: datetime, updatedAt: datetime, decidedAt: datetime, consentedAt: datetime, dueAt: datetime, ...history,
      },
      sort: { sortBy: 'createdAt', direction: 'asc' },
    }, own((services) => requestActions(services, dataSource, components.requestAction)), viewed('dossier_requests')),
  };
  const households = {
    ...source<Household>(
      {
        entity: Household,
        id: 'households',
        title: 'label',
        filters: { member: householdMember, label: householdMember },
        sorts: { id: 'id', createdAt: 'id' },
        defaultSort: { column: 'id', direction: 'desc' },
        writable: ['civicNumber', 'street', 'apartment', 'city', 'postalCode'],
        ...writer(({ households }) => ({ create: (values, actor) => households.createHousehold(values, actor), delete: (id, actor) => households.deleteHousehold(id, actor) })),
        virtuals: [
          { path: 'label', type: 'string' },
          { path: 'member', type: 'string' },
          { path: 'members', type: 'textarea', showOnly: true },
          { path: 'phones', type: 'textarea', showOnly: true },
          ...PHONE_KINDS.map((kind) => ({ path: phoneField(kind), type: 'string' as const, showOnly: true })),
        ],
        present: async (row, mode, ds) => {
          const label = householdLabel(row);
          if (mode === 'list') return { label };
          const memberships = await ds.getRepository(Membership).find({ where: { householdId: row.id }, relations: { person: true }, order: { id: 'ASC' } });
          const phones = await ds.getRepository(HouseholdPhone).find({ where: { householdId: row.id }, order: { id: 'ASC' } });
          const today = clock.today();
          return {
            label,
            // JSON for the HouseholdMembers component and the families' forms.
            members: JSON.stringify(
              memberships.map((m) => ({
                personId: m.personId,
                dossierNumber: m.person.dossierNumber,
                firstName: m.person.firstName,
                lastName: m.person.lastName,
                birthDate: m.person.birthDate,
                age: ageOn(m.person.birthDate, today),
                role: m.role,
                dependent: Boolean(m.dependent),
              })),
            ),
            phones: phones.map((p) => `${p.number} (${p.kind})`).join('\n'),
            ...Object.fromEntries(PHONE_KINDS.map((kind) => [phoneField(kind), phones.find((p) => p.kind === kind)?.number ?? ''])),
          };
        },
      },
    ),
    options: options('households', {
      navigation: { name: 'Dossiers', icon: 'Folder' },
      listProperties: ['id', 'label', 'postalCode', 'createdAt'],
      filterProperties: ['member'],
      showProperties: ['id', 'civicNumber', 'street', 'apartment', 'city', 'postalCode', 'members', 'phones', 'legacyKey', 'createdAt', 'updatedAt', 'history'],
      editProperties: ['civicNumber', 'street', 'apartment', 'city', 'postalCode'],
      properties: {
        label: listOnly({ list: true, show: false }), member: { isVisible: { list: false, show: false, edit: false, filter: true } }, legacyKey: { isVisible: { list: false, show: true, edit: false, filter: false } }, createdAt: datetime, updatedAt: datetime, ...history,
        members: { ...listOnly({}), components: { show: components.householdMembers } },
        // The current numbers by kind, for the phones' form (the page shows `phones`).
        ...Object.fromEntries(PHONE_KINDS.map((kind) => [phoneField(kind), hide])),
      },
    }, actions ? householdActions(actions.services.households, components.familyAction) : {}, viewed('households')),
  };
  const persons = {
    ...source<Person>(
      {
        entity: Person,
        id: 'persons',
        title: 'fullName',
        filters: { dossierNumber, lastName, email: { kind: 'prefix', column: 'email', normalize: lower }, fullName: { kind: 'custom', apply: (qb, value, alias) => personSearch(qb, value, alias) } },
        sorts: { lastName: 'lastNameKey', dossierNumber: 'dossierNumber', id: 'id' },
        defaultSort: { column: 'lastNameKey', direction: 'asc' },
        references: { accountId: 'accounts' },
        writable: ['dossierNumber', 'firstName', 'lastName', 'birthDate', 'email', 'phone'],
        virtuals: [{ path: 'fullName', type: 'string' }, { path: 'households', type: 'textarea', showOnly: true }],
        present: async (row, mode, ds) => {
          if (mode === 'list') return { fullName: personLabel(row) };
          const memberships = await ds.getRepository(Membership).find({ where: { personId: row.id }, relations: { household: true }, order: { householdId: 'ASC' } });
          const households = memberships.map((m) => ({ householdId: m.householdId, label: householdLabel(m.household), role: m.role, dependent: Boolean(m.dependent) }));
          return { fullName: personLabel(row), households: JSON.stringify(households) };
        },
        ...writer(({ households }) => ({ update: (id, values, actor) => households.updatePerson(id, values, actor), delete: (id, actor) => households.deletePerson(id, actor) })),
      },
    ),
    options: options('persons', {
      navigation: { name: 'Dossiers', icon: 'Folder' },
      listProperties: ['dossierNumber', 'lastName', 'firstName', 'birthDate', 'email', 'accountId'],
      filterProperties: ['dossierNumber', 'lastName', 'email'],
      showProperties: ['dossierNumber', 'lastName', 'firstName', 'birthDate', 'email', 'phone', 'accountId', 'households', 'createdAt', 'updatedAt', 'history'],
      editProperties: ['dossierNumber', 'lastName', 'firstName', 'birthDate', 'email', 'phone'],
      properties: { lastNameKey: hide, fullName: { isVisible: false }, createdAt: datetime, updatedAt: datetime, ...history, households: { ...listOnly({}), components: { show: components.personHouseholds } } },
      sort: { sortBy: 'lastName', direction: 'asc' },
    }, {}, viewed('persons')),
  };
  const accounts = {
    ...source<Account>({
      entity: Account,
      id: 'accounts',
      title: 'email',
      hidden: ['passwordHash'],
      // « Dossier lié le » from a date: the recent links, for a clerk to check (issue 15); its index serves it.
      filters: { email: { kind: 'prefix', column: 'email', normalize: lower }, dossierLinkedAt: { kind: 'range', column: 'dossierLinkedAt' } },
      sorts: { email: 'email', id: 'id', dossierLinkedAt: 'dossierLinkedAt' },
      defaultSort: { column: 'id', direction: 'desc' },
    }),
    options: options('accounts', {
      navigation: { name: 'Résidents', icon: 'User' },
      listProperties: ['email', 'lastName', 'firstName', 'emailVerifiedAt', 'dossierLinkedAt', 'createdAt'],
      filterProperties: ['email', 'dossierLinkedAt'],
      properties: { createdAt: datetime, updatedAt: datetime, emailVerifiedAt: datetime, dossierLinkedAt: datetime, ...history },
    }, own(accountActions), viewed('accounts')),
  };
  const periods = {
    ...source<RegistrationPeriod>(
      {
        entity: RegistrationPeriod,
        id: 'registration_periods',
        title: 'name',
        filters: { opensAt: { kind: 'range', column: 'opensAt' } },
        sorts: { opensAt: 'opensAt', id: 'id' },
        defaultSort: { column: 'opensAt', direction: 'desc' },
        writable: ['name', 'opensAt', 'closesAt'],
        ...writer(({ periods }) => periods),
      },
    ),
    options: options('registration_periods', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['name', 'opensAt', 'closesAt'],
      filterProperties: ['opensAt'],
      editProperties: ['name', 'opensAt', 'closesAt'],
      properties: { opensAt: datetime, closesAt: datetime, createdAt: datetime, ...history },
    }),
  };
  const threads = {
    ...source<Thread>({
      entity: Thread,
      id: 'threads',
      title: 'reference',
      filters: {
        reference: { kind: 'prefix', column: 'reference', normalize: (raw) => raw.trim().toUpperCase() || null },
        status: threadStatus,
        assignedToId: { kind: 'exact', column: 'assignedToId', normalize: (raw) => (/^\d{1,9}$/.test(raw.trim()) ? raw.trim() : null) },
        email: { kind: 'prefix', column: 'email', normalize: lower },
        dueAt: { kind: 'range', column: 'dueAt' },
      },
      // The queue: the threads waiting for the city, the most urgent first, unless « Toutes » is chosen.
      defaultFilters: { status: 'open' },
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
        status: { availableValues: ['open', ...THREAD_STATUSES.filter((s) => s !== 'open'), 'all'].map((value) => ({ value, label: value })) },
        receivedAt: datetime, dueAt: datetime, firstResponseAt: datetime, lastMessageAt: datetime, createdAt: datetime, updatedAt: datetime,
        messages: { components: { show: components.threadMessages }, custom: { timeZone } },
        overdue: { availableValues: ['true', 'false'].map((value) => ({ value, label: value })) },
        ...history,
      },
      sort: { sortBy: 'dueAt', direction: 'asc' },
    }, actions ? threadActions(actions.services.mailbox, dataSource, components.threadAction) : {}, viewed('threads')),
  };
  const calendar = {
    ...source<CalendarEntry>(
      {
        entity: CalendarEntry,
        id: 'calendar',
        title: 'name',
        filters: { date: { kind: 'range', column: 'date' } },
        sorts: { date: 'date', id: 'id' },
        defaultSort: { column: 'date', direction: 'asc' },
        writable: ['date', 'name'],
        ...writer(({ calendar }) => calendar),
      },
    ),
    options: options('calendar', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['date', 'name'],
      filterProperties: ['date'],
      showProperties: ['date', 'name', 'createdAt', 'updatedAt', 'history'],
      editProperties: ['date', 'name'],
      properties: { createdAt: datetime, updatedAt: datetime, ...history },
      sort: { sortBy: 'date', direction: 'asc' },
    }),
  };
  const staff = {
    ...source<Staff>({
      entity: Staff,
      id: 'staff',
      title: 'displayName',
      hidden: ['passwordHash', 'totpSecret', 'totpLastStep', 'recoveryCodeHashes', 'sessionVersion'],
      filters: { email: { kind: 'prefix', column: 'email', normalize: lower } },
      sorts: { email: 'email', id: 'id' },
      defaultSort: { column: 'email', direction: 'asc' },
    }),
    options: options('staff', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['displayName', 'email', 'role', 'active', 'lastLoginAt'],
      filterProperties: ['email'],
      editProperties: ['email', 'displayName', 'role', 'locale', 'active', 'password'],
      properties: {
        lastLoginAt: datetime, passwordChangedAt: datetime, totpEnrolledAt: datetime, createdAt: datetime, updatedAt: datetime, ...history,
        locale: { availableValues: [{ value: 'fr', label: 'Français' }, { value: 'en', label: 'English' }] },
        // A new member is active unless the administrator unticks the box.
        active: { custom: { defaultOnNew: true } },
        // The temporary password of a new member (or a new one on edit): never read back.
        password: { type: 'password', isVisible: { list: false, show: false, edit: true, filter: false } },
      },
    }, own((services, component) => staffActions(services, dataSource, component))),
  };
  const outbox = {
    ...source<OutboxMessage>({
      entity: OutboxMessage,
      id: 'outbox',
      title: 'template',
      hidden: ['textBody', 'htmlBody', 'subject', 'lockedBy'],
      filters: { status: { kind: 'exact', column: 'status' } },
      sorts: { id: 'id' },
      defaultSort: { column: 'id', direction: 'desc' },
      present: (row) => ({ recipient: maskEmail(row.recipient) }),
      // Nothing personal is written here by staff: no history.
      audit: undefined,
    }),
    options: options('outbox', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['id', 'template', 'recipient', 'status', 'attempts', 'lastError', 'nextAttemptAt'],
      filterProperties: ['status'],
      properties: { nextAttemptAt: datetime, lockedUntil: datetime, sentAt: datetime, createdAt: datetime },
    }, own(outboxActions)),
  };
  const auditLog = {
    source: new PanelSource<AuditEntry>({
      dataSource,
      entity: AuditEntry,
      id: 'audit_log',
      title: 'summary',
      filters: {
        staffId: { kind: 'exact', column: 'staffId', normalize: (raw) => (/^\d{1,9}$/.test(raw.trim()) ? raw.trim() : null) },
        resource: { kind: 'exact', column: 'resource' },
        recordId: { kind: 'exact', column: 'recordId', normalize: (raw) => raw.trim() || null },
        occurredAt: { kind: 'range', column: 'occurredAt' },
      },
      sorts: { id: 'id', occurredAt: 'id' },
      defaultSort: { column: 'id', direction: 'desc' },
      virtuals: [
        { path: 'staffName', type: 'string' },
        { path: 'summary', type: 'string' },
      ],
      staffOf: (row) => [row.staffId],
      present: (row, _mode, _ds, staff) => ({
        staffName: row.staffId === null ? row.actorKind : (staff.get(row.staffId) ?? `#${row.staffId}`),
        summary: `${row.action} ${row.resource} #${row.recordId}`,
      }),
    }),
    options: options('audit_log', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['occurredAt', 'staffName', 'action', 'resource', 'recordId'],
      filterProperties: ['staffId', 'resource', 'recordId', 'occurredAt'],
      showProperties: ['id', 'occurredAt', 'staffName', 'staffId', 'actorKind', 'action', 'resource', 'recordId', 'changes', 'note'],
      properties: {
        occurredAt: datetime,
        summary: { isVisible: false },
        resource: { availableValues: RESOURCE_IDS.map((value) => ({ value, label: value })), components: { list: components.auditValue, show: components.auditValue } },
        action: { components: { list: components.auditValue, show: components.auditValue } },
      },
      sort: { sortBy: 'id', direction: 'desc' },
    }),
  };
  return [requests, threads, households, persons, accounts, periods, calendar, staff, outbox, auditLog].map(({ source, options }) => ({ resource: source, options: datesAsTyped(source, writtenByWriter(source, options)) }));
}

/**
 * AdminJS's new, edit and delete only where the resource's writer has the method, or where the
 * resource gives its own handler (staff, a household's address): the others are read-only.
 */
function writtenByWriter(source: { options: { writer?: RecordWriter } }, options: ResourceOptions): ResourceOptions {
  const actions = { ...options.actions } as Record<string, Record<string, unknown> | undefined>;
  const methods = { new: 'create', edit: 'update', delete: 'delete' } as const;
  for (const [action, method] of Object.entries(methods)) {
    if (!actions[action]?.handler && !source.options.writer?.[method]) actions[action] = { ...actions[action], isAccessible: false, isVisible: false };
  }
  return { ...options, actions: actions as ResourceOptions['actions'] };
}

/** Each DATE column shown and edited as a date, while the adapter hands AdminJS the typed text (see `propertyType`). */
function datesAsTyped(source: Pick<PanelSource, 'metadata'>, options: ResourceOptions): ResourceOptions {
  const dates = (source.metadata?.columns ?? []).filter((column) => column.type === 'date').map((column) => column.propertyName);
  const properties = { ...options.properties };
  for (const path of dates) properties[path] = { type: 'date', ...properties[path] };
  return { ...options, properties };
}

/**
 * The search box of persons: an email (an @, a dot, _ or +: « marie.tremblay2 »), a dossier number
 * (a digit otherwise), or the start of a last name.
 */
function personSearch(qb: Parameters<Extract<FilterRule, { kind: 'custom' }>['apply']>[0], value: string, alias: string): void {
  const [column, key] = /[@._+]/.test(value)
    ? ['email', canonicalEmail(value)]
    : /\d/.test(value)
      ? ['dossierNumber', normalizeDossierNumber(value)]
      : ['lastNameKey', nameKey(value)];
  if (!key) qb.andWhere('1 = 0');
  else prefixCondition(qb, `${alias}.${column}`, key, 'search');
}

export type { PanelResource };

/** A thread's status filter: one status, or « Toutes » (`all`); the queue's default is `open`. */
const threadStatus: FilterRule = {
  kind: 'custom',
  apply: (qb, value, alias) => {
    if (value === 'all') return;
    if ((THREAD_STATUSES as readonly string[]).includes(value)) qb.andWhere(`${alias}.status = :threadStatus`, { threadStatus: value });
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
