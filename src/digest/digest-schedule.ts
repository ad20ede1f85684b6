import type { BusinessDays } from '../calendar/business-calendar.js';
import { wallClock } from '../common/clock.js';
import type { Locale } from '../common/locale.js';

/** `HH:MM` (24 h) as seconds since midnight; null when it is not a time of day. */
export function parseTimeOfDay(text: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 : null;
}

/**
 * The city's date whose digest is due at `now`, or null: a business day (no weekend, holiday or
 * closure), from `atSeconds` past midnight on, on the wall clock of `timeZone`. An instance that
 * was down at that time sends it at its first check later that day, never for a past day.
 */
export function digestDayDue(now: Date, timeZone: string, atSeconds: number, days: BusinessDays): string | null {
  const { date, seconds } = wallClock(now, timeZone);
  return seconds >= atSeconds && days.isBusinessDay(date) ? date : null;
}

/** « lundi 30 novembre 2026 », « mardi 1er décembre 2026 » / "Monday, November 30, 2026": a city date (YYYY-MM-DD) in words. */
export function dayInWords(day: string, locale: Locale): string {
  const format = new Intl.DateTimeFormat(locale === 'en' ? 'en-CA' : 'fr-CA', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const words = format.format(new Date(`${day}T12:00:00Z`));
  return locale === 'en' ? words : words.replace(/^(\S+) 1 /, (_match, weekday: string) => `${weekday} 1er `);
}
