import { defineFieldCodes, defineProblems } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

export const DOSSIER_PROBLEMS = defineProblems({
  unlink_reason_required: {
    status: 400,
    title: { fr: 'Motif requis', en: 'Reason required' },
    detail: { fr: 'Indiquez pourquoi le dossier est délié de ce compte.', en: 'Say why the dossier is unlinked from this account.' },
  },
  unlink_reason_invalid: {
    status: 400,
    title: { fr: 'Motif invalide', en: 'Invalid reason' },
    detail: { fr: 'Écrivez un motif de 10 000 caractères au plus, sans caractères de contrôle.', en: 'Write a reason of at most 10,000 characters, without control characters.' },
  },
  dossier_not_found: {
    status: 404,
    title: { fr: 'Dossier introuvable', en: 'Dossier not found' },
    detail: {
      fr: 'Aucun dossier ne correspond à ce numéro et à cette date de naissance. Vérifiez vos anciennes factures.',
      en: 'No dossier matches this number and date of birth. Check your old invoices.',
    },
  },
  dossier_already_linked: {
    status: 409,
    title: { fr: 'Dossier déjà lié', en: 'Dossier already linked' },
    detail: {
      fr: 'Ce dossier est déjà lié à un autre compte utilisateur. Écrivez à la boîte des inscriptions pour obtenir de l’aide.',
      en: 'This dossier is already linked to another user account. Write to the registrations mailbox for help.',
    },
  },
  account_already_linked: {
    status: 409,
    title: { fr: 'Compte déjà lié', en: 'Account already linked' },
    detail: {
      fr: 'Votre compte utilisateur est déjà lié à un autre dossier.',
      en: 'Your user account is already linked to another dossier.',
    },
  },
  household_already_linked: {
    status: 409,
    title: { fr: 'Famille déjà liée', en: 'Household already linked' },
    detail: {
      fr: 'Votre famille est déjà liée à un autre compte utilisateur : il y a un seul compte par famille. Les parents séparés ont chacun leur compte, lié au dossier de leur propre famille.',
      en: 'Your household is already linked to another user account: there is one account per family. Separated parents each have their own account, linked to their own household’s dossier.',
    },
  },
  holder_under_18: {
    status: 422,
    title: { fr: 'Titulaire mineur', en: 'Holder under 18' },
    detail: {
      fr: 'Le compte utilisateur doit être au nom d’une personne de 18 ans et plus. Il ne faut pas créer un compte avec les informations d’un enfant à inscrire.',
      en: 'The user account must belong to a person aged 18 or older. Do not create an account with the information of a child to register.',
    },
  },
  household_not_found: {
    status: 404,
    title: { fr: 'Famille introuvable', en: 'Household not found' },
    // One code for the dossiers and the requests (an approval into a household by its number).
    detail: { fr: 'Aucune famille ne correspond à ce numéro de dossier, ou elle n’existe plus.', en: 'No household matches this dossier number, or it no longer exists.' },
  },
  dossier_not_linked: {
    status: 409,
    title: { fr: 'Aucun dossier lié', en: 'No dossier linked' },
    detail: {
      fr: 'Liez d’abord votre compte à votre dossier (« J’ai un numéro de dossier ») ou demandez un numéro de dossier.',
      en: 'First link your account to your dossier ("I have a dossier number") or request a dossier number.',
    },
  },
});

/** Field codes of the dossier rules, shared by the API's forms and the import's report. */
export const DOSSIER_FIELD_CODES = defineFieldCodes({
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
  // A clerk's changes to a household (the panel).
  holder_missing: {
    fr: 'La famille doit garder un titulaire de 18 ans ou plus : nommez d’abord un autre titulaire',
    en: 'The household must keep a holder aged 18 or older: name another holder first',
  },
  holder_first: {
    fr: 'Une famille sans membre commence par son titulaire, de 18 ans ou plus',
    en: 'A household without members starts with its holder, aged 18 or older',
  },
  holder_duplicate: {
    fr: 'La famille a déjà un titulaire : il n’y en a qu’un par famille',
    en: 'The household already has a holder: there is only one per household',
  },
  holder_minor: { fr: 'Le titulaire doit avoir 18 ans ou plus', en: 'The holder must be 18 or older' },
  dossier_number_unknown: { fr: 'Aucune personne n’a ce numéro de dossier', en: 'No person has this dossier number' },
  member_already: { fr: 'Cette personne fait déjà partie de cette famille', en: 'This person is already a member of this household' },
  member_unknown: { fr: 'Cette personne ne fait pas partie de cette famille', en: 'This person is not a member of this household' },
  household_unknown: { fr: 'Aucune famille ne porte ce numéro', en: 'No household has this number' },
  household_same: { fr: 'Choisissez une autre famille que celle-ci', en: 'Choose another household than this one' },
  // A clerk's decision on residency (R2).
  residency_invalid: {
    fr: 'Choisissez : résidente, non résidente, ou selon la ville de l’adresse',
    en: 'Choose: resident, non-resident, or by the address’s city',
  },
  residency_reason_required: {
    fr: 'Indiquez le motif de la décision : il est conservé dans l’historique. Rien n’a été changé',
    en: 'Give the reason for the decision: it is kept in the history. Nothing was changed',
  },
  // The import's own columns.
  role_invalid: {
    fr: 'Le lien doit être titulaire, adulte, conjoint ou enfant (holder, adult, spouse, child)',
    en: 'The relationship must be holder, adult, spouse or child',
  },
  encoding_invalid: {
    fr: 'Caractères illisibles : le fichier doit être enregistré en UTF-8',
    en: 'Unreadable characters: the file must be saved as UTF-8',
  },
  // A clerk's change of a person's dossier number (an administrator's needs no reason).
  dossier_number_reason_required: {
    fr: 'Seul un administrateur peut changer un numéro de dossier sans raison : indiquez la raison du changement',
    en: 'Only an administrator may change a dossier number without a reason: give the reason for the change',
  },
  dossier_number_invalid: {
    fr: 'Le numéro de dossier doit compter de 1 à 20 lettres ou chiffres',
    en: 'The dossier number must have 1 to 20 letters or digits',
  },
  household_key_invalid: {
    fr: 'La clé de famille doit compter de 1 à 64 lettres (sans accents), chiffres, espaces ou signes - _ . / #',
    en: 'The household key must have 1 to 64 letters (without accents), digits, spaces or signs - _ . / #',
  },
  dependent_invalid: {
    fr: 'La valeur « à charge » doit être oui ou non',
    en: 'The "dependent" value must be yes or no',
  },
});

// This feature's codes join the service's registry: the type checker knows them everywhere, and
// src/problems.ts registers the tables at start.
declare module '../common/messages.js' {
  interface ProblemRegistry extends Declared<typeof DOSSIER_PROBLEMS> {}
  interface FieldCodeRegistry extends Declared<typeof DOSSIER_FIELD_CODES> {}
}
