import { defineFieldCodes } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

/**
 * Field codes of the catalogue (R1): an offering's values as the import's report (in French) and,
 * later, the panel's forms name their problems. The catalogue's problems (`offering_not_found`) are
 * the registrations' (registrations.errors.ts).
 */
export const ACTIVITY_FIELD_CODES = defineFieldCodes({
  code_invalid: {
    fr: "Le code compte de 1 à 40 caractères : lettres sans accents, chiffres, points, traits d'union ou soulignés",
    en: 'The code has 1 to 40 characters: unaccented letters, digits, periods, hyphens or underscores',
  },
  weekday_invalid: { fr: 'Inscrivez un jour de la semaine en lettres, de lundi à dimanche', en: 'Write a day of the week in French, lundi to dimanche' },
  time_invalid: { fr: "Inscrivez l'heure sous la forme HH:MM, de 00:00 à 23:59", en: 'Write the time as HH:MM, 00:00 to 23:59' },
  datetime_invalid: {
    fr: "Inscrivez la date et l'heure sous la forme AAAA-MM-JJ HH:MM, à l'heure de la ville",
    en: "Write the date and time as YYYY-MM-DD HH:MM, in the city's time",
  },
  price_invalid: { fr: 'Inscrivez un montant en dollars, par exemple 85.00', en: 'Write an amount in dollars, such as 85.00' },
  whole_number_invalid: { fr: 'Inscrivez un nombre entier dans les limites permises', en: 'Write a whole number within the allowed range' },
  rl24_invalid: { fr: 'Inscrivez oui ou non', en: 'Write oui or non' },
  end_before_start: { fr: 'La fin doit suivre le début', en: 'The end must come after the start' },
  age_range_invalid: { fr: "L'âge maximum doit être au moins égal à l'âge minimum", en: 'The maximum age must be at least the minimum age' },
  opening_order_invalid: {
    fr: "L'ouverture aux non-résidents ne peut précéder celle aux résidents",
    en: 'Registration cannot open to non-residents before residents',
  },
  closing_before_opening: { fr: 'La fermeture des inscriptions doit suivre leurs ouvertures', en: 'Registration must close after it opens' },
  capacity_below_taken: { fr: 'La capacité est inférieure aux places déjà prises', en: 'The capacity is below the places already taken' },
  code_repeated: { fr: 'Ce code figure déjà plus haut dans le fichier', en: 'This code is already on an earlier line of the file' },
  category_conflict: { fr: 'Cette activité figure déjà plus haut dans le fichier sous une autre catégorie', en: 'This activity is already on an earlier line of the file under another category' },
});

declare module '../common/messages.js' {
  interface FieldCodeRegistry extends Declared<typeof ACTIVITY_FIELD_CODES> {}
}
