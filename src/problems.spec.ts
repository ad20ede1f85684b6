import { describe, expect, it } from '@jest/globals';
import { DomainError, type FieldError } from './common/domain-error.js';
import { FIELD_MESSAGES, PROBLEMS, registerProblems } from './common/messages.js';
import './problems.js';

describe('typed error codes', () => {
  it('refuses at type-check time a code no feature declares, or a status other than its own', () => {
    // Each line below must fail `tsc` (npm test type-checks first): an unused @ts-expect-error fails it too.
    // @ts-expect-error a typo of dossier_not_found
    const typo = () => new DomainError('dossier_not_fund', 404);
    // @ts-expect-error dossier_not_found is a 404
    const wrongStatus = () => new DomainError('dossier_not_found', 409);
    // @ts-expect-error a field code no feature declares
    const field: FieldError = { field: 'email', code: 'email_invalide' };
    expect([typo, wrongStatus, field]).toHaveLength(3);
  });

  it('takes the status declared with the code', () => {
    expect(new DomainError('dossier_not_found').status).toBe(404);
    expect(new DomainError('household_already_linked')).toMatchObject({ code: 'household_already_linked', status: 409 });
  });

  it('has a French and an English message for every code, French following Québec typography', () => {
    const texts = [...Object.values(PROBLEMS).flatMap((p) => [p.title, p.detail]), ...Object.values(FIELD_MESSAGES)];
    for (const text of texts) {
      expect(text.fr.length && text.en.length).toBeTruthy();
      expect(text.fr).not.toMatch(/\S[:?!](\s|$)/);
    }
  });

  it('refuses a code that two features declare with different messages (the registry is assembled once)', () => {
    const spec = PROBLEMS.dossier_not_found;
    expect(() => registerProblems({ dossier_not_found: { ...spec, detail: { fr: 'Autre', en: 'Other' } } })).toThrow('declared twice');
    expect(PROBLEMS.dossier_not_found).toBe(spec);
  });
});
