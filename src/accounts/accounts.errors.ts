import { defineFieldCodes, defineProblems, type Text } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

export const ACCOUNT_PROBLEMS = defineProblems({
  email_not_verified: {
    status: 403,
    title: { fr: 'Adresse courriel non confirmée', en: 'Email address not confirmed' },
    detail: {
      fr: "Le compte ne sera pas créé tant que vous n'aurez pas confirmé votre adresse de courriel. Consultez vos courriels (et vos courriels indésirables) ou demandez un nouveau lien.",
      en: 'The account will not be created until you confirm your email address. Check your inbox (and your junk mail) or ask for a new link.',
    },
  },
  link_expired: {
    status: 410,
    title: { fr: 'Lien expiré', en: 'Link expired' },
    detail: {
      fr: "Ce lien n'est plus valide. Demandez un nouveau courriel.",
      en: 'This link is no longer valid. Ask for a new email.',
    },
  },
  link_invalid: {
    status: 400,
    title: { fr: 'Lien invalide', en: 'Invalid link' },
    detail: {
      fr: "Ce lien n'est pas valide ou a déjà été utilisé.",
      en: 'This link is not valid or has already been used.',
    },
  },
});

/** The seed's own sentence for the password rule (A2). */
const PASSWORD_RULE: Text = {
  fr: "Votre mot de passe doit être long d'au moins 8 caractères et contenir 3 des éléments suivants : lettre minuscule, lettre majuscule, chiffre, symbole.",
  en: 'Your password must be at least 8 characters long and contain 3 of the following: lowercase letter, uppercase letter, digit, symbol.',
};

export const ACCOUNT_FIELD_CODES = defineFieldCodes({
  email_invalid: { fr: "L'adresse courriel n'est pas valide", en: 'The email address is not valid' },
  password_too_short: PASSWORD_RULE,
  password_too_weak: PASSWORD_RULE,
  password_too_long: {
    fr: 'Votre mot de passe doit contenir au plus 128 caractères.',
    en: 'Your password must be at most 128 characters long.',
  },
  password_common: {
    fr: 'Ce mot de passe est trop courant et facile à deviner. Choisissez-en un autre.',
    en: 'This password is too common and easy to guess. Choose another one.',
  },
  password_mismatch: {
    fr: 'Les mots de passe ne correspondent pas',
    en: 'The passwords do not match',
  },
  token_invalid: { fr: "Ce lien n'est pas valide", en: 'This link is not valid' },
  current_password_invalid: { fr: 'Le mot de passe actuel est incorrect', en: 'The current password is incorrect' },
});

// This feature's codes join the service's registry: the type checker knows them everywhere, and
// src/problems.ts registers the tables at start.
declare module '../common/messages.js' {
  interface ProblemRegistry extends Declared<typeof ACCOUNT_PROBLEMS> {}
  interface FieldCodeRegistry extends Declared<typeof ACCOUNT_FIELD_CODES> {}
}
