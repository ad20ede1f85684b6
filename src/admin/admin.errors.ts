import { defineFieldCodes, defineProblems } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

/** Problems of the panel's routes. */
export const ADMIN_PROBLEMS = defineProblems({
  cross_site_request: {
    status: 403,
    title: { fr: 'Requête refusée', en: 'Request refused' },
    detail: {
      fr: "Cette modification ne vient pas des pages du guichet : elle a été refusée. Rouvrez le guichet et recommencez.",
      en: 'This change did not come from the panel’s own pages and was refused. Open the panel again and retry.',
    },
  },
  panel_body_invalid: {
    status: 400,
    title: { fr: 'Formulaire illisible', en: 'Unreadable form' },
    detail: {
      fr: 'Le formulaire envoyé est incomplet ou mal formé. Rechargez la page et recommencez.',
      en: 'The form sent is incomplete or malformed. Reload the page and retry.',
    },
  },
  panel_field_name_invalid: {
    status: 400,
    title: { fr: 'Nom de champ refusé', en: 'Field name refused' },
    detail: {
      fr: 'Un champ ou un filtre porte un nom réservé (par exemple toString, constructor ou __proto__).',
      en: 'A field or a filter has a reserved name (such as toString, constructor or __proto__).',
    },
  },
  file_not_accepted: {
    status: 400,
    title: { fr: 'Fichier refusé', en: 'File refused' },
    detail: { fr: 'Le guichet n’accepte aucun fichier joint à ses formulaires.', en: 'The panel accepts no file attached to its forms.' },
  },
  panel_body_too_large: {
    status: 413,
    title: { fr: 'Formulaire trop volumineux', en: 'Form too large' },
    detail: { fr: 'Le formulaire envoyé dépasse 1 Mo ou 200 champs.', en: 'The form sent exceeds 1 MB or 200 fields.' },
  },
  panel_media_type: {
    status: 415,
    title: { fr: 'Format non pris en charge', en: 'Unsupported media type' },
    detail: {
      fr: 'Envoyez le formulaire en multipart/form-data, application/x-www-form-urlencoded ou application/json.',
      en: 'Send the form as multipart/form-data, application/x-www-form-urlencoded or application/json.',
    },
  },
});

/** Field codes of the panel's forms (the rest are the API's own). */
export const ADMIN_FIELD_CODES = defineFieldCodes({
  form_invalid: { fr: 'Certains champs doivent être corrigés.', en: 'Some fields must be corrected.' },
  value_taken: { fr: 'Cette valeur est déjà utilisée par une autre fiche', en: 'This value is already used by another record' },
});

// This feature's codes join the service's registry: the type checker knows them everywhere, and
// src/problems.ts registers the tables at start.
declare module '../common/messages.js' {
  interface ProblemRegistry extends Declared<typeof ADMIN_PROBLEMS> {}
  interface FieldCodeRegistry extends Declared<typeof ADMIN_FIELD_CODES> {}
}
