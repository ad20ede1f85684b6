import { defineFieldCodes, defineProblems } from '../common/error-codes.js';

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
