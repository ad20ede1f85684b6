import type { Locale } from '../common/locale.js';

/** Version of the Law 25 collection notice; stored with each consent. Change it with the text. */
export const CONSENT_NOTICE_VERSION = '2026-11';

/** The collection notice the requester accepts (Québec's Law 25: purpose, use, retention, rights). */
export const COLLECTION_NOTICE: Record<Locale, string> = {
  fr:
    'Les renseignements personnels fournis dans ce formulaire (les vôtres et ceux des membres de votre famille, y compris les enfants) ' +
    'sont recueillis par le Service des loisirs de la Ville afin d’attribuer un numéro de dossier à chaque membre et de permettre ' +
    'l’inscription aux activités. Seul le personnel autorisé y a accès. Ils sont conservés tant que le dossier est actif, puis détruits ' +
    'selon le calendrier de conservation de la Ville. Vous pouvez y accéder et en demander la rectification en écrivant à la boîte des inscriptions.',
  en:
    'The personal information given in this form (yours and that of your family members, children included) is collected by the ' +
    "City's Recreation Department to give each member a dossier number and to allow registration for activities. Only authorised staff " +
    "can access it. It is kept while the dossier is active, then destroyed according to the City's retention schedule. You can access " +
    'it and ask for corrections by writing to the registrations mailbox.',
};
