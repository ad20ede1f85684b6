import { describe, expect, it } from '@jest/globals';
import { demoPeriods, zonedInstant } from './demo-periods.js';

describe('demo registration periods', () => {
  it('turns city wall-clock time into instants, winter and summer', () => {
    expect(zonedInstant(2026, 12, 7, 19, 'America/Toronto').toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(zonedInstant(2027, 5, 17, 19, 'America/Toronto').toISOString()).toBe('2027-05-17T23:00:00.000Z');
  });

  it('offers the next seasons, named by their year', () => {
    const periods = demoPeriods(new Date('2026-11-26T12:00:00Z'), 'America/Toronto');
    expect(periods.map((p) => p.name)).toEqual(['Hiver 2027', 'Printemps 2027', 'Été 2027']);
    expect(periods[0].closesAt.getTime() - periods[0].opensAt.getTime()).toBe(14 * 86_400_000);
  });
});
