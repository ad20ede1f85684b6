import { describe, expect, it } from '@jest/globals';
import { businessDays } from '../calendar/business-calendar.js';
import { dayInWords, digestDayDue, parseTimeOfDay } from './digest-schedule.js';

const ZONE = 'America/Toronto';
const AT = 7 * 3600 + 30 * 60;

describe('the morning digest schedule', () => {
  it('reads DIGEST_TIME as HH:MM, 24 h', () => {
    expect(parseTimeOfDay('07:30')).toBe(AT);
    expect(parseTimeOfDay('00:00')).toBe(0);
    expect(parseTimeOfDay('23:59')).toBe(23 * 3600 + 59 * 60);
    for (const wrong of ['7:30', '24:00', '07:60', '0730', 'matin', '']) expect(parseTimeOfDay(wrong)).toBeNull();
  });

  it('is due on a business day from 07:30 in the city, on the city’s date', () => {
    const days = businessDays();
    // Monday, November 30, 2026 (EST, UTC−5).
    expect(digestDayDue(new Date('2026-11-30T12:29:59Z'), ZONE, AT, days)).toBeNull();
    expect(digestDayDue(new Date('2026-11-30T12:30:00Z'), ZONE, AT, days)).toBe('2026-11-30');
    // 23:30 in the city is already December 1 in UTC: still Monday's digest.
    expect(digestDayDue(new Date('2026-12-01T04:30:00Z'), ZONE, AT, days)).toBe('2026-11-30');
    // Summer time (EDT, UTC−4): 07:30 is 11:30 UTC.
    expect(digestDayDue(new Date('2026-06-02T11:30:00Z'), ZONE, AT, days)).toBe('2026-06-02');
  });

  it('is never due on a weekend, a Québec holiday or a city closure', () => {
    expect(digestDayDue(new Date('2026-11-28T15:00:00Z'), ZONE, AT, businessDays())).toBeNull(); // Saturday
    expect(digestDayDue(new Date('2026-11-29T15:00:00Z'), ZONE, AT, businessDays())).toBeNull(); // Sunday
    expect(digestDayDue(new Date('2026-12-25T15:00:00Z'), ZONE, AT, businessDays())).toBeNull(); // Christmas
    expect(digestDayDue(new Date('2026-12-02T15:00:00Z'), ZONE, AT, businessDays(['2026-12-02']))).toBeNull(); // a closure
    expect(digestDayDue(new Date('2026-12-02T15:00:00Z'), ZONE, AT, businessDays())).toBe('2026-12-02');
  });

  it('writes the day in words, the first of the month as « 1er » in French', () => {
    expect(dayInWords('2026-11-30', 'fr')).toBe('lundi 30 novembre 2026');
    expect(dayInWords('2026-12-01', 'fr')).toBe('mardi 1er décembre 2026');
    expect(dayInWords('2026-11-30', 'en')).toBe('Monday, November 30, 2026');
    expect(dayInWords('2026-12-01', 'en')).toBe('Tuesday, December 1, 2026');
  });
});
