import type { Locale } from '../common/locale.js';
import { FREE_TEXT, textProblem, type TextRule } from '../common/validation.js';
import type { ThreadCategory, ThreadStatus } from './thread.entity.js';

/** The categories as residents read them (M1), and as the panel shows them. */
export const CATEGORY_LABELS: Record<ThreadCategory, Record<Locale, string>> = {
  address_change: { fr: 'Changement d’adresse', en: 'Address change' },
  member_change: { fr: 'Ajout ou retrait d’un membre', en: 'Adding or removing a member' },
  correction: { fr: 'Correction d’information', en: 'Correcting information' },
  other: { fr: 'Autre', en: 'Other' },
};

/** A message's body, whoever writes it: plain text, line breaks kept, at most 10 000 characters (`FREE_TEXT`). */
export const MESSAGE_BODY: TextRule = FREE_TEXT;
export const BODY_MAX = MESSAGE_BODY.max;

/** A body someone typed (a resident through the API, a clerk on the desk): not blank, and within `MESSAGE_BODY`. */
export function isMessageBody(body: unknown): body is string {
  return typeof body === 'string' && body.trim() !== '' && textProblem(body, MESSAGE_BODY) === null;
}

/** `DM-2026-000123`: the year the thread was opened and its number in that year. */
export function threadReference(year: string, sequence: number): string {
  return `DM-${year}-${String(sequence).padStart(6, '0')}`;
}

/** A thread reference inside a regular expression (a subject, a Message-ID of ours). */
export const THREAD_REFERENCE_PATTERN = 'DM-\\d{4}-\\d{6}';

/** A closed thread takes no reply from the city until it is reopened, by staff or by a resident's message (M4). */
export function isClosed(status: ThreadStatus | string): boolean {
  return status === 'closed';
}

/**
 * The due time in words: « le mercredi 2 décembre 2026 à 15 h » (« à 15 h 30 »), or « le mercredi
 * 2 décembre 2026 à la fin de la journée » when it is the end of a business day (the next midnight);
 * "Wednesday, December 2, 2026 at 3 p.m." in English.
 */
export function dueWords(due: Date, timeZone: string, locale: Locale): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(due).map((p) => [p.type, p.value]),
  );
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const endOfDay = hour === 0 && minute === 0;
  // The end of a day is shown on that day: one millisecond before midnight.
  const day = endOfDay ? new Date(due.getTime() - 1) : due;
  if (locale === 'en') {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone, weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).format(day);
    if (endOfDay) return `by the end of the day on ${date}`;
    const h12 = hour % 12 === 0 ? 12 : hour % 12;
    return `${date} at ${h12}${minute ? `:${String(minute).padStart(2, '0')}` : ''} ${hour < 12 ? 'a.m.' : 'p.m.'}`;
  }
  const date = new Intl.DateTimeFormat('fr-CA', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(day);
  if (endOfDay) return `le ${date} à la fin de la journée`;
  return `le ${date} à ${hour} h${minute ? ` ${String(minute).padStart(2, '0')}` : ''}`;
}
