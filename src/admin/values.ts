import type { LocaleTranslations } from 'adminjs';
import type { AuditChanges } from '../audit/audit-entry.entity.js';
import type { Locale } from '../common/locale.js';
import type { ResourceId } from '../staff/roles.js';
import { withActions } from './locale/actions.js';
import { en } from './locale/en.js';
import { fr } from './locale/fr.js';
import { VALUE_WORDS } from './locale/values.js';

/**
 * Every value as a clerk reads it (issue #18): the one place that turns what the database and the
 * audit log hold (field names, codes, staff ids, instants in UTC, null, JSON) into the panel's
 * words — field labels from the locale, values by their kind (a staff member by name, an instant in
 * the city's time, a status by its name, a family role with its dependent flag, « (vide) » for
 * nothing). The adapter and the resources call it; the components only lay the text out.
 */
export interface ValueReader {
  locale: Locale;
  timeZone: string;
  /** The names of the staff members the values name (`staffIdsIn`), read beforehand. */
  staff: Map<number, string>;
  /** The names of the records the values name (`recordsIn`, `recordLabels`), read beforehand. */
  records?: Map<string, string | null>;
}

/** Fields holding another record's id, and its section: the value reads as that record's name. */
const REFERENCE_FIELDS: Record<string, string> = { personId: 'persons', householdId: 'households', toHouseholdId: 'households', accountId: 'accounts' };

/** The records a set of changes names by id (their names are read once, before `changeLines`). */
export function recordsIn(changes: AuditChanges | null | undefined): Array<{ resource: string; recordId: string }> {
  return Object.entries(changes ?? {})
    .filter(([field]) => REFERENCE_FIELDS[field])
    .flatMap(([field, change]) => [change.before, change.after].filter((id) => id !== null && id !== undefined && id !== '').map((id) => ({ resource: REFERENCE_FIELDS[field], recordId: String(id) })));
}

/** One changed field as the « Historique » and the audit log show it: « Responsable : aucun → Marie Tremblay ». */
export interface ChangeLine {
  field: string;
  label: string;
  before: string;
  after: string;
}

type Tree = { [key: string]: string | Tree | undefined };

const TRANSLATIONS: Partial<Record<Locale, Tree>> = {};

function translations(locale: Locale): Tree {
  return (TRANSLATIONS[locale] ??= withActions((locale === 'en' ? en : fr) as LocaleTranslations, locale) as Tree);
}

function lookup(locale: Locale, ...path: string[]): string | undefined {
  let node: string | Tree | undefined = translations(locale);
  for (const key of path) node = typeof node === 'object' ? node[key] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** A staff member's language as the panel knows it (French unless English). */
export const panelLocale = (value: unknown): Locale => (value === 'en' ? 'en' : 'fr');

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const STAFF_FIELD = /^(assignedToId|staffId|\w+StaffId)$/;

/**
 * An instant in the city's time, as the panel's dates read (DateTime.jsx): « 6 décembre 2026, 14 h 05 »,
 * "December 6, 2026 at 2:05 p.m." in English.
 */
export function instantText(value: Date | string, locale: Locale, timeZone: string): string {
  const instant = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(instant.getTime())) return String(value);
  if (locale === 'en') return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'long', timeStyle: 'short' }).format(instant);
  const date = new Intl.DateTimeFormat('fr-CA', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
  const time = new Intl.DateTimeFormat('fr-CA', { timeZone, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).format(instant);
  return `${date}, ${time}`;
}

/** A field's label on its resource's page (the locale), or the audit log's own word for it. */
export function fieldLabel(resource: string, field: string, locale: Locale): string {
  const [name, part] = field.split(':');
  // A household's member (`member:1000009`): « Membre 1000009 ».
  if (part !== undefined) return `${name === 'member' ? VALUE_WORDS[locale].member : fieldLabel(resource, name, locale)} ${part}`;
  return lookup(locale, 'resources', resource, 'properties', field) ?? VALUE_WORDS[locale].fields[field] ?? lookup(locale, 'properties', field) ?? field;
}

/** An action of the audit log as a noun: « Approbation », « Consultation ». */
export function actionName(action: string, locale: Locale): string {
  return VALUE_WORDS[locale].actions[action] ?? lookup(locale, 'actions', action) ?? action;
}

/** A section's record as a noun: « demande de dossier ». */
export function recordNoun(resource: string, locale: Locale): string {
  return VALUE_WORDS[locale].records[resource as ResourceId | 'thread_attachments'] ?? lookup(locale, 'labels', resource) ?? resource;
}

/** Who did it: a staff member by name, else the kind of actor (« Système »). */
export function actorName(entry: { staffId: number | null; actorKind: string }, reader: ValueReader): string {
  if (entry.staffId !== null) return reader.staff.get(entry.staffId) ?? `n° ${entry.staffId}`;
  return VALUE_WORDS[reader.locale].actor[entry.actorKind as 'system'] ?? entry.actorKind;
}

/** A household member's role with the dependent flag: « Enfant, à charge ». */
export function roleText(role: string, dependent: boolean, locale: Locale): string {
  const name = lookup(locale, 'labels', `role_${role}`) ?? role;
  return dependent ? `${name}, ${VALUE_WORDS[locale].dependent}` : name;
}

/** A person a request asks a dossier number for: « Tremblay, Léa — date de naissance : 2015-06-01 — lien : enfant ». */
export function requestedMemberText(member: { firstName: string; lastName: string; birthDate: string; relationship: string }, locale: Locale): string {
  const words = VALUE_WORDS[locale].fields;
  const role = roleText(member.relationship, false, locale).toLowerCase();
  return `${member.lastName}, ${member.firstName} — ${fieldLabel('persons', 'birthDate', locale).toLowerCase()} : ${member.birthDate} — ${words.role.toLowerCase()} : ${role}`;
}

/** A phone with its kind: « 418-555-0142 (Cellulaire) ». */
export function phoneText(number: string, kind: string, locale: Locale): string {
  return `${number} (${VALUE_WORDS[locale].phoneKinds[kind] ?? kind})`;
}

/** The staff ids a set of changes names (their names are read once, before `changeLines`). */
export function staffIdsIn(changes: AuditChanges | null | undefined): number[] {
  return Object.entries(changes ?? {})
    .filter(([field]) => STAFF_FIELD.test(field))
    .flatMap(([, change]) => [change.before, change.after])
    .filter((id): id is number => typeof id === 'number');
}

/** One value of a field, by its kind. */
export function valueText(resource: string, field: string, value: unknown, reader: ValueReader): string {
  const words = VALUE_WORDS[reader.locale];
  if (STAFF_FIELD.test(field)) {
    if (value === null || value === undefined || value === '') return words.nobody;
    const id = Number(value);
    return reader.staff.get(id) ?? `n° ${id}`;
  }
  if (value === null || value === undefined || value === '') return words.empty;
  if (field.startsWith('member:') && typeof value === 'object') {
    const member = value as { role?: string; dependent?: boolean };
    return `${fieldLabel(resource, 'role', reader.locale)} : ${roleText(member.role ?? '', Boolean(member.dependent), reader.locale).toLowerCase()}`;
  }
  if (REFERENCE_FIELDS[field] && (typeof value === 'number' || typeof value === 'string')) {
    return reader.records?.get(`${REFERENCE_FIELDS[field]}:${value}`) ?? `n° ${value}`;
  }
  if (field === 'locale' && typeof value === 'string') return words.languages[value] ?? value;
  // A thread's internal note: the line says it was added, not the message's number.
  if (field === 'internalNote') return words.added;
  if (field === 'households' && Array.isArray(value)) return value.length ? value.map((id) => words.household.replace('{{id}}', String(id))).join(', ') : words.empty;
  if (value instanceof Date) return instantText(value, reader.locale, reader.timeZone);
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (Array.isArray(value)) return value.length ? value.map((item) => valueText(resource, field, item, reader)).join(', ') : words.empty;
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([key, inner]) => `${fieldLabel(resource, key, reader.locale)} : ${valueText(resource, key, inner, reader)}`).join(' ; ');
  }
  const text = String(value);
  if (INSTANT.test(text)) return instantText(text, reader.locale, reader.timeZone);
  return lookup(reader.locale, 'resources', resource, 'properties', `${field}.${text}`) ?? text;
}

/** The changes of an audit line, field by field: « label : avant → après ». */
export function changeLines(resource: string, changes: AuditChanges | null | undefined, reader: ValueReader): ChangeLine[] {
  return Object.entries(changes ?? {}).map(([field, change]) => ({
    field,
    label: fieldLabel(resource, field, reader.locale),
    before: valueText(resource, field, change.before, reader),
    after: valueText(resource, field, change.after, reader),
  }));
}
