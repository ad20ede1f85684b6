import { describe, expect, it } from '@jest/globals';
import { demoPeriods } from './demo-periods.js';

describe('demo registration periods', () => {
  it('offers the next seasons, named by their year', () => {
    const periods = demoPeriods(new Date('2026-11-26T12:00:00Z'), 'America/Toronto');
    expect(periods.map((p) => p.name)).toEqual(['Hiver 2027', 'Printemps 2027', 'Été 2027']);
    expect(periods[0].closesAt.getTime() - periods[0].opensAt.getTime()).toBe(14 * 86_400_000);
  });
});
