import { defineFieldCodes, defineProblems } from './error-codes.js';
import type { Declared } from './messages.js';

/** Problems of HTTP itself, which any route may answer. */
export const COMMON_PROBLEMS = defineProblems({
  validation_failed: {
    status: 400,
    title: { fr: 'Données invalides', en: 'Invalid data' },
    detail: { fr: 'Certains champs doivent être corrigés.', en: 'Some fields must be corrected.' },
  },
  malformed_json: {
    status: 400,
    title: { fr: 'Requête mal formée', en: 'Malformed request' },
    detail: { fr: "Le corps de la requête n'est pas un JSON valide, ou il est imbriqué sur plus de 32 niveaux.", en: 'The request body is not valid JSON, or it is nested more than 32 levels deep.' },
  },
  bad_request: {
    status: 400,
    title: { fr: 'Requête invalide', en: 'Bad request' },
    detail: { fr: 'Le service ne peut pas traiter cette requête.', en: 'The service cannot process this request.' },
  },
  unauthorized: {
    status: 401,
    title: { fr: 'Authentification requise', en: 'Authentication required' },
    detail: {
      fr: 'Connectez-vous pour accéder à cette ressource.',
      en: 'Log in to access this resource.',
    },
  },
  forbidden: {
    status: 403,
    title: { fr: 'Accès refusé', en: 'Forbidden' },
    detail: { fr: "Vous n'avez pas accès à cette ressource.", en: 'You do not have access to this resource.' },
  },
  not_found: {
    status: 404,
    title: { fr: 'Ressource introuvable', en: 'Not found' },
    detail: { fr: "Cette adresse n'existe pas.", en: 'This resource does not exist.' },
  },
  method_not_allowed: {
    status: 405,
    title: { fr: 'Méthode non permise', en: 'Method not allowed' },
    detail: {
      fr: "Cette méthode n'est pas permise sur cette adresse : l'en-tête Allow indique celles qui le sont.",
      en: 'This method is not allowed here: the Allow header lists those that are.',
    },
  },
  not_acceptable: {
    status: 406,
    title: { fr: 'Format de réponse non disponible', en: 'Not acceptable' },
    detail: { fr: 'Le service ne peut pas répondre dans le format demandé.', en: 'The service cannot answer in the requested format.' },
  },
  request_timeout: {
    status: 408,
    title: { fr: 'Délai dépassé', en: 'Request timeout' },
    detail: { fr: "La requête n'est pas arrivée à temps.", en: 'The request did not arrive in time.' },
  },
  conflict: {
    status: 409,
    title: { fr: 'Conflit', en: 'Conflict' },
    detail: { fr: "La requête entre en conflit avec l'état de la ressource.", en: 'The request conflicts with the state of the resource.' },
  },
  payload_too_large: {
    status: 413,
    title: { fr: 'Requête trop volumineuse', en: 'Request too large' },
    detail: { fr: 'Le corps de la requête dépasse 100 ko.', en: 'The request body exceeds 100 kB.' },
  },
  uri_too_long: {
    status: 414,
    title: { fr: 'Adresse trop longue', en: 'URI too long' },
    detail: { fr: "L'adresse de la requête est trop longue.", en: 'The request URI is too long.' },
  },
  unsupported_media_type: {
    status: 415,
    title: { fr: 'Format non pris en charge', en: 'Unsupported media type' },
    detail: { fr: 'Envoyez le corps en JSON (application/json).', en: 'Send the body as JSON (application/json).' },
  },
  unprocessable: {
    status: 422,
    title: { fr: 'Requête impossible à traiter', en: 'Unprocessable request' },
    detail: { fr: 'Le service ne peut pas traiter cette requête.', en: 'The service cannot process this request.' },
  },
  too_many_requests: {
    status: 429,
    title: { fr: 'Trop de tentatives', en: 'Too many attempts' },
    detail: {
      fr: 'Trop de tentatives. Réessayez dans quelques minutes.',
      en: 'Too many attempts. Try again in a few minutes.',
    },
  },
  headers_too_large: {
    status: 431,
    title: { fr: 'En-têtes trop volumineux', en: 'Request headers too large' },
    detail: {
      fr: "L'adresse ou les en-têtes de la requête dépassent 16 ko.",
      en: 'The request URI or headers exceed 16 kB.',
    },
  },
  internal_error: {
    status: 500,
    title: { fr: 'Erreur interne', en: 'Internal error' },
    detail: {
      fr: "Une erreur inattendue s'est produite. Réessayez plus tard.",
      en: 'An unexpected error occurred. Try again later.',
    },
  },
  not_implemented: {
    status: 501,
    title: { fr: 'Méthode non prise en charge', en: 'Not implemented' },
    detail: { fr: 'Le service ne prend pas en charge cette méthode.', en: 'The service does not support this method.' },
  },
  service_unavailable: {
    status: 503,
    title: { fr: 'Service indisponible', en: 'Service unavailable' },
    detail: {
      fr: 'Le service est momentanément indisponible. Réessayez dans quelques instants.',
      en: 'The service is temporarily unavailable. Try again in a few moments.',
    },
  },
  storage_full: {
    status: 503,
    title: { fr: 'Espace de stockage insuffisant', en: 'Storage full' },
    detail: {
      fr: "Le service ne peut rien enregistrer pour le moment : son espace de stockage est plein. Votre demande n'a pas été enregistrée ; réessayez plus tard.",
      en: 'The service cannot save anything right now: its storage is full. Your request was not saved; try again later.',
    },
  },
});

/** Field codes every feature's forms use. */
export const COMMON_FIELD_CODES = defineFieldCodes({
  required: { fr: 'Ce champ est requis', en: 'This field is required' },
  invalid_type: { fr: "Ce champ n'a pas le bon format", en: 'This field has the wrong type' },
  too_long: { fr: 'Ce champ est trop long', en: 'This field is too long' },
  characters_invalid: {
    fr: 'Ce champ contient des caractères non permis (retours de ligne, caractères de contrôle ou invisibles)',
    en: 'This field contains characters that are not allowed (line breaks, control or invisible characters)',
  },
  name_invalid: {
    fr: 'Un nom ne peut contenir que des lettres, des espaces, des apostrophes, des traits d’union et des points',
    en: 'A name may contain only letters, spaces, apostrophes, hyphens and periods',
  },
  too_many_items: { fr: 'La liste est trop longue', en: 'The list is too long' },
  invalid_value: { fr: "Cette valeur n'est pas permise", en: 'This value is not allowed' },
});

// This feature's codes join the service's registry: the type checker knows them everywhere, and
// src/problems.ts registers the tables at start.
declare module './messages.js' {
  interface ProblemRegistry extends Declared<typeof COMMON_PROBLEMS> {}
  interface FieldCodeRegistry extends Declared<typeof COMMON_FIELD_CODES> {}
}
