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
