import { describe, expect, it } from '@jest/globals';
import { searchTerms } from './search-terms.js';

describe('searchTerms', () => {
  it('reads a reference however typed', () => {
    expect(searchTerms('DR-2026-000123').reference).toBe('DR-2026-000123');
    expect(searchTerms(' dm 2026 42 ').reference).toBe('DM-2026-000042');
    expect(searchTerms('dr-2026').reference).toBe('DR-2026');
  });

  it('reads a phone number in any formatting, and keeps digits for a dossier number', () => {
    for (const typed of ['418 555-1234', '4185551234', '(418) 555-1234', '+1 418.555.1234', '418-555-1234 poste 12']) expect(searchTerms(typed).phone).toBe('418-555-1234');
    expect(searchTerms('4185551234').dossierNumber).toBe('4185551234');
    expect(searchTerms('1000 123')).toMatchObject({ phone: null, dossierNumber: '1000123' });
  });

  it('reads an email by its @, in its canonical form', () => {
    expect(searchTerms(' Marie.Tremblay@Exemple.CA ')).toMatchObject({ email: 'marie.tremblay@exemple.ca', names: [] });
  });

  it('reads a name without accents or case, in both orders', () => {
    expect(searchTerms('CÔTÉ').names).toEqual([{ lastName: 'cote', firstName: '' }]);
    expect(searchTerms('Éloïse Côté-Roy').names).toEqual([
      { lastName: 'eloisecoteroy', firstName: '' },
      { lastName: 'coteroy', firstName: 'eloise' },
      { lastName: 'eloise', firstName: 'coteroy' },
    ]);
  });

  it('reads nothing in one character', () => {
    expect(searchTerms(' a ')).toEqual({ reference: null, email: null, phone: null, dossierNumber: null, names: [] });
  });
});
