import type { Locale } from './locale.js';

type Text = Record<Locale, string>;

/** The seed's own sentence for the password rule (A2). */
const PASSWORD_RULE: Text = {
  fr: "Votre mot de passe doit être long d'au moins 8 caractères et contenir 3 des éléments suivants : lettre minuscule, lettre majuscule, chiffre, symbole.",
  en: 'Your password must be at least 8 characters long and contain 3 of the following: lowercase letter, uppercase letter, digit, symbol.',
};

/** Messages of the field errors, by stable code. */
export const FIELD_MESSAGES: Record<string, Text> = {
  required: { fr: 'Ce champ est requis', en: 'This field is required' },
  invalid_type: { fr: "Ce champ n'a pas le bon format", en: 'This field has the wrong type' },
  too_long: { fr: 'Ce champ est trop long', en: 'This field is too long' },
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
};

/** Title and detail of each problem, by stable code. */
export const PROBLEM_MESSAGES: Record<string, { title: Text; detail: Text }> = {
  validation_failed: {
    title: { fr: 'Données invalides', en: 'Invalid data' },
    detail: { fr: 'Certains champs doivent être corrigés.', en: 'Some fields must be corrected.' },
  },
  malformed_json: {
    title: { fr: 'Requête mal formée', en: 'Malformed request' },
    detail: { fr: "Le corps de la requête n'est pas un JSON valide.", en: 'The request body is not valid JSON.' },
  },
  payload_too_large: {
    title: { fr: 'Requête trop volumineuse', en: 'Request too large' },
    detail: { fr: 'Le corps de la requête dépasse 100 ko.', en: 'The request body exceeds 100 kB.' },
  },
  unsupported_media_type: {
    title: { fr: 'Format non pris en charge', en: 'Unsupported media type' },
    detail: { fr: 'Envoyez le corps en JSON (application/json).', en: 'Send the body as JSON (application/json).' },
  },
  not_found: {
    title: { fr: 'Ressource introuvable', en: 'Not found' },
    detail: { fr: "Cette adresse n'existe pas.", en: 'This resource does not exist.' },
  },
  method_not_allowed: {
    title: { fr: 'Méthode non permise', en: 'Method not allowed' },
    detail: { fr: "Cette méthode n'est pas permise sur cette adresse.", en: 'This method is not allowed here.' },
  },
  invalid_credentials: {
    title: { fr: 'Identifiants invalides', en: 'Invalid credentials' },
    detail: { fr: 'Le courriel ou le mot de passe est incorrect.', en: 'The email or the password is incorrect.' },
  },
  email_not_verified: {
    title: { fr: 'Adresse courriel non confirmée', en: 'Email address not confirmed' },
    detail: {
      fr: "Le compte ne sera pas créé tant que vous n'aurez pas confirmé votre adresse de courriel. Consultez vos courriels (et vos courriels indésirables) ou demandez un nouveau lien.",
      en: 'The account will not be created until you confirm your email address. Check your inbox (and your junk mail) or ask for a new link.',
    },
  },
  too_many_requests: {
    title: { fr: 'Trop de tentatives', en: 'Too many attempts' },
    detail: {
      fr: 'Trop de tentatives. Réessayez dans quelques minutes.',
      en: 'Too many attempts. Try again in a few minutes.',
    },
  },
  unauthorized: {
    title: { fr: 'Authentification requise', en: 'Authentication required' },
    detail: {
      fr: 'Connectez-vous pour accéder à cette ressource.',
      en: 'Log in to access this resource.',
    },
  },
  refresh_token_invalid: {
    title: { fr: 'Session expirée', en: 'Session expired' },
    detail: { fr: 'Votre session a expiré. Connectez-vous de nouveau.', en: 'Your session has expired. Log in again.' },
  },
  link_expired: {
    title: { fr: 'Lien expiré', en: 'Link expired' },
    detail: {
      fr: "Ce lien n'est plus valide. Demandez un nouveau courriel.",
      en: 'This link is no longer valid. Ask for a new email.',
    },
  },
  link_invalid: {
    title: { fr: 'Lien invalide', en: 'Invalid link' },
    detail: {
      fr: "Ce lien n'est pas valide ou a déjà été utilisé.",
      en: 'This link is not valid or has already been used.',
    },
  },
  internal_error: {
    title: { fr: 'Erreur interne', en: 'Internal error' },
    detail: {
      fr: "Une erreur inattendue s'est produite. Réessayez plus tard.",
      en: 'An unexpected error occurred. Try again later.',
    },
  },
  service_unavailable: {
    title: { fr: 'Service indisponible', en: 'Service unavailable' },
    detail: { fr: 'Le service est momentanément indisponible.', en: 'The service is temporarily unavailable.' },
  },
};

export function fieldMessage(code: string, locale: Locale): string {
  return FIELD_MESSAGES[code]?.[locale] ?? FIELD_MESSAGES.invalid_type[locale];
}
