import { parseDay } from '../../common/field-check.js';
import { zonedInstant } from '../../common/clock.js';
import type { ImportError } from '../../csv-import/csv-rows.js';
import { ImportRowCheck } from '../../csv-import/row-check.js';
import { parseYesNo } from '../../csv-import/values.js';
import { foldText } from '../../database/text-search.js';
import { normalizeCode, OFFERING_LIMITS, OFFERING_TEXT_MAX, offeringOrderProblems, parseTimeOfDay, WEEKDAYS, type OfferingInput } from '../offering-input.js';
import { ACTIVITY_COLUMN_NAMES, type ActivityColumn, type ActivityRawRow } from './activity-columns.js';

export type ActivityRowResult = { input: OfferingInput; errors?: undefined } | { input?: undefined; errors: ImportError[] };

/** `lundi`…`dimanche` (any case, accents aside) as ISO 1–7. */
export function parseWeekday(value: string): number | null {
  const index = (WEEKDAYS as readonly string[]).indexOf(foldText(value.trim()));
  return index === -1 ? null : index + 1;
}

/** Dollars (`85.00`, `85`, `85,5`, `1 200.00 $`) as cents; null when it is no amount. */
export function parseDollars(value: string): number | null {
  const match = value.replace(/[\s\u00a0\u202f]/g, '').match(/^\$?(\d{1,9})(?:[.,](\d{1,2}))?\$?$/);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/** `YYYY-MM-DD HH:MM` (also `YYYY/MM/DD`, `T` between them, seconds `:00`), the wall clock of `timeZone`, as an instant. */
export function parseLocalDateTime(value: string, timeZone: string): Date | null {
  const match = value.trim().match(/^(\d{4}[-/]\d{2}[-/]\d{2})(?:\s+|T)(\d{1,2}[:hH]\d{2}(?::00)?)$/);
  const day = match && parseDay(match[1]);
  const time = match && parseTimeOfDay(match[2]);
  if (!day || !time) return null;
  const [year, month, date] = day.split('-').map(Number);
  const [hours, minutes] = time.split(':').map(Number);
  return zonedInstant(year, month, date, hours, timeZone, minutes);
}

/** The file's column of each field the order rules name. */
const COLUMN_OF: Partial<Record<keyof OfferingInput, ActivityColumn>> = {
  endsOn: 'ends_on',
  endTime: 'end_time',
  ageMax: 'age_max',
  nonResidentsOpenAt: 'non_residents_open_at',
  closesAt: 'closes_at',
};

class ActivityRowCheck extends ImportRowCheck<ActivityColumn> {
  constructor(raw: ActivityRawRow) {
    super(raw, ACTIVITY_COLUMN_NAMES);
  }

  /** A whole number from `min` to `max`. */
  wholeNumber(column: ActivityColumn, raw: string, min: number, max: number): number | null {
    const text = this.text(column, raw, Number.MAX_SAFE_INTEGER);
    if (text === null) return null;
    const value = /^\d{1,9}$/.test(text) ? Number(text) : null;
    if (value === null || value < min || value > max) {
      this.failWith(column, 'whole_number_invalid', `(de ${min} à ${max})`);
      return null;
    }
    return value;
  }

  /** Dollars, as cents, up to the largest price. */
  price(column: ActivityColumn, raw: string): number | null {
    const cents = this.parsed(column, raw, true, 'price_invalid', parseDollars);
    if (cents === null || cents <= OFFERING_LIMITS.priceCents) return cents;
    this.failWith(column, 'price_invalid', `(${(OFFERING_LIMITS.priceCents / 100).toLocaleString('fr-CA')} $ au plus)`);
    return null;
  }
}

/**
 * Every field of one line of the catalogue's file checked at once, so that the report lists all of
 * a line's problems; then the rules between fields (an end after its start…). Date-times are read
 * on the wall clock of `timeZone` (the city's).
 */
export function validateActivityRow(line: number, raw: ActivityRawRow, timeZone: string): ActivityRowResult {
  const check = new ActivityRowCheck(raw);
  const code = check.parsed('code', raw.code, true, 'code_invalid', normalizeCode);
  const activity = check.text('activity', raw.activity, OFFERING_TEXT_MAX.activity);
  const category = check.text('category', raw.category, OFFERING_TEXT_MAX.category);
  const group = check.text('group', raw.group, OFFERING_TEXT_MAX.group);
  const site = check.text('site', raw.site, OFFERING_TEXT_MAX.site);
  const startsOn = check.day('starts_on', raw.starts_on);
  const endsOn = check.day('ends_on', raw.ends_on);
  const weekday = check.parsed('weekday', raw.weekday, true, 'weekday_invalid', parseWeekday);
  const startTime = check.parsed('start_time', raw.start_time, true, 'time_invalid', parseTimeOfDay);
  const endTime = check.parsed('end_time', raw.end_time, true, 'time_invalid', parseTimeOfDay);
  const capacity = check.wholeNumber('capacity', raw.capacity, 0, OFFERING_LIMITS.capacity);
  const ageMin = check.wholeNumber('age_min', raw.age_min, 0, OFFERING_LIMITS.age);
  const ageMax = check.wholeNumber('age_max', raw.age_max, 0, OFFERING_LIMITS.age);
  const ageOn = raw.age_on ? check.day('age_on', raw.age_on) : startsOn;
  const priceResident = check.price('price_resident', raw.price_resident);
  const priceNonResident = check.price('price_non_resident', raw.price_non_resident);
  const instant = (column: ActivityColumn) => check.parsed(column, raw[column], true, 'datetime_invalid', (value) => parseLocalDateTime(value, timeZone));
  const residentsOpenAt = instant('residents_open_at');
  const nonResidentsOpenAt = instant('non_residents_open_at');
  const closesAt = instant('closes_at');
  const rl24 = check.parsed('rl24', raw.rl24, true, 'rl24_invalid', parseYesNo);
  if (check.problems.length) return { errors: check.report(line) };
  const input: OfferingInput = {
    code: code!,
    activity: activity!,
    category: category!,
    group: group!,
    site: site!,
    startsOn: startsOn!,
    endsOn: endsOn!,
    weekday: weekday!,
    startTime: startTime!,
    endTime: endTime!,
    capacity: capacity!,
    ageMin: ageMin!,
    ageMax: ageMax!,
    ageOn: ageOn!,
    priceResident: priceResident!,
    priceNonResident: priceNonResident!,
    residentsOpenAt: residentsOpenAt!,
    nonResidentsOpenAt: nonResidentsOpenAt!,
    closesAt: closesAt!,
    rl24: rl24!,
  };
  for (const { field, code: problem } of offeringOrderProblems(input)) check.fail(COLUMN_OF[field]!, problem);
  return check.problems.length ? { errors: check.report(line) } : { input };
}
