import { In, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { Offering } from '../activities/offering.entity.js';
import { Registration } from '../registrations/registration.entity.js';
import { WaitlistEntry } from '../registrations/waitlist-entry.entity.js';
import { CalendarEntry } from '../calendar/calendar-entry.entity.js';
import { DossierRequest } from '../dossier-requests/dossier-request.entity.js';
import { Household } from '../dossiers/household.entity.js';
import { Person } from '../dossiers/person.entity.js';
import { Thread } from '../mailbox/thread.entity.js';
import { RegistrationPeriod } from '../registration-periods/registration-period.entity.js';
import { Staff } from '../staff/staff.entity.js';
import { householdLabel } from './request-actions.js';

/** A record the audit log names: its section (the panel's resource id) and id. */
export interface RecordRef {
  resource: string;
  recordId: string;
}

/** The names of a section's records by id (a missing id: the record no longer exists). */
type Labeller = (dataSource: DataSource, ids: number[]) => Promise<Map<number, string>>;

/** Records named by their own row. */
const labeller = <T extends ObjectLiteral>(entity: EntityTarget<T>, label: (row: T) => string): Labeller => async (dataSource, ids) =>
  new Map((await dataSource.getRepository(entity).find({ where: { id: In(ids) } as never })).map((row) => [Number(row.id), label(row)]));

/** Records named by what they join (a registration: its person and its group), in one query per table. */
const joined = <T extends { id: number; offeringId: number }>(entity: EntityTarget<T>, owner: (row: T) => { resource: string; recordId: string }): Labeller => async (dataSource, ids) => {
  const rows = await dataSource.getRepository(entity).find({ where: { id: In(ids) } as never });
  const owners = await recordLabels(dataSource, rows.map(owner));
  const offerings = new Map((await dataSource.getRepository(Offering).find({ where: { id: In(rows.map((r) => r.offeringId)) }, select: { id: true, code: true } })).map((o) => [o.id, o.code]));
  return new Map(rows.map((row) => [row.id, `${owners.get(refKey(owner(row))) ?? `n° ${owner(row).recordId}`} — ${offerings.get(row.offeringId) ?? `n° ${row.offeringId}`}`]));
};

/** How each section names its records where the id alone says nothing to a clerk. */
const LABELLERS: Record<string, Labeller> = {
  dossier_requests: labeller(DossierRequest, (r: DossierRequest) => r.reference),
  threads: labeller(Thread, (t: Thread) => t.reference),
  persons: labeller(Person, (p: Person) => `${p.lastName}, ${p.firstName} (${p.dossierNumber})`),
  households: labeller(Household, (h: Household) => householdLabel(h)),
  accounts: labeller(Account, (a: Account) => a.email),
  staff: labeller(Staff, (s: Staff) => s.displayName),
  registration_periods: labeller(RegistrationPeriod, (p: RegistrationPeriod) => p.name),
  calendar: labeller(CalendarEntry, (c: CalendarEntry) => `${c.date} ${c.name}`),
  activities: labeller(Offering, (o: Offering) => o.code),
  registrations: joined(Registration, (r: Registration) => ({ resource: 'persons', recordId: String(r.personId) })),
  waitlist: joined(WaitlistEntry, (w: WaitlistEntry) => ({ resource: 'households', recordId: String(w.householdId) })),
};

export const refKey = (ref: RecordRef) => `${ref.resource}:${ref.recordId}`;

/**
 * The names of the records a page of the audit log names, one query per section: a label, null for
 * a record that no longer exists, nothing for a section whose records go by their number.
 */
export async function recordLabels(dataSource: DataSource, refs: RecordRef[]): Promise<Map<string, string | null>> {
  const labels = new Map<string, string | null>();
  const bySection = new Map<string, Set<number>>();
  for (const ref of refs) {
    const id = Number(ref.recordId);
    if (!LABELLERS[ref.resource] || !Number.isSafeInteger(id)) continue;
    bySection.set(ref.resource, (bySection.get(ref.resource) ?? new Set()).add(id));
  }
  for (const [resource, ids] of bySection) {
    const found = await LABELLERS[resource](dataSource, [...ids]);
    for (const id of ids) labels.set(`${resource}:${id}`, found.get(id) ?? null);
  }
  return labels;
}

/** The record's page in the panel. */
export const recordUrl = (ref: RecordRef) => `/admin/resources/${ref.resource}/records/${encodeURIComponent(ref.recordId)}/show`;
