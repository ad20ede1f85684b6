import { defineFieldCodes } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

/** Field codes of the registration periods' forms. */
export const PERIOD_FIELD_CODES = defineFieldCodes({
  period_order_invalid: { fr: "La fermeture doit suivre l'ouverture", en: 'The closing must come after the opening' },
});

// This feature's codes join the service's registry: the type checker knows them everywhere, and
// src/problems.ts registers the tables at start.
declare module '../common/messages.js' {
  interface FieldCodeRegistry extends Declared<typeof PERIOD_FIELD_CODES> {}
}
