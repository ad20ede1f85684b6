import '../../problems.js';
import { describe, expect, it } from '@jest/globals';
import { sampleActivityLine } from '../../../test/support/activity-lines.js';
import type { ActivityRawRow } from './activity-columns.js';
import { parseDollars, parseLocalDateTime, parseWeekday, validateActivityRow } from './activity-row.js';

const ZONE = 'America/Toronto';

/** The sample's first line, written as spreadsheets also write it (lower-case code, a capital day, 9:00, a decimal comma). */
function raw(overrides: Partial<ActivityRawRow> = {}): ActivityRawRow {
  return { ...sampleActivityLine(), code: 'nat-etoile-sam9', weekday: 'Samedi', start_time: '9:00', price_non_resident: '127,50', ...overrides };
}

const problems = (overrides: Partial<ActivityRawRow>) => (validateActivityRow(4, raw(overrides), ZONE).errors ?? []).map((e) => `${e.line} ${e.column} ${e.code}`);

describe('the values of the catalogue file', () => {
  it('reads French day names as ISO weekdays', () => {
    expect(['lundi', 'Mardi', 'MERCREDI', 'jeudi', 'vendredi', 'samedi', 'dimanche'].map(parseWeekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parseWeekday('monday')).toBeNull();
    expect(parseWeekday('7')).toBeNull();
  });

  it('reads dollars as cents, with a point or a comma', () => {
    expect(['85.00', '85', '85,5', '127.50', '1 200.00 $', '0'].map(parseDollars)).toEqual([8500, 8500, 8550, 12750, 120000, 0]);
    for (const bad of ['-5', '85.005', 'gratuit', '', '8.5.0']) expect(parseDollars(bad)).toBeNull();
  });

  it('reads date-times on the city’s wall clock, across the DST change', () => {
    expect(parseLocalDateTime('2026-12-07 19:00', ZONE)!.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(parseLocalDateTime('2027-07-01 09:30', ZONE)!.toISOString()).toBe('2027-07-01T13:30:00.000Z');
    expect(parseLocalDateTime('2026/12/07T19:00:00', ZONE)!.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    for (const bad of ['2026-12-07', '2026-02-30 10:00', '2026-12-07 24:00', '07/12/2026 19:00']) expect(parseLocalDateTime(bad, ZONE)).toBeNull();
  });
});

describe('validateActivityRow', () => {
  it('turns a good line into an offering: code upper-cased, age_on the start, prices in cents', () => {
    const { input, errors } = validateActivityRow(2, raw(), ZONE);
    expect(errors).toBeUndefined();
    expect(input).toMatchObject({
      code: 'NAT-ETOILE-SAM9',
      weekday: 6,
      startTime: '09:00',
      ageOn: '2027-01-09',
      priceResident: 8500,
      priceNonResident: 12750,
      rl24: false,
    });
    expect(input!.closesAt.toISOString()).toBe('2027-01-09T04:59:00.000Z');
    expect(validateActivityRow(2, raw({ age_on: '2026-09-30', rl24: 'oui' }), ZONE).input).toMatchObject({ ageOn: '2026-09-30', rl24: true });
  });

  it('reports every bad column of a line, in the file’s order', () => {
    expect(
      problems({ code: 'NAT ÉTOILE', activity: '', weekday: 'samedy', start_time: '25:00', capacity: 'huit', age_max: '200', price_resident: 'gratuit', closes_at: '2027-01-08', rl24: 'peut-être' }),
    ).toEqual([
      '4 code code_invalid',
      '4 activity required',
      '4 weekday weekday_invalid',
      '4 start_time time_invalid',
      '4 capacity whole_number_invalid',
      '4 age_max whole_number_invalid',
      '4 price_resident price_invalid',
      '4 closes_at datetime_invalid',
      '4 rl24 rl24_invalid',
    ]);
  });

  it('says the bounds of a number and the longest text in the report', () => {
    const { errors } = validateActivityRow(4, raw({ age_max: '200', site: 'x'.repeat(151) }), ZONE);
    expect(errors!.map((e) => e.message)).toEqual(['Ce champ est trop long (150 caractères au plus)', 'Inscrivez un nombre entier dans les limites permises (de 0 à 120)']);
  });

  it('checks the values against each other once each is good', () => {
    expect(
      problems({ ends_on: '2027-01-01', end_time: '08:00', age_min: '6', non_residents_open_at: '2026-12-06 19:00', closes_at: '2026-12-06 19:00' }),
    ).toEqual(['4 ends_on end_before_start', '4 end_time end_before_start', '4 age_max age_range_invalid', '4 non_residents_open_at opening_order_invalid', '4 closes_at closing_before_opening']);
  });

  it('rejects text garbled by a non-UTF-8 export', () => {
    expect(problems({ site: 'Ar\uFFFDna' })).toEqual(['4 site encoding_invalid']);
  });
});
