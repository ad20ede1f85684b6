import type { BaseRecord } from 'adminjs';
import type { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { Household } from '../dossiers/household.entity.js';
import { Membership } from '../dossiers/membership.entity.js';
import { Person } from '../dossiers/person.entity.js';
import type { PossibleDuplicate } from '../dossier-requests/dossier-request.entity.js';
import type { RejectionReason } from '../dossier-requests/rejection-reasons.js';
import { REJECTION_REASONS } from '../dossier-requests/rejection-reasons.js';
import { afterAction, isRequestStatus, type RequestAction, type RequestStatus } from '../dossier-requests/request-status.js';
import { assigneeChoices } from '../staff/assignees.js';
import { formText, recordAction, refusedAs, type RecordActionOptions, type RecordRun } from './record-action.js';
import type { PanelServices } from './actions.js';

/** A possible duplicate as the clerk reads it: who, which dossier, which household, why. */
export interface DuplicateDetail {
  personId: number;
  name: string;
  dossierNumber: string;
  householdId: number | null;
  household: string | null;
  matches: string;
  reason: PossibleDuplicate['reason'];
}

export function householdLabel(h: Pick<Household, 'address'>): string {
  return `${h.address.civicNumber}${h.address.apartment ? `-${h.address.apartment}` : ''}, ${h.address.street}, ${h.address.city}`;
}

/** The persons a request resembles, with their household (read at show time: they may have moved since). */
export async function duplicateDetails(dataSource: DataSource, duplicates: PossibleDuplicate[]): Promise<DuplicateDetail[]> {
  const ids = [...new Set(duplicates.map((d) => d.personId))];
  if (!ids.length) return [];
  const persons = new Map((await dataSource.getRepository(Person).find({ where: ids.map((id) => ({ id })) })).map((p) => [p.id, p]));
  const memberships = await dataSource.getRepository(Membership).find({ where: ids.map((personId) => ({ personId })), relations: { household: true }, order: { id: 'ASC' } });
  const homes = new Map<number, Household>();
  for (const m of memberships) if (!homes.has(m.personId)) homes.set(m.personId, m.household);
  return duplicates.map((d) => {
    const person = persons.get(d.personId);
    const home = homes.get(d.personId);
    return {
      personId: d.personId,
      name: person ? `${person.firstName} ${person.lastName}` : `#${d.personId}`,
      dossierNumber: d.dossierNumber,
      householdId: home?.id ?? null,
      household: home ? householdLabel(home) : null,
      matches: d.matches,
      reason: d.reason,
    };
  });
}

/** A record action on a request; a refused move is the notice `request_<code>`. */
function requestAction(component: string, options: Pick<RecordActionOptions, 'icon' | 'danger' | 'when'>, run: RecordRun, screen?: RecordActionOptions['screen']) {
  return recordAction({ component, ...options, screen, refused: refusedAs('request_') }, run);
}

const text = formText;

/** The status a button's action leads to from the record's status (request-status.ts), null when the lifecycle refuses it. */
function after(record: BaseRecord | undefined, action: RequestAction): RequestStatus | null {
  const status: unknown = record?.params.status;
  return isRequestStatus(status) ? afterAction(status, action) : null;
}
/** A button shows when the lifecycle allows its action on the record's status. */
const allows = (action: RequestAction) => (record?: BaseRecord) => after(record, action) !== null;
/** Taking: allowed by the lifecycle, and not a request in review that is already this member's (nothing would change). */
const mayTake = (record: BaseRecord | undefined, me: number) => {
  const to = after(record, 'take');
  return to !== null && !(to === record?.params.status && Number(record?.params.assignedToId) === me);
};

/** The clerks' actions on dossier-number requests (issue #8, item 1), all through DossierRequestsService. */
export function requestActions(services: PanelServices, dataSource: DataSource, component: string) {
  const { requests } = services;
  return {
    // Taking over: a request received, or in review by someone else.
    take: requestAction(component, { icon: 'UserCheck', when: mayTake }, async (id, _payload, actor) => {
      await requests.take(id, actor);
      return 'requestTaken';
    }),
    assign: requestAction(
      component,
      { icon: 'Users', when: allows('assign') },
      async (id, payload, actor) => {
        await requests.assign(id, Number(text(payload.clerkId)), actor);
        return 'requestAssigned';
      },
      () => assigneeChoices(dataSource.manager),
    ),
    approve: requestAction(
      component,
      { icon: 'CheckCircle', when: allows('approve') },
      async (id, payload, actor) => {
        const choice = text(payload.household);
        const into = /^\d+$/.test(choice) ? { intoHouseholdId: Number(choice) } : choice === 'number' ? { intoDossierNumber: text(payload.dossierNumber) } : {};
        if (choice === 'number' && !text(payload.dossierNumber).trim()) throw new DomainError('household_not_found', 404);
        await requests.approve({ requestId: id, ...into, note: text(payload.note).trim() || undefined }, actor);
        return 'requestApproved';
      },
      async (record) => {
        const details = await duplicateDetails(dataSource, JSON.parse(String(record.params.possibleDuplicates ?? '[]')) as PossibleDuplicate[]);
        const households = new Map<number, string>();
        for (const d of details) if (d.householdId !== null) households.set(d.householdId, `${d.household} — ${d.name} (${d.dossierNumber})`);
        const members = JSON.parse(String(record.params.members ?? '[]')) as Array<{ firstName: string; lastName: string }>;
        return {
          households: [...households].map(([value, label]) => ({ value: String(value), label })),
          persons: [`${record.params.applicantFirstName} ${record.params.applicantLastName}`, ...members.map((m) => `${m.firstName} ${m.lastName}`)],
        };
      },
    ),
    askInfo: requestAction(component, { icon: 'HelpCircle', when: allows('askInfo') }, async (id, payload, actor) => {
      await requests.askInfo(id, text(payload.question), actor);
      return 'requestInfoAsked';
    }),
    resume: requestAction(component, { icon: 'CornerDownLeft', when: allows('resume') }, async (id, payload, actor) => {
      await requests.resume(id, text(payload.note), actor);
      return 'requestResumed';
    }),
    reject: requestAction(
      component,
      { icon: 'XCircle', danger: true, when: allows('reject') },
      async (id, payload, actor) => {
        await requests.reject(id, text(payload.reason) as RejectionReason, text(payload.details), actor);
        return 'requestRejected';
      },
      async (record) => {
        const locale = record.params.locale === 'en' ? 'en' : 'fr';
        return { locale, reasons: Object.entries(REJECTION_REASONS).map(([value, labels]) => ({ value, labels })) };
      },
    ),
  };
}
