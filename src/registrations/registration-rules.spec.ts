import { describe, expect, it } from '@jest/globals';
import { ageOn, cityKey, isResident, remainingSeats } from './registration-rules.js';

describe('registration rules', () => {
  it('counts age on the reference date: the birthday counts from its own day', () => {
    expect(ageOn('2020-09-30', '2025-09-29')).toBe(4);
    expect(ageOn('2020-09-30', '2025-09-30')).toBe(5);
    expect(ageOn('2020-02-29', '2025-02-28')).toBe(4);
    expect(ageOn('2020-02-29', '2025-03-01')).toBe(5);
    expect(ageOn('2015-01-01', '2014-12-31')).toBe(-1);
  });

  it('decides residency by the address’s city, whatever its spelling, unless a clerk overrode it', () => {
    expect(cityKey('Ville de Baie-Comeau')).toBe('baie comeau');
    expect(isResident({ city: 'BAIE COMEAU', residentOverride: null }, ['Baie-Comeau'])).toBe(true);
    expect(isResident({ city: 'baie-comeau', residentOverride: null }, ['Baie-Comeau', 'Pointe-Lebel'])).toBe(true);
    expect(isResident({ city: 'Pointe-Lebel', residentOverride: null }, ['Baie-Comeau'])).toBe(false);
    expect(isResident({ city: 'Pointe-Lebel', residentOverride: true }, ['Baie-Comeau'])).toBe(true);
    expect(isResident({ city: 'Baie-Comeau', residentOverride: false }, ['Baie-Comeau'])).toBe(false);
    expect(isResident({ city: 'Sept-Îles', residentOverride: null }, ['Sept-Iles'])).toBe(true);
  });

  it('never offers fewer than zero seats, and counts the waiting entries against the public', () => {
    expect(remainingSeats(10, 7, 2)).toBe(1);
    expect(remainingSeats(10, 10, 3)).toBe(0);
    expect(remainingSeats(10, 12, 0)).toBe(0);
  });
});
