import { describe, expect, it } from '@jest/globals';
import { negotiateLocale } from './locale.js';

describe('negotiateLocale', () => {
  it('defaults to French', () => {
    expect(negotiateLocale(undefined)).toBe('fr');
    expect(negotiateLocale('de-DE, es;q=0.5')).toBe('fr');
  });
  it('honours English and the weights', () => {
    expect(negotiateLocale('en')).toBe('en');
    expect(negotiateLocale('en-CA,en;q=0.9')).toBe('en');
    expect(negotiateLocale('fr;q=0.4, en;q=0.8')).toBe('en');
    expect(negotiateLocale('en;q=0.3, fr-CA')).toBe('fr');
    expect(negotiateLocale('en;q=0')).toBe('fr');
  });
});
