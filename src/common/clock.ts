// Building an Intl.DateTimeFormat costs far more than using one: one per time zone, kept.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

const offsets = new Map<string, number>();
const HOUR = 3_600_000;

/**
 * The zone's offset from UTC in minutes at an instant. Offsets change only on the hour (DST), so
 * each (zone, hour) is computed once: formatToParts is slow enough to show in a GET /me profile.
 */
function offsetMinutes(instant: Date, timeZone: string): number {
  const hour = Math.floor(instant.getTime() / HOUR);
  const key = `${timeZone}|${hour}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const at = new Date(hour * HOUR);
    const parts = Object.fromEntries(wallClockFormat(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
    const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
    offset = Math.round((local - at.getTime()) / 60_000);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * An instant as ISO 8601 with the city's offset (`2027-01-10T19:00:00.000-05:00`), as residents
 * read it; the instant is the same as toISOString()'s.
 */
export function isoInZone(instant: Date, timeZone: string): string {
  const offset = offsetMinutes(instant, timeZone);
  const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The wall clock of a time zone at an instant: its date (YYYY-MM-DD) and the seconds since that day's midnight. */
export function wallClock(instant: Date, timeZone: string): { date: string; seconds: number } {
  const local = instant.getTime() + offsetMinutes(instant, timeZone) * 60_000;
  const midnight = Math.floor(local / 86_400_000) * 86_400_000;
  return { date: new Date(midnight).toISOString().slice(0, 10), seconds: (local - midnight) / 1000 };
}

/** Today's date (YYYY-MM-DD) in a time zone at an instant. */
export function dateInZone(instant: Date, timeZone: string): string {
  const offset = offsetMinutes(instant, timeZone);
  return new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 10);
}

/** The instant of a wall-clock time in a time zone (`2026-12-07 19:00` in Montréal → 2026-12-08T00:00Z). */
export function zonedInstant(year: number, month: number, day: number, hour: number, timeZone: string, minute = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offset at the guess, then at the corrected instant (they differ only across a DST change).
  const first = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  return new Date(wall - offsetMinutes(new Date(first), timeZone) * 60_000);
}

/** « 7 décembre 2026 à 19 h 00 » / "December 7, 2026 at 7:00 PM", in the city's time zone. */
export function humanDateTime(instant: Date, timeZone: string, locale: 'fr' | 'en'): string {
  if (locale === 'en') {
    return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'long', timeStyle: 'short' }).format(instant);
  }
  const date = new Intl.DateTimeFormat('fr-CA', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
  // fr-CA writes times the Québec way already: « 19 h 00 ».
  const time = new Intl.DateTimeFormat('fr-CA', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
  return `${date} à ${time}`;
}

/**
 * The one source of "now" and of the city's calendar (TZ_CITY). Services ask it rather than
 * calling `new Date()`, so that a test sets the time instead of sleeping or editing rows, and so
 * that every date a resident reads is in the city's time zone.
 */
export class Clock {
  constructor(readonly timeZone: string) {}

  now(): Date {
    return new Date();
  }

  /** Today's date in the city, YYYY-MM-DD. */
  today(): string {
    return dateInZone(this.now(), this.timeZone);
  }

  /** ISO 8601 with the city's offset: `2026-12-07T19:00:00.000-05:00`. */
  iso(instant: Date): string {
    return isoInZone(instant, this.timeZone);
  }

  /** « 7 décembre 2026 à 19 h 00 » / "December 7, 2026 at 7:00 PM". */
  human(instant: Date, locale: 'fr' | 'en'): string {
    return humanDateTime(instant, this.timeZone, locale);
  }

  /** The instant of a wall-clock time in the city. */
  at(year: number, month: number, day: number, hour = 0, minute = 0): Date {
    return zonedInstant(year, month, day, hour, this.timeZone, minute);
  }
}
