import { Account } from '../../accounts/account.entity.js';
import { DossierRequest } from '../../dossier-requests/dossier-request.entity.js';
import { REJECTION_REASONS } from '../../dossier-requests/rejection-reasons.js';
import { OPEN_STATUSES, REQUEST_STATUSES, WAITING_FOR_CITY } from '../../dossier-requests/request-status.js';
import type { FilterRule } from '../adapter/panel-source.js';
import { prefixSql } from '../adapter/prefix.js';
import { contextAction } from '../desk-actions.js';
import { duplicateDetails, requestActions } from '../request-actions.js';
import { requestedMemberText } from '../values.js';
import { hide, lower, options, statusWithDefault, type PanelKit, type PanelResourceEntry } from './shared.js';

/** Groups of statuses the status filter offers besides each status: « à traiter » (the default) and « en attente de la Ville » (the dashboard's figures). */
const STATUS_GROUPS: Record<string, readonly string[]> = { open: OPEN_STATUSES, city: WAITING_FOR_CITY };

/** A group of statuses (`open`, the default; `city`), every status (`all`), or one status; the (status, createdAt) index serves each. */
const requestStatus: FilterRule = {
  kind: 'custom',
  apply: (qb, value, alias) => {
    if (value === 'all') return;
    const statuses = STATUS_GROUPS[value] ?? ((REQUEST_STATUSES as readonly string[]).includes(value) ? [value] : []);
    if (!statuses.length) qb.andWhere('1 = 0');
    else qb.andWhere(`${alias}.status IN (:...statuses)`, { statuses });
  },
};

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

/** The clerks' queue of dossier-number requests (« à traiter » first), with their actions through DossierRequestsService. */
export function dossierRequests(kit: PanelKit): PanelResourceEntry {
  const { dataSource, clock, components, viewed, history, own, source, datetime } = kit;
  const now = () => clock.now().getTime();
  return {
    ...source<DossierRequest>({
      entity: DossierRequest,
      id: 'dossier_requests',
      title: 'reference',
      filters: {
        reference: { kind: 'prefix', column: 'reference', normalize: (raw) => raw.trim().toUpperCase() || null },
        status: requestStatus,
        assignedTo: requestAssignee,
        createdAt: { kind: 'range', column: 'createdAt' },
        dueAt: { kind: 'range', column: 'dueAt' },
        late: { kind: 'exact', column: 'late', normalize: (raw) => (raw === 'true' ? '1' : raw === 'false' ? '0' : null) },
        email: { kind: 'prefix', column: 'email', normalize: lower },
      },
      // The clerks' queue: the requests to process unless another status (or « Toutes ») is chosen.
      defaultFilters: { status: 'open' },
      // A request named by its reference (the search box) is found whatever its status: approved and refused ones too.
      keyFilters: ['reference'],
      sorts: { createdAt: 'createdAt', reference: 'reference', id: 'id' },
      defaultSort: { column: 'createdAt', direction: 'asc' },
      references: { accountId: 'accounts', householdId: 'households' },
      virtuals: [
        { path: 'assignedTo', type: 'string' },
        { path: 'age', type: 'string' },
        { path: 'duplicates', type: 'textarea', showOnly: true },
        { path: 'account', type: 'string', showOnly: true },
        { path: 'requestedMembers', type: 'textarea', showOnly: true },
      ],
      staffOf: (row) => [row.assignedToId],
      present: async (row, mode, ds, staff, { locale }) => {
        const listed = { assignedTo: row.assignedToId === null ? null : (staff.get(row.assignedToId) ?? null), age: requestAge((row.decidedAt?.getTime() ?? now()) - row.createdAt.getTime()) };
        if (mode === 'list') return listed;
        const account = row.accountId === null ? null : await ds.getRepository(Account).findOne({ where: { id: row.accountId }, select: { id: true, email: true } });
        const duplicates = await duplicateDetails(ds, row.possibleDuplicates);
        return {
          ...listed,
          requestedMembers: row.members.map((m) => requestedMemberText(m, locale)).join('\n') || (locale === 'en' ? 'None' : 'Aucun'),
          account: account ? `${account.email} (n° ${account.id})` : 'Aucun : demande faite sans compte',
          duplicates: duplicates.map((d) => `${d.name} — dossier ${d.dossierNumber} — ${d.household ? `famille n° ${d.householdId} (${d.household})` : 'sans famille'} — ${duplicateReason(d.reason, d.matches)}`).join('\n') || 'Aucun',
        };
      },
    }),
    options: options('dossier_requests', {
      navigation: { name: 'Dossiers', icon: 'Folder' },
      listProperties: ['reference', 'status', 'applicantLastName', 'applicantFirstName', 'assignedTo', 'createdAt', 'age', 'late'],
      filterProperties: ['status', 'assignedTo', 'createdAt', 'dueAt', 'late', 'reference', 'email'],
      showProperties: ['reference', 'status', 'assignedTo', 'age', 'dueAt', 'late', 'duplicates', 'account', 'infoQuestion', 'rejectionReason', 'decisionNote', 'applicantFirstName', 'applicantLastName', 'applicantBirthDate', 'email', 'phone', 'civicNumber', 'street', 'apartment', 'city', 'postalCode', 'requestedMembers', 'locale', 'consentedAt', 'consentVersion', 'householdId', 'decidedAt', 'createdAt', 'updatedAt', 'history'],
      properties: {
        status: statusWithDefault(['open', 'city', 'all', ...REQUEST_STATUSES], 'open'),
        rejectionReason: { availableValues: Object.keys(REJECTION_REASONS).map((value) => ({ value, label: value })) },
        locale: { availableValues: ['fr', 'en'].map((value) => ({ value, label: value })) },
        assignedToId: hide,
        possibleDuplicates: hide,
        createdAt: datetime, updatedAt: datetime, decidedAt: datetime, consentedAt: datetime, dueAt: datetime, ...history,
      },
      sort: { sortBy: 'createdAt', direction: 'asc' },
    }, own((services) => ({
      ...requestActions(services, dataSource, components.requestAction),
      show: { component: components.showWithContext },
      context: contextAction((id, actor) => services.contexts.forRequest(id, actor), kit.timeZone),
    })), viewed('dossier_requests')),
  };
}
