import { describe, expect, it } from '@jest/globals';
import { humanDateTime, isoInZone } from './time.js';

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
});
