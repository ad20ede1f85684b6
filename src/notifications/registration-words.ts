import type { Locale } from '../common/locale.js';

/** An offering's days and times (R1), in the city's time: dates `YYYY-MM-DD`, times `HH:MM`, ISO weekday (Monday = 1). */
export interface ScheduleFacts {
  weekday: number;
  startTime: string;
  endTime: string;
  startsOn: string;
  endsOn: string;
}

const WEEKDAYS: Record<Locale, readonly string[]> = {
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

const MONTHS: Record<Locale, readonly string[]> = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** « 170,00 $ » / "$170.00", from cents (the French group separator is a non-breaking space). */
export function moneyWords(cents: number, locale: Locale): string {
  if (locale === 'en') return new Intl.NumberFormat('en-CA', { style: 'currency', currency: 'CAD' }).format(cents / 100);
  return `${new Intl.NumberFormat('fr-CA', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100)} $`;
}

/** « Léa Gagnon et Noé Gagnon » / "Léa Gagnon and Noé Gagnon". */
export function namesWords(names: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { type: 'conjunction' }).format(names);
}

/** « 48 heures », « 1,5 heure » / "48 hours", "1 hour" (WAITLIST_OFFER_HOURS may have decimals). */
export function hoursWords(hours: number, locale: Locale): string {
  const count = new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { maximumFractionDigits: 2 }).format(hours);
  // French keeps the singular below two (« 1,5 heure »), English only for one.
  if (locale === 'fr') return `${count} ${hours < 2 ? 'heure' : 'heures'}`;
  return `${count} ${hours === 1 ? 'hour' : 'hours'}`;
}

function parts(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number);
  return { year, month, day };
}

/** « 9 h », « 9 h 45 » / "9:45 a.m.". */
function timeWords(time: string, locale: Locale): { clock: string; meridiem: string } {
  const [hour, minute] = time.split(':').map(Number);
  if (locale === 'fr') return { clock: `${hour} h${minute ? ` ${String(minute).padStart(2, '0')}` : ''}`, meridiem: '' };
  return { clock: `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, '0')}`, meridiem: hour < 12 ? 'a.m.' : 'p.m.' };
}

/** « de 9 h à 9 h 45 » / "from 9:00 to 9:45 a.m." (one a.m. or p.m. when both times share it). */
function timesWords(start: string, end: string, locale: Locale): string {
  const from = timeWords(start, locale);
  const to = timeWords(end, locale);
  if (locale === 'fr') return `de ${from.clock} à ${to.clock}`;
  return from.meridiem === to.meridiem ? `from ${from.clock} to ${to.clock} ${to.meridiem}` : `from ${from.clock} ${from.meridiem} to ${to.clock} ${to.meridiem}`;
}

/** « 9 janvier 2027 », « 1er mars » / "January 9, 2027". */
function dateWords(date: { year: number; month: number; day: number }, locale: Locale, withYear: boolean): string {
  const month = MONTHS[locale][date.month - 1];
  if (locale === 'fr') return `${date.day === 1 ? '1er' : date.day} ${month}${withYear ? ` ${date.year}` : ''}`;
  return `${month} ${date.day}${withYear ? `, ${date.year}` : ''}`;
}

/** « du 9 janvier au 27 mars 2027 », « du 4 au 25 janvier 2027 » / "January 9 to March 27, 2027", "January 4 to 25, 2027". */
function periodWords(startsOn: string, endsOn: string, locale: Locale): string {
  const start = parts(startsOn);
  const end = parts(endsOn);
  const sameYear = start.year === end.year;
  if (locale === 'fr') {
    const from = sameYear && start.month === end.month ? String(start.day === 1 ? '1er' : start.day) : dateWords(start, 'fr', !sameYear);
    return `du ${from} au ${dateWords(end, 'fr', true)}`;
  }
  const to = sameYear && start.month === end.month ? `${end.day}, ${end.year}` : dateWords(end, 'en', true);
  return `${dateWords(start, 'en', !sameYear)} to ${to}`;
}

/**
 * When an offering meets, as a resident reads it: « le samedi de 9 h à 9 h 45, du 9 janvier au
 * 27 mars 2027 » / "Saturdays from 9:00 to 9:45 a.m., January 9 to March 27, 2027"; one day only:
 * « le samedi 9 janvier 2027 de 9 h à 12 h » / "Saturday, January 9, 2027, from 9:00 a.m. to 12:00 p.m.".
 */
export function scheduleWords(schedule: ScheduleFacts, locale: Locale): string {
  const weekday = WEEKDAYS[locale][schedule.weekday - 1] ?? '';
  const times = timesWords(schedule.startTime, schedule.endTime, locale);
  if (schedule.startsOn === schedule.endsOn) {
    const day = dateWords(parts(schedule.startsOn), locale, true);
    return locale === 'fr' ? `le ${weekday} ${day} ${times}` : `${weekday}, ${day}, ${times}`;
  }
  const period = periodWords(schedule.startsOn, schedule.endsOn, locale);
  return locale === 'fr' ? `le ${weekday} ${times}, ${period}` : `${weekday}s ${times}, ${period}`;
}
