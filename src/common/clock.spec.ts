import { describe, expect, it } from '@jest/globals';
import { Clock, dateInZone, humanDateTime, isoInZone, zonedInstant } from './clock.js';

describe('city time', () => {
  it('writes instants with the city offset, winter and summer', () => {
    expect(isoInZone(new Date('2027-01-11T00:00:00.000Z'), 'America/Toronto')).toBe('2027-01-10T19:00:00.000-05:00');
    expect(isoInZone(new Date('2027-07-01T12:30:15.250Z'), 'America/Toronto')).toBe('2027-07-01T08:30:15.250-04:00');
    // Around the spring-forward hour (2027-03-14, 2:00 EST → 3:00 EDT).
    expect(isoInZone(new Date('2027-03-14T06:59:59.999Z'), 'America/Toronto')).toBe('2027-03-14T01:59:59.999-05:00');
    expect(isoInZone(new Date('2027-03-14T07:00:00.000Z'), 'America/Toronto')).toBe('2027-03-14T03:00:00.000-04:00');
    expect(isoInZone(new Date('2027-03-14T07:30:00Z'), 'Asia/Kolkata')).toBe('2027-03-14T13:00:00.000+05:30');
  });

  it('writes dates for people', () => {
    expect(humanDateTime(new Date('2027-01-11T00:00:00Z'), 'America/Toronto', 'fr')).toBe('10 janvier 2027 à 19 h 00');
    expect(humanDateTime(new Date('2027-01-11T00:00:00Z'), 'America/Toronto', 'en')).toMatch(/January 10, 2027/);
  });

  it("takes today's date in the city's time zone", () => {
    // 03:30 UTC on the 27th is still the 26th in Montréal.
    expect(dateInZone(new Date('2026-11-27T03:30:00Z'), 'America/Toronto')).toBe('2026-11-26');
    expect(dateInZone(new Date('2026-11-27T05:30:00Z'), 'America/Toronto')).toBe('2026-11-27');
  });

  it('turns city wall-clock time into instants, winter, summer and around DST changes', () => {
    expect(zonedInstant(2026, 12, 7, 19, 'America/Toronto').toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(zonedInstant(2027, 5, 17, 19, 'America/Toronto').toISOString()).toBe('2027-05-17T23:00:00.000Z');
    expect(zonedInstant(2027, 3, 14, 12, 'America/Toronto').toISOString()).toBe('2027-03-14T16:00:00.000Z');
    expect(zonedInstant(2027, 11, 7, 12, 'America/Toronto').toISOString()).toBe('2027-11-07T17:00:00.000Z');
    expect(new Clock('America/Toronto').at(2027, 1, 10, 19).toISOString()).toBe('2027-01-11T00:00:00.000Z');
  });
});
