import { describe, expect, it } from '@jest/globals';
import { changeLines, fieldLabel, instantText, phoneText, roleText, valueText, type ValueReader } from './values.js';

const fr: ValueReader = { locale: 'fr', timeZone: 'America/Toronto', staff: new Map([[1, 'Marie Tremblay']]) };
const en: ValueReader = { ...fr, locale: 'en' };

describe('values as a clerk reads them', () => {
  it('names a staff member, and nobody as « aucun »', () => {
    expect(changeLines('dossier_requests', { assignedToId: { before: null, after: 1 } }, fr)).toEqual([{ field: 'assignedToId', label: 'Responsable', before: 'aucun', after: 'Marie Tremblay' }]);
    expect(valueText('threads', 'assignedToId', 7, fr)).toBe('n° 7');
  });

  it('reads a household member’s role with its dependent flag, and the member’s label', () => {
    expect(valueText('households', 'member:1000009', { role: 'child', dependent: true }, fr)).toBe('Lien : enfant, à charge');
    expect(fieldLabel('households', 'member:1000009', 'fr')).toBe('Membre 1000009');
    expect(roleText('holder', false, 'en')).toBe('Holder');
  });

  it('shows instants in the city’s time, nothing as « (vide) », statuses by their names, booleans in words', () => {
    expect(instantText('2026-12-06T19:05:00.000Z', 'fr', 'America/Toronto')).toBe('6 décembre 2026, 14 h 05');
    expect(valueText('persons', 'email', null, fr)).toBe('(vide)');
    expect(valueText('persons', 'email', null, en)).toBe('(empty)');
    expect(valueText('dossier_requests', 'status', 'needs_info', fr)).toBe('Renseignements demandés');
    expect(valueText('dossier_requests', 'late', true, fr)).toBe('oui');
    expect(valueText('persons', 'households', [3, 5], fr)).toBe('famille n° 3, famille n° 5');
    expect(changeLines('threads', { internalNote: { before: null, after: 12 } }, fr)).toEqual([{ field: 'internalNote', label: 'Note interne', before: '(vide)', after: 'ajoutée' }]);
  });

  it('names the records a change points to, and a language', () => {
    const reader = { ...fr, records: new Map([['persons:3', 'Tremblay, Léa (100120)']]) };
    expect(changeLines('registrations', { personId: { before: null, after: 3 }, householdId: { before: null, after: 1 } }, reader).map((c) => `${c.label} : ${c.before} → ${c.after}`))
      .toEqual(['Fiche de la personne : (vide) → Tremblay, Léa (100120)', 'Famille : (vide) → n° 1']);
    expect(valueText('staff', 'locale', 'fr', fr)).toBe('Français');
  });

  it('never shows JSON: an unknown object reads as its fields', () => {
    expect(valueText('persons', 'extra', { firstName: 'Léa', birthDate: '2015-06-01' }, fr)).toBe('Prénom : Léa ; Date de naissance : 2015-06-01');
  });

  it('names a phone’s kind in French', () => {
    expect(phoneText('418-555-0142', 'mobile', 'fr')).toBe('418-555-0142 (Cellulaire)');
    expect(phoneText('418-555-0142', 'home', 'en')).toBe('418-555-0142 (Home)');
  });
});
