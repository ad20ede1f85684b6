import { describe, expect, it } from '@jest/globals';
import { dayInFrench, drawable } from './person-file.pdf.js';

describe('the person’s file as a PDF', () => {
  it('keeps what the standard fonts draw: French, Latin-1 and Windows-1252’s quotes and dashes', () => {
    expect(drawable('Éloïse Côté-Bérubé « Œuvre » — l’été, 45,00 $ €')).toBe('Éloïse Côté-Bérubé « Œuvre » — l’été, 45,00 $ €');
  });

  it('takes the accent off other letters, and draws « ? » for what has no Latin form; control characters become spaces', () => {
    expect(drawable('Nguyễn Đặng')).toBe('Nguyen ?ang');
    expect(drawable('Łukasz Dvořák')).toBe('?ukasz Dvorák');
    expect(drawable('王 😀')).toBe('? ?');
    expect(drawable('a\u0000b\tc\nd')).toBe('a b c\nd');
  });

  it('writes days the French way, the first of the month as « 1er »', () => {
    expect(dayInFrench('1985-04-12')).toBe('12 avril 1985');
    expect(dayInFrench('2016-02-01')).toBe('1er février 2016');
  });
});
