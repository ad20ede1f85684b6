import { describe, expect, it } from '@jest/globals';
import { ageOn, formatDossierNumber, holderProblem, luhnDigit, nameKey, normalizeDossierNumber, normalizePhone, normalizePostalCode, parseBirthDate } from './dossier-rules.js';

describe('dossier rules', () => {
  it('normalises Canadian postal codes to A1A 1A1', () => {
    expect(normalizePostalCode('g4z1a1')).toBe('G4Z 1A1');
    expect(normalizePostalCode(' G4Z-1A1 ')).toBe('G4Z 1A1');
    expect(normalizePostalCode('G4Z  1A1')).toBe('G4Z 1A1');
    expect(normalizePostalCode('D4Z 1A1')).toBeNull();
    expect(normalizePostalCode('W1A 1A1')).toBeNull();
    expect(normalizePostalCode('G4Z 1O1')).toBeNull();
    expect(normalizePostalCode('12345')).toBeNull();
  });

  it('normalises phone numbers', () => {
    expect(normalizePhone('(418) 296-8100')).toBe('418-296-8100');
    expect(normalizePhone('+1 418 296 8100')).toBe('418-296-8100');
    expect(normalizePhone('418.296.8100 poste 234')).toBe('418-296-8100 poste 234');
    expect(normalizePhone('296-8100')).toBeNull();
    expect(normalizePhone('018-296-8100')).toBeNull();
  });

  it('reads dates of birth as YYYY-MM-DD or YYYY/MM/DD and refuses impossible dates', () => {
    expect(parseBirthDate('1985/04/12')).toBe('1985-04-12');
    expect(parseBirthDate('1985-04-12')).toBe('1985-04-12');
    expect(parseBirthDate('2024-02-29')).toBe('2024-02-29');
    expect(parseBirthDate('2023-02-29')).toBeNull();
    expect(parseBirthDate('1985-13-01')).toBeNull();
    expect(parseBirthDate('12/04/1985')).toBeNull();
    expect(parseBirthDate('1899-12-31')).toBeNull();
  });

  it('wants exactly one holder per household, 18 or older on the day', () => {
    const today = '2026-11-26';
    expect(holderProblem([{ role: 'holder', birthDate: '2008-11-26' }, { role: 'child', birthDate: '2015-01-01' }], today)).toBeNull();
    expect(holderProblem([{ role: 'holder', birthDate: '2008-11-27' }], today)).toBe('holder_minor');
    expect(holderProblem([{ role: 'spouse', birthDate: '1980-01-01' }], today)).toBe('holder_missing');
    expect(holderProblem([], today)).toBe('holder_missing');
    expect(holderProblem([{ role: 'holder', birthDate: '1980-01-01' }, { role: 'holder', birthDate: '1981-01-01' }], today)).toBe('holder_duplicate');
  });

  it('counts age on birthdays, including February 29', () => {
    expect(ageOn('2008-11-26', '2026-11-26')).toBe(18);
    expect(ageOn('2008-11-27', '2026-11-26')).toBe(17);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('gives system dossier numbers a Luhn check digit', () => {
    expect(luhnDigit('7992739871')).toBe(3);
    expect(formatDossierNumber(100000)).toBe('1000009');
    expect(formatDossierNumber(100001)).toBe('1000017');
    expect(normalizeDossierNumber(' 100-0017 ')).toBe('1000017');
  });

  it('compares last names without case or accents', () => {
    expect(nameKey('Bélanger-Côté')).toBe(nameKey('belanger cote'));
    expect(nameKey("O'Neil")).toBe('oneil');
  });
});
