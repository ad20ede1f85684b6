import { describe, expect, it } from '@jest/globals';
import { hoursWords, moneyWords, namesWords, scheduleWords } from './registration-words.js';

const SATURDAYS = { weekday: 6, startTime: '09:00', endTime: '09:45', startsOn: '2027-01-09', endsOn: '2027-03-27' };

describe('registration words', () => {
  it('writes an offering’s schedule the way each language reads it', () => {
    expect(scheduleWords(SATURDAYS, 'fr')).toBe('le samedi de 9 h à 9 h 45, du 9 janvier au 27 mars 2027');
    expect(scheduleWords(SATURDAYS, 'en')).toBe('Saturdays from 9:00 to 9:45 a.m., January 9 to March 27, 2027');
    const evenings = { weekday: 3, startTime: '18:30', endTime: '20:00', startsOn: '2026-12-02', endsOn: '2027-02-01' };
    expect(scheduleWords(evenings, 'fr')).toBe('le mercredi de 18 h 30 à 20 h, du 2 décembre 2026 au 1er février 2027');
    expect(scheduleWords(evenings, 'en')).toBe('Wednesdays from 6:30 to 8:00 p.m., December 2, 2026 to February 1, 2027');
    const noon = { weekday: 1, startTime: '11:30', endTime: '12:15', startsOn: '2027-03-01', endsOn: '2027-03-29' };
    expect(scheduleWords(noon, 'fr')).toBe('le lundi de 11 h 30 à 12 h 15, du 1er au 29 mars 2027');
    expect(scheduleWords(noon, 'en')).toBe('Mondays from 11:30 a.m. to 12:15 p.m., March 1 to 29, 2027');
    const oneDay = { weekday: 7, startTime: '00:00', endTime: '23:59', startsOn: '2027-08-01', endsOn: '2027-08-01' };
    expect(scheduleWords(oneDay, 'fr')).toBe('le dimanche 1er août 2027 de 0 h à 23 h 59');
    expect(scheduleWords(oneDay, 'en')).toBe('Sunday, August 1, 2027, from 12:00 a.m. to 11:59 p.m.');
  });

  it('writes amounts in dollars from cents', () => {
    expect(moneyWords(17_000, 'fr')).toBe('170,00 $');
    expect(moneyWords(17_000, 'en')).toBe('$170.00');
    expect(moneyWords(123_456, 'fr')).toBe('1\u00a0234,56 $');
    expect(moneyWords(123_456, 'en')).toBe('$1,234.56');
    expect(moneyWords(0, 'fr')).toBe('0,00 $');
  });

  it('lists names and counts hours', () => {
    expect(namesWords(['Léa Gagnon'], 'fr')).toBe('Léa Gagnon');
    expect(namesWords(['Léa', 'Noé', 'Zoé'], 'fr')).toBe('Léa, Noé et Zoé');
    expect(namesWords(['Léa', 'Noé'], 'en')).toBe('Léa and Noé');
    expect(hoursWords(48, 'fr')).toBe('48 heures');
    expect(hoursWords(1.5, 'fr')).toBe('1,5 heure');
    expect(hoursWords(1, 'en')).toBe('1 hour');
    expect(hoursWords(0.5, 'en')).toBe('0.5 hours');
  });
});
