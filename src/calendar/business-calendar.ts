import { wallClock, zonedInstant } from '../common/clock.js';

/**
 * The city's business calendar (SPEC M2, M3) as pure functions: Québec's holidays of any year, the
 * city's closures, and the SLA clock counted on business days in the city's time zone.
 */

export type DateString = string;

export interface Holiday {
  date: DateString;
  name: { fr: string; en: string };
}

const DAY_MS = 86_400_000;
const DAY_SECONDS = 86_400;

function utcDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

const iso = (date: Date): DateString => date.toISOString().slice(0, 10);

function addDays(date: DateString, days: number): DateString {
  return iso(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(date: DateString): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Easter Sunday of a year, Gregorian computus (the "anonymous" algorithm: Meeus/Jones/Butcher). */
export function easterSunday(year: number): DateString {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(utcDate(year, month, day));
}

/** The n-th given weekday (0 = Sunday) of a month: Labour Day is the first Monday of September. */
function nthWeekday(year: number, month: number, dayOfWeek: number, n: number): DateString {
  const first = utcDate(year, month, 1).getUTCDay();
  return iso(utcDate(year, month, 1 + ((dayOfWeek - first + 7) % 7) + (n - 1) * 7));
}

/** A date, or the next day when it falls on a Sunday (Fête nationale, Canada Day). */
function unlessSunday(year: number, month: number, day: number): DateString {
  const date = iso(utcDate(year, month, day));
  return weekday(date) === 0 ? addDays(date, 1) : date;
}

/**
 * Québec's statutory holidays of a year (Loi sur les normes du travail, art. 60; Loi sur la fête
 * nationale), both Easter days as municipalities count them (M3), in date order.
 */
export function quebecHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const holidays: Holiday[] = [
    { date: `${year}-01-01`, name: { fr: 'Jour de l’An', en: 'New Year’s Day' } },
    { date: addDays(easter, -2), name: { fr: 'Vendredi saint', en: 'Good Friday' } },
    { date: addDays(easter, 1), name: { fr: 'Lundi de Pâques', en: 'Easter Monday' } },
    // The Monday before May 25: between May 18 and May 24.
    { date: addDays(`${year}-05-25`, -(((weekday(`${year}-05-25`) + 6) % 7) || 7)), name: { fr: 'Journée nationale des patriotes', en: 'National Patriots’ Day' } },
    { date: unlessSunday(year, 6, 24), name: { fr: 'Fête nationale du Québec', en: 'Québec’s National Holiday' } },
    { date: unlessSunday(year, 7, 1), name: { fr: 'Fête du Canada', en: 'Canada Day' } },
    { date: nthWeekday(year, 9, 1, 1), name: { fr: 'Fête du Travail', en: 'Labour Day' } },
    { date: nthWeekday(year, 10, 1, 2), name: { fr: 'Action de grâce', en: 'Thanksgiving' } },
    { date: `${year}-12-25`, name: { fr: 'Noël', en: 'Christmas Day' } },
  ];
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

/** The city's default closures (M3), which administrators edit as calendar entries: Dec 24, 26, 31 and Jan 2. */
export function defaultClosures(year: number): Holiday[] {
  return [
    { date: `${year}-01-02`, name: { fr: 'Fermeture des bureaux (2 janvier)', en: 'Offices closed (January 2)' } },
    { date: `${year}-12-24`, name: { fr: 'Fermeture des bureaux (veille de Noël)', en: 'Offices closed (Christmas Eve)' } },
    { date: `${year}-12-26`, name: { fr: 'Fermeture des bureaux (lendemain de Noël)', en: 'Offices closed (Boxing Day)' } },
    { date: `${year}-12-31`, name: { fr: 'Fermeture des bureaux (veille du jour de l’An)', en: 'Offices closed (New Year’s Eve)' } },
  ];
}

/** Opening hours of a weekday as [from, to) seconds since midnight; the business-day clock opens 0 → 24 h. */
export type Windows = ReadonlyArray<readonly [number, number]>;

/**
 * The SLA policy (M2): how many business hours, and which clock. `business-day`: each business day
 * counts 24 hours from midnight to midnight (72 h = 3 business days: Friday 15:00 → Wednesday 15:00).
 * `office-hours`: only the opening hours of business days count (e.g. Mon–Fri 8:30–12:00, 13:00–16:30).
 */
export interface SlaPolicy {
  hours: number;
  clock: 'business-day' | 'office-hours';
  /** Opening hours by weekday (1 = Monday … 5 = Friday; 0 and 6 for weekends if ever open): `office-hours` only. */
  officeHours?: Partial<Record<number, Windows>>;
}

export const DEFAULT_SLA: SlaPolicy = { hours: 72, clock: 'business-day' };

const hm = (hours: number, minutes = 0) => hours * 3600 + minutes * 60;
/** The example of M2's alternative: Monday to Friday, 8:30–12:00 and 13:00–16:30. */
export const CITY_HALL_HOURS: Record<number, Windows> = Object.fromEntries(
  [1, 2, 3, 4, 5].map((day) => [day, [[hm(8, 30), hm(12)], [hm(13), hm(16, 30)]] as const]),
);

/** Which days are closed: weekends, holidays and closures (a set of YYYY-MM-DD). */
export interface BusinessDays {
  isBusinessDay(date: DateString): boolean;
}

/** Weekdays that are neither a Québec holiday nor one of `closures` (the database's calendar entries). */
export function businessDays(closures: Iterable<DateString> = []): BusinessDays {
  const closed = new Set(closures);
  const holidayYears = new Map<number, Set<DateString>>();
  const holidaysOf = (year: number) => {
    let dates = holidayYears.get(year);
    if (!dates) holidayYears.set(year, (dates = new Set(quebecHolidays(year).map((h) => h.date))));
    return dates;
  };
  return {
    isBusinessDay(date) {
      const day = weekday(date);
      return day !== 0 && day !== 6 && !closed.has(date) && !holidaysOf(Number(date.slice(0, 4))).has(date);
    },
  };
}

/** The windows that count on a date under a policy (none on a closed day). */
function windowsOf(date: DateString, days: BusinessDays, policy: SlaPolicy): Windows {
  if (!days.isBusinessDay(date)) return [];
  if (policy.clock === 'business-day') return [[0, DAY_SECONDS]];
  return policy.officeHours?.[weekday(date)] ?? [];
}

/** The instant of a wall-clock time, 24:00 being the next day's midnight. */
function instantAt(date: DateString, seconds: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const base = zonedInstant(year, month, day, 0, timeZone);
  if (seconds === 0) return base;
  if (seconds >= DAY_SECONDS) return instantAt(addDays(date, 1), seconds - DAY_SECONDS, timeZone);
  const whole = Math.floor(seconds / 60);
  return new Date(zonedInstant(year, month, day, Math.floor(whole / 60), timeZone, whole % 60).getTime() + (seconds - whole * 60) * 1000);
}

/** No SLA runs longer than this: a policy with no open day at all would loop for ever. */
const MAX_DAYS = 3 * 366;

/**
 * The instant `hours` business hours after `start`, on the wall clock of `timeZone` (daylight-saving
 * changes happen on Sundays, which never count). A start on a closed day counts from the next open
 * window; landing on the end of a business day gives that day's 24:00 (the next midnight).
 */
export function addBusinessHours(start: Date, hours: number, days: BusinessDays, timeZone: string, policy: SlaPolicy = DEFAULT_SLA): Date {
  let remaining = Math.round(hours * 3600);
  if (remaining <= 0) return start;
  let { date, seconds: from } = wallClock(start, timeZone);
  for (let day = 0; day < MAX_DAYS; day++, date = addDays(date, 1), from = 0) {
    for (const [open, close] of windowsOf(date, days, policy)) {
      if (close <= from) continue;
      const begin = Math.max(open, from);
      if (remaining <= close - begin) return instantAt(date, begin + remaining, timeZone);
      remaining -= close - begin;
    }
  }
  throw new Error(`no business hours in ${MAX_DAYS} days: check the SLA policy`);
}

/** The business hours between two instants (0 when `end` is not after `start`), e.g. a response time. */
export function businessHoursBetween(start: Date, end: Date, days: BusinessDays, timeZone: string, policy: SlaPolicy = DEFAULT_SLA): number {
  if (end <= start) return 0;
  const a = wallClock(start, timeZone);
  const b = wallClock(end, timeZone);
  let total = 0;
  for (let date = a.date; date <= b.date; date = addDays(date, 1)) {
    const from = date === a.date ? a.seconds : 0;
    const to = date === b.date ? b.seconds : DAY_SECONDS;
    for (const [open, close] of windowsOf(date, days, policy)) total += Math.max(0, Math.min(close, to) - Math.max(open, from));
  }
  return total / 3600;
}

/**
 * `SLA_OFFICE_HOURS` as opening windows, Monday to Friday: `08:30-12:00,13:00-16:30`; null when the
 * text is not a list of increasing `HH:MM-HH:MM` windows.
 */
export function parseOfficeHours(text: string): Record<number, Windows> | null {
  const windows: Array<readonly [number, number]> = [];
  for (const part of text.split(',')) {
    const match = /^\s*([01]\d|2[0-4]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)\s*$/.exec(part);
    if (!match) return null;
    const open = hm(Number(match[1]), Number(match[2]));
    const close = hm(Number(match[3]), Number(match[4]));
    if (close <= open || close > DAY_SECONDS || (windows.length && open < windows[windows.length - 1][1])) return null;
    windows.push([open, close]);
  }
  return Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, windows]));
}
