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
  date_invalid: {
    fr: "La date n'est pas valide : inscrivez-la sous la forme AAAA/MM/JJ",
    en: 'The date is not valid: write it as YYYY/MM/DD',
  },
  date_in_future: { fr: 'La date ne peut pas être dans le futur', en: 'The date cannot be in the future' },
  postal_code_invalid: {
    fr: "Le code postal n'est pas valide (ex. : G4Z 1A1)",
    en: 'The postal code is not valid (e.g. G4Z 1A1)',
  },
  phone_invalid: {
    fr: "Le numéro de téléphone n'est pas valide (ex. : 418-296-8100)",
    en: 'The phone number is not valid (e.g. 418-296-8100)',
  },
  relationship_invalid: {
    fr: 'Le lien doit être conjoint, adulte ou enfant',
    en: 'The relationship must be spouse, adult or child',
  },
  consent_required: {
    fr: 'Vous devez accepter l’avis de collecte de renseignements personnels',
    en: 'You must accept the personal information collection notice',
  },
  holder_under_18: {
    fr: 'Le demandeur doit avoir 18 ans ou plus',
    en: 'The applicant must be 18 or older',
  },
  too_many_items: { fr: 'La liste est trop longue', en: 'The list is too long' },
  invalid_value: { fr: "Cette valeur n'est pas permise", en: 'This value is not allowed' },
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
  dossier_not_found: {
    title: { fr: 'Dossier introuvable', en: 'Dossier not found' },
    detail: {
      fr: 'Aucun dossier ne correspond à ce numéro et à cette date de naissance. Vérifiez vos anciennes factures.',
      en: 'No dossier matches this number and date of birth. Check your old invoices.',
    },
  },
  dossier_already_linked: {
    title: { fr: 'Dossier déjà lié', en: 'Dossier already linked' },
    detail: {
      fr: 'Ce dossier est déjà lié à un autre compte utilisateur. Écrivez à la boîte des inscriptions pour obtenir de l’aide.',
      en: 'This dossier is already linked to another user account. Write to the registrations mailbox for help.',
    },
  },
  account_already_linked: {
    title: { fr: 'Compte déjà lié', en: 'Account already linked' },
    detail: {
      fr: 'Votre compte utilisateur est déjà lié à un autre dossier.',
      en: 'Your user account is already linked to another dossier.',
    },
  },
  household_already_linked: {
    title: { fr: 'Famille déjà liée', en: 'Household already linked' },
    detail: {
      fr: 'Votre famille est déjà liée à un autre compte utilisateur : il y a un seul compte par famille. Les parents séparés ont chacun leur compte, lié au dossier de leur propre famille.',
      en: 'Your household is already linked to another user account: there is one account per family. Separated parents each have their own account, linked to their own household’s dossier.',
    },
  },
  holder_under_18: {
    title: { fr: 'Titulaire mineur', en: 'Holder under 18' },
    detail: {
      fr: 'Le compte utilisateur doit être au nom d’une personne de 18 ans et plus. Il ne faut pas créer un compte avec les informations d’un enfant à inscrire.',
      en: 'The user account must belong to a person aged 18 or older. Do not create an account with the information of a child to register.',
    },
  },
  dossier_not_linked: {
    title: { fr: 'Aucun dossier lié', en: 'No dossier linked' },
    detail: {
      fr: 'Liez d’abord votre compte à votre dossier (« J’ai un numéro de dossier ») ou demandez un numéro de dossier.',
      en: 'First link your account to your dossier ("I have a dossier number") or request a dossier number.',
    },
  },
  request_not_found: {
    title: { fr: 'Demande introuvable', en: 'Request not found' },
    detail: { fr: "Cette demande n'existe pas.", en: 'This request does not exist.' },
  },
  transition_not_allowed: {
    title: { fr: 'Changement de statut impossible', en: 'Status change not allowed' },
    detail: {
      fr: "La demande n'est pas dans un statut qui permet ce changement.",
      en: 'The request is not in a status that allows this change.',
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
