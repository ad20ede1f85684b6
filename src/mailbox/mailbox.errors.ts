import { defineFieldCodes, defineProblems } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

export const MAILBOX_PROBLEMS = defineProblems({
  thread_not_found: {
    status: 404,
    title: { fr: 'Conversation introuvable', en: 'Conversation not found' },
    detail: { fr: "Cette conversation n'existe pas ou ne vous appartient pas.", en: 'This conversation does not exist or is not yours.' },
  },
  thread_closed: {
    status: 409,
    title: { fr: 'Conversation fermée', en: 'Conversation closed' },
    detail: { fr: 'Cette conversation est fermée : rouvrez-la avant de répondre.', en: 'This conversation is closed: reopen it before replying.' },
  },
  thread_status_unchanged: {
    status: 409,
    title: { fr: 'Aucun changement', en: 'Nothing changed' },
    detail: { fr: 'La conversation est déjà dans cet état.', en: 'The conversation is already in this state.' },
  },
  message_body_invalid: {
    status: 400,
    title: { fr: 'Message invalide', en: 'Invalid message' },
    detail: {
      fr: 'Écrivez un message de 10 000 caractères au plus, sans caractères de contrôle.',
      en: 'Write a message of at most 10,000 characters, without control characters.',
    },
  },
  staff_not_assignable: {
    status: 422,
    title: { fr: 'Membre du personnel invalide', en: 'Invalid staff member' },
    detail: { fr: 'Choisissez un préposé ou une préposée dont le compte est actif.', en: 'Choose an active clerk.' },
  },
  attachment_not_found: {
    status: 404,
    title: { fr: 'Pièce jointe introuvable', en: 'Attachment not found' },
    detail: { fr: "Cette pièce jointe n'existe pas.", en: 'This attachment does not exist.' },
  },
});

export const MAILBOX_FIELD_CODES = defineFieldCodes({
  category_invalid: {
    fr: 'Choisissez un sujet : changement d’adresse, ajout ou retrait d’un membre, correction d’information ou autre',
    en: 'Choose a topic: address change, adding or removing a member, correcting information, or other',
  },
});

// This feature's codes join the service's registry: the type checker knows them everywhere, and
// src/problems.ts registers the tables at start.
declare module '../common/messages.js' {
  interface ProblemRegistry extends Declared<typeof MAILBOX_PROBLEMS> {}
  interface FieldCodeRegistry extends Declared<typeof MAILBOX_FIELD_CODES> {}
}
