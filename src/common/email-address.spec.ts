import { describe, expect, it } from '@jest/globals';
import { spellingsOf } from '../../test/support/email-variants.js';
import { canonicalEmail, isAcceptableEmail } from './email-address.js';

describe('canonical email address', () => {
  const { canonical, other } = spellingsOf('prepose@ville.test');

  it.each(Object.entries(canonical))('folds %s onto the address', (_name, spelling) => {
    expect(canonicalEmail(spelling)).toBe('prepose@ville.test');
    expect(isAcceptableEmail(spelling)).toBe(true);
  });

  it.each(Object.entries(other))('keeps %s another address, which no account may hold', (_name, spelling) => {
    expect(canonicalEmail(spelling)).not.toBe('prepose@ville.test');
    expect(canonicalEmail(spelling)).toMatch(/^prépose@ville\.test$|^prepose@vílle\.test$/);
    expect(isAcceptableEmail(spelling)).toBe(false);
  });

  it('folds ligatures and compatibility letters, and is idempotent', () => {
    expect(canonicalEmail('ﬁlion@ville.test')).toBe('filion@ville.test');
    expect(canonicalEmail('\u212Aim@ville.test')).toBe('kim@ville.test');
    for (const spelling of [...Object.values(canonical), ...Object.values(other), 'İnès@x.ca']) {
      expect(canonicalEmail(canonicalEmail(spelling))).toBe(canonicalEmail(spelling));
    }
  });

  it('gives accounts to plain ASCII addresses only', () => {
    expect(isAcceptableEmail('camille.tremblay@exemple.ca')).toBe(true);
    expect(isAcceptableEmail('prеpose@ville.test')).toBe(false); // Cyrillic е
    expect(isAcceptableEmail('camille@exemple.québec')).toBe(false);
    expect(isAcceptableEmail('camille @exemple.ca')).toBe(false);
    expect(isAcceptableEmail('pas-une-adresse')).toBe(false);
  });
});
