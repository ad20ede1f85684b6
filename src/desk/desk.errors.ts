import { defineFieldCodes } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

/** Field codes of the clerk's desk: a reply template's body (plain text, line breaks kept). */
export const DESK_FIELD_CODES = defineFieldCodes({
  template_body_invalid: {
    fr: 'Écrivez un texte de 10 000 caractères au plus, sans caractères de contrôle',
    en: 'Write a text of at most 10,000 characters, without control characters',
  },
  template_category_invalid: { fr: 'Choisissez un sujet de la liste, ou aucun', en: 'Choose a subject from the list, or none' },
});

declare module '../common/messages.js' {
  interface FieldCodeRegistry extends Declared<typeof DESK_FIELD_CODES> {}
}
