import { describe, expect, it } from '@jest/globals';
import { addBusinessHours, businessDays, businessHoursBetween, CITY_HALL_HOURS, defaultClosures, easterSunday, quebecHolidays, type SlaPolicy } from './business-calendar.js';

const ZONE = 'America/Toronto';
const days = (years = [2026, 2027, 2028, 2029]) => businessDays(years.flatMap((y) => defaultClosures(y).map((c) => c.date)));
/** A wall-clock time in the city, `2026-11-27 15:00`, as an instant. */
const at = (wall: string) => {
  const [date, time] = wall.split(' ');
  const probe = new Date(`${date}T${time}:00Z`);
  // Toronto is UTC−5 or UTC−4: try both and keep the one whose wall clock matches.
  for (const hours of [5, 4]) {
    const instant = new Date(probe.getTime() + hours * 3_600_000);
    const shown = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'short' }).format(instant);
    if (shown === wall) return instant;
  }
  throw new Error(`no such wall time ${wall}`);
};
const wall = (instant: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'short' }).format(instant);

describe('Québec holidays (M3)', () => {
  it.each([
    // Published lists (CNESST) of 2026, 2027, 2028: both Easter days, the Monday before May 25, Labour Day, Thanksgiving.
    [2026, ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-18', '2026-06-24', '2026-07-01', '2026-09-07', '2026-10-12', '2026-12-25']],
    [2027, ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-24', '2027-06-24', '2027-07-01', '2027-09-06', '2027-10-11', '2027-12-25']],
    // June 24 and July 1 on a Saturday stay where they are: only a Sunday moves them.
    [2028, ['2028-01-01', '2028-04-14', '2028-04-17', '2028-05-22', '2028-06-24', '2028-07-01', '2028-09-04', '2028-10-09', '2028-12-25']],
    // June 24 and July 1 on a Sunday: the Monday after.
    [2029, ['2029-01-01', '2029-03-30', '2029-04-02', '2029-05-21', '2029-06-25', '2029-07-02', '2029-09-03', '2029-10-08', '2029-12-25']],
  ])('%i', (year, expected) => {
    expect(quebecHolidays(year).map((h) => h.date)).toEqual(expected);
  });

  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter %i is %s (Gregorian computus, including its earliest and latest dates)', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('names each day in French and English', () => {
    expect(quebecHolidays(2026).find((h) => h.date === '2026-05-18')?.name).toEqual({ fr: 'Journée nationale des patriotes', en: 'National Patriots’ Day' });
  });
});

describe('72 business hours on the business-day clock (M2)', () => {
  it.each([
    ['a Friday 15:00 is due the Wednesday 15:00', '2026-11-27 15:00', '2026-12-02 15:00'],
    ['a Saturday message at the end of the third business day', '2026-11-28 10:00', '2026-12-03 00:00'],
    ['a Sunday message likewise', '2026-11-29 23:59', '2026-12-03 00:00'],
    ['a Monday at midnight: three whole days', '2026-11-30 00:00', '2026-12-03 00:00'],
    ['Maundy Thursday across Good Friday and Easter Monday', '2027-03-25 10:00', '2027-04-01 10:00'],
    ['December 23 across the closures of the 24th and 26th and Christmas', '2026-12-23 15:00', '2026-12-30 15:00'],
    ['December 30 across the 31st, New Year’s Day and the 2nd', '2026-12-30 10:00', '2027-01-06 10:00'],
    ['the spring DST weekend (EST → EDT): wall-clock 15:00', '2026-03-06 15:00', '2026-03-11 15:00'],
    ['received on the spring switch day itself', '2026-03-08 03:30', '2026-03-12 00:00'],
    ['the fall DST weekend (EDT → EST): wall-clock 15:00', '2026-10-30 15:00', '2026-11-04 15:00'],
    ['received on the fall switch day itself', '2026-11-01 01:30', '2026-11-05 00:00'],
    ['June 24 on a Sunday (2029): the Monday 25th is off', '2029-06-22 15:00', '2029-06-28 15:00'],
    ['the Friday before the Patriots’ Monday', '2026-05-15 09:00', '2026-05-21 09:00'],
  ])('%s', (_case, received, due) => {
    const start = at(received);
    const end = addBusinessHours(start, 72, days(), ZONE);
    expect(wall(end)).toBe(due);
    expect(businessHoursBetween(start, end, days(), ZONE)).toBe(72);
  });

  it('counts real instants across DST: Friday 15:00 EST is 20:00Z, Wednesday 15:00 EDT is 19:00Z', () => {
    expect(addBusinessHours(new Date('2026-03-06T20:00:00Z'), 72, days(), ZONE).toISOString()).toBe('2026-03-11T19:00:00.000Z');
  });

  it('uses the closures it is given, and none when an administrator removed them', () => {
    const open = businessDays([]);
    expect(wall(addBusinessHours(at('2026-12-23 15:00'), 72, open, ZONE))).toBe('2026-12-29 15:00');
    const extra = businessDays(['2026-12-01']);
    expect(wall(addBusinessHours(at('2026-11-27 15:00'), 72, extra, ZONE))).toBe('2026-12-03 15:00');
  });

  it('measures response times in business hours (weekends and holidays do not count)', () => {
    expect(businessHoursBetween(at('2026-11-27 15:00'), at('2026-11-30 09:00'), days(), ZONE)).toBe(18);
    expect(businessHoursBetween(at('2026-11-28 09:00'), at('2026-11-29 17:00'), days(), ZONE)).toBe(0);
    expect(businessHoursBetween(at('2026-11-30 10:00'), at('2026-11-30 09:00'), days(), ZONE)).toBe(0);
    expect(businessHoursBetween(at('2026-11-30 10:00'), at('2026-11-30 10:30'), days(), ZONE)).toBe(0.5);
  });
});

describe('the office-hours clock (M2’s alternative)', () => {
  const office: SlaPolicy = { hours: 72, clock: 'office-hours', officeHours: CITY_HALL_HOURS };
  it.each([
    ['late Friday afternoon runs into Monday morning', '2026-11-27 16:00', 2, '2026-11-30 10:00'],
    ['skips the lunch hour', '2026-11-30 11:30', 1, '2026-11-30 13:30'],
    ['a message before opening starts at 8:30', '2026-11-30 06:00', 1, '2026-11-30 09:30'],
    ['ends exactly at closing time', '2026-11-30 13:00', 3.5, '2026-11-30 16:30'],
    ['72 office hours: ten days and a half of 7 hours', '2026-11-30 08:30', 72, '2026-12-14 10:30'],
  ])('%s', (_case, received, hours, due) => {
    const end = addBusinessHours(at(received), hours, days(), ZONE, office);
    expect(wall(end)).toBe(due);
    expect(businessHoursBetween(at(received), end, days(), ZONE, office)).toBe(hours);
  });
});
