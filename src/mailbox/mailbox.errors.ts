import { defineFieldCodes, defineProblems } from '../common/error-codes.js';

export const MAILBOX_PROBLEMS = defineProblems({
  thread_not_found: {
    status: 404,
    title: { fr: 'Conversation introuvable', en: 'Conversation not found' },
    detail: { fr: "Cette conversation n'existe pas ou ne vous appartient pas.", en: 'This conversation does not exist or is not yours.' },
  },
});

export const MAILBOX_FIELD_CODES = defineFieldCodes({
  category_invalid: {
    fr: 'Choisissez un sujet : changement d’adresse, ajout ou retrait d’un membre, correction d’information ou autre',
    en: 'Choose a topic: address change, adding or removing a member, correcting information, or other',
  },
});
