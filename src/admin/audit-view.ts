import type { DataSource } from 'typeorm';
import type { AuditEntry } from '../audit/audit-entry.entity.js';
import type { Locale } from '../common/locale.js';
import type { StaffRole } from '../staff/staff-user.js';
import { mayRun, RESOURCE_IDS } from '../staff/roles.js';
import { staffNames } from '../staff/staff-names.js';
import { VALUE_WORDS } from './locale/values.js';
import { recordLabels, recordUrl, refKey } from './record-labels.js';
import { actionName, actorName, changeLines, instantText, recordNoun, recordsIn, staffIdsIn, type ChangeLine, type ValueReader } from './values.js';

/** Who reads the panel: their language and role (links to the audit log for those who may read it), and the city's time zone. */
export interface Viewer {
  locale: Locale;
  role?: StaffRole;
  timeZone: string;
}

/** An audit line as a clerk reads it (the « Historique » of a record, the audit log's pages). */
export interface EntryView {
  id: number;
  /** « 6 décembre 2026, 14 h 05 », in the city's time. */
  at: string;
  who: string;
  action: string;
  /** « Approbation — demande de dossier D-2026-000123 ». */
  title: string;
  record: { text: string; href: string | null };
  changes: ChangeLine[];
  note: string | null;
  /** The entry's page in the audit log, for those who may read it. */
  href: string | null;
}

/** The staff members an audit line names: its author, and those of its changes (an assignee). */
export const staffOfEntry = (entry: Pick<AuditEntry, 'staffId' | 'changes'>) => [entry.staffId, ...staffIdsIn(entry.changes)];

/**
 * Audit lines in the reader's words, with the names of the staff and records they name read in a
 * few queries (the staff's none when `known` has them: a page of the log reads them once).
 */
export async function describeEntries(dataSource: DataSource, entries: AuditEntry[], viewer: Viewer, known?: Map<number, string>): Promise<EntryView[]> {
  const ids = entries.flatMap(staffOfEntry);
  const staff = known && ids.every((id) => id === null || known.has(id)) ? known : await staffNames(dataSource, ids);
  const labels = await recordLabels(dataSource, [...entries, ...entries.flatMap((e) => recordsIn(e.changes))]);
  const reader: ValueReader = { locale: viewer.locale, timeZone: viewer.timeZone, staff, records: labels };
  const readsLog = mayRun('audit_log', 'show', viewer.role);
  return entries.map((entry) => {
    const label = labels.get(refKey(entry));
    const noun = recordNoun(entry.resource, viewer.locale);
    const gone = label === null;
    const text = `${noun} ${label ?? `n° ${entry.recordId}`}${gone ? ` (${VALUE_WORDS[viewer.locale].deleted})` : ''}`;
    const action = actionName(entry.action, viewer.locale);
    return {
      id: entry.id,
      at: instantText(entry.occurredAt, viewer.locale, viewer.timeZone),
      who: actorName(entry, reader),
      action,
      title: `${action} — ${text}`,
      // A record outside the panel's sections (an attachment) has no page to link to.
      record: { text, href: gone || !(RESOURCE_IDS as readonly string[]).includes(entry.resource) ? null : recordUrl(entry) },
      changes: changeLines(entry.resource, entry.changes, reader),
      note: entry.note,
      href: readsLog ? recordUrl({ resource: 'audit_log', recordId: String(entry.id) }) : null,
    };
  });
}
