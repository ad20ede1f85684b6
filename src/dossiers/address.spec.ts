import { describe, expect, it } from '@jest/globals';
import { normalizeAddress } from './address.js';

describe('normalizeAddress', () => {
  it('trims every field, collapses inner spaces and writes the postal code A1A 1A1', () => {
    expect(normalizeAddress({ civicNumber: ' 1234 ', street: '  boulevard   La Salle ', apartment: ' 3 ', city: 'Baie-Comeau ', postalCode: ' g4z1a1 ' })).toEqual({
      civicNumber: '1234',
      street: 'boulevard La Salle',
      apartment: '3',
      city: 'Baie-Comeau',
      postalCode: 'G4Z 1A1',
    });
    expect(normalizeAddress({ civicNumber: '1', street: 'rue Mance', city: 'Baie-Comeau', postalCode: 'g4z-1a1' }).postalCode).toBe('G4Z 1A1');
  });

  it('makes an empty or missing apartment null', () => {
    for (const apartment of [undefined, null, '', '   ']) {
      expect(normalizeAddress({ civicNumber: '1', street: 'rue Mance', apartment, city: 'Baie-Comeau', postalCode: 'G4Z 1A1' }).apartment).toBeNull();
    }
  });

  it('is idempotent, and leaves a postal code that cannot be one as typed (validation is the caller’s)', () => {
    const once = normalizeAddress({ civicNumber: ' 55 ', street: 'rue  Secrète', apartment: '', city: ' Baie-Comeau', postalCode: 'g5c 2b2' });
    expect(normalizeAddress(once)).toEqual(once);
    expect(normalizeAddress({ ...once, postalCode: ' ABC ' }).postalCode).toBe('ABC');
  });
});
