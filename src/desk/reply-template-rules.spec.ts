import { describe, expect, it } from '@jest/globals';
import { fillTemplate } from './reply-template-rules.js';

const values = { firstName: 'Éloïse', lastName: 'Côté', reference: 'DM-2026-000042', due: 'le mercredi 9 décembre 2026 à 15 h' };

describe('fillTemplate', () => {
  it('fills every placeholder, whatever its case or accents', () => {
    expect(fillTemplate('Bonjour {prénom} {nom},\n{Référence} : réponse {échéance}. {PRENOM}', values)).toBe(
      'Bonjour Éloïse Côté,\nDM-2026-000042 : réponse le mercredi 9 décembre 2026 à 15 h. Éloïse',
    );
  });

  it('leaves an unknown placeholder, or one without a value, as typed', () => {
    expect(fillTemplate('{adresse} {prénom}', { ...values, firstName: '' })).toBe('{adresse} {prénom}');
  });
});
