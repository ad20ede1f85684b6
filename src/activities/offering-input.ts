import type { FieldCode } from '../common/messages.js';

/**
 * An offering as the catalogue's writer takes it (R1), whoever typed it (the import's line, later a
 * clerk's form): values already read, prices in cents, instants resolved in the city's time zone.
 */
export interface OfferingInput {
  code: string;
  activity: string;
  category: string;
  group: string;
  site: string;
  /** YYYY-MM-DD */
  startsOn: string;
  endsOn: string;
  /** ISO day of the week, Monday = 1. */
  weekday: number;
  /** HH:MM, the city's time. */
  startTime: string;
  endTime: string;
  capacity: number;
  ageMin: number;
  ageMax: number;
  /** The reference date of the age rule (« 5 ans au 30 septembre »). */
  ageOn: string;
  priceResident: number;
  priceNonResident: number;
  residentsOpenAt: Date;
  nonResidentsOpenAt: Date;
  closesAt: Date;
  rl24: boolean;
}

/** The longest texts the columns hold (migrations/1765000000000-Registrations.ts). */
export const OFFERING_TEXT_MAX = { code: 40, activity: 150, category: 80, group: 100, site: 150 } as const;

/** Bounds of the numbers an offering takes. */
export const OFFERING_LIMITS = { capacity: 10_000, age: 120, priceCents: 10_000_000 } as const;

/** The French day names of the file, Monday first (ISO 1–7). */
export const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

const CODE = /^[A-Z0-9](?:[A-Z0-9._-]{0,39})$/;

/**
 * A code in its one spelling: upper-case, unaccented letters, digits, `. _ -`. MariaDB's collation
 * would take `nat-101` for `NAT-101` and SQLite would not: one spelling keeps both engines alike.
 */
export function normalizeCode(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  return CODE.test(code) ? code : null;
}

/** `HH:MM` (also `9:00`, `9h00`, `09:00:00`), as `HH:MM`; null when it is no time of day. */
export function parseTimeOfDay(raw: string): string | null {
  const match = raw.trim().match(/^(\d{1,2})[:hH](\d{2})(?::00)?$/);
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

/** Problems between an offering's values, each on the field that must change. */
export function offeringOrderProblems(input: OfferingInput): Array<{ field: keyof OfferingInput; code: FieldCode }> {
  const problems: Array<{ field: keyof OfferingInput; code: FieldCode }> = [];
  if (input.endsOn < input.startsOn) problems.push({ field: 'endsOn', code: 'end_before_start' });
  if (input.endTime <= input.startTime) problems.push({ field: 'endTime', code: 'end_before_start' });
  if (input.ageMax < input.ageMin) problems.push({ field: 'ageMax', code: 'age_range_invalid' });
  if (input.nonResidentsOpenAt < input.residentsOpenAt) problems.push({ field: 'nonResidentsOpenAt', code: 'opening_order_invalid' });
  if (input.closesAt <= input.nonResidentsOpenAt) problems.push({ field: 'closesAt', code: 'closing_before_opening' });
  return problems;
}
