import { defineFieldCodes, defineProblems } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

export const DOSSIER_REQUEST_PROBLEMS = defineProblems({
  request_not_found: {
    status: 404,
    title: { fr: 'Demande introuvable', en: 'Request not found' },
    detail: { fr: "Cette demande n'existe pas.", en: 'This request does not exist.' },
  },
  transition_not_allowed: {
    status: 409,
    title: { fr: 'Changement de statut impossible', en: 'Status change not allowed' },
    detail: {
      fr: "La demande n'est pas dans un statut qui permet ce changement.",
      en: 'The request is not in a status that allows this change.',
    },
  },
  question_required: {
    status: 400,
    title: { fr: 'Question requise', en: 'Question required' },
    detail: { fr: 'Écrivez la question à poser au demandeur.', en: 'Write the question to ask the applicant.' },
  },
  note_required: {
    status: 400,
    title: { fr: 'Note requise', en: 'Note required' },
    detail: { fr: 'Notez la réponse du demandeur.', en: "Note the applicant's answer." },
  },
  text_invalid: {
    status: 400,
    title: { fr: 'Texte invalide', en: 'Invalid text' },
    detail: {
      fr: 'Écrivez un texte de 10 000 caractères au plus, sans caractères de contrôle.',
      en: 'Write a text of at most 10,000 characters, without control characters.',
    },
  },
  rejection_reason_invalid: {
    status: 400,
    title: { fr: 'Motif requis', en: 'Reason required' },
    detail: { fr: 'Choisissez le motif du refus.', en: 'Choose the reason for the refusal.' },
  },
  assignee_invalid: {
    status: 400,
    title: { fr: 'Préposé ou préposée invalide', en: 'Invalid clerk' },
    detail: { fr: 'Choisissez un préposé ou une préposée dont le compte est actif.', en: 'Choose an active clerk.' },
  },
});

export const DOSSIER_REQUEST_FIELD_CODES = defineFieldCodes({
  consent_required: {
    fr: 'Vous devez accepter l’avis de collecte de renseignements personnels',
    en: 'You must accept the personal information collection notice',
  },
  holder_under_18: {
    fr: 'Le demandeur doit avoir 18 ans ou plus',
    en: 'The applicant must be 18 or older',
  },
});

// This feature's codes join the service's registry: the type checker knows them everywhere, and
// src/problems.ts registers the tables at start.
declare module '../common/messages.js' {
  interface ProblemRegistry extends Declared<typeof DOSSIER_REQUEST_PROBLEMS> {}
  interface FieldCodeRegistry extends Declared<typeof DOSSIER_REQUEST_FIELD_CODES> {}
}
