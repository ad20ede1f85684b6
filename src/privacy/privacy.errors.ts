import { defineFieldCodes, defineProblems } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

/** Law 25's problems: a person's file, the retention periods and the incidents register. */
export const PRIVACY_PROBLEMS = defineProblems({
  person_not_found: {
    status: 404,
    title: { fr: 'Personne introuvable', en: 'Person not found' },
    detail: { fr: 'Aucune personne ne porte ce numéro.', en: 'No person has this number.' },
  },
  retention_setting_not_found: {
    status: 404,
    title: { fr: 'Durée de conservation introuvable', en: 'Retention period not found' },
    detail: { fr: 'Cette durée de conservation n’existe pas.', en: 'This retention period does not exist.' },
  },
});

/** The fields of the retention and incident forms. */
export const PRIVACY_FIELD_CODES = defineFieldCodes({
  retention_days_invalid: {
    fr: 'Indiquez un nombre de jours entier, de 0 à 3 650 (au moins 365 pour le journal des modifications, la durée minimale prévue)',
    en: 'Enter a whole number of days from 0 to 3,650 (at least 365 for the audit log, its minimum period)',
  },
  persons_count_invalid: { fr: 'Indiquez un nombre entier de personnes, 0 ou plus (une estimation au besoin)', en: 'Enter a whole number of persons, 0 or more (an estimate if need be)' },
  discovered_before_incident: { fr: 'La date où la Ville en a eu connaissance ne peut précéder celle de l’incident', en: 'The date the city learned of it cannot come before the incident' },
  commission_notice_required: {
    fr: 'Indiquez la date de l’avis à la Commission d’accès à l’information, ou pourquoi il n’est pas requis',
    en: 'Enter the date the Commission was notified, or why no notice is required',
  },
  commission_notice_due: {
    fr: 'Un risque de préjudice sérieux exige d’aviser la Commission d’accès à l’information : indiquez la date de l’avis, ou pourquoi il n’est pas encore fait',
    en: 'A risk of serious injury requires notifying the Commission: enter the date, or why it is not done yet',
  },
  persons_notice_required: {
    fr: 'Indiquez la date et la façon dont les personnes ont été avisées, ou pourquoi elles ne l’ont pas été',
    en: 'Enter when and how the persons were notified, or why they were not',
  },
  incident_not_found: { fr: 'Aucune inscription du registre ne porte ce numéro', en: 'No register entry has this number' },
  boolean_invalid: { fr: 'Choisissez oui ou non', en: 'Choose yes or no' },
});

// This feature's codes join the service's registry: the type checker knows them everywhere, and
// src/problems.ts registers the tables at start.
declare module '../common/messages.js' {
  interface ProblemRegistry extends Declared<typeof PRIVACY_PROBLEMS> {}
  interface FieldCodeRegistry extends Declared<typeof PRIVACY_FIELD_CODES> {}
}
