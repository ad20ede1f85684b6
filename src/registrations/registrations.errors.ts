import { defineFieldCodes, defineProblems } from '../common/error-codes.js';
import type { Declared } from '../common/messages.js';

/** Activities and registrations (SPEC R1–R7 and its routes). */
export const REGISTRATION_PROBLEMS = defineProblems({
  offering_not_found: {
    status: 404,
    title: { fr: 'Activité introuvable', en: 'Activity not found' },
    detail: { fr: "Aucune activité ne porte ce code.", en: 'No activity has this code.' },
  },
  offering_full: {
    status: 409,
    title: { fr: 'Complet', en: 'Full' },
    detail: {
      fr: "Il ne reste pas assez de places pour tous les membres choisis. Inscrivez-les à la liste d'attente : vous serez avisé par courriel si des places se libèrent.",
      en: 'Not enough places are left for every member chosen. Put them on the waitlist: you will be told by email if places free up.',
    },
  },
  not_open: {
    status: 409,
    title: { fr: 'Inscriptions pas encore ouvertes', en: 'Registration not open yet' },
    detail: { fr: "Les inscriptions à cette activité ne sont pas ouvertes pour votre famille : voyez la date d'ouverture (opensAt).", en: 'Registration to this activity is not open for your family: see when it opens (opensAt).' },
  },
  registration_closed: {
    status: 409,
    title: { fr: 'Inscriptions terminées', en: 'Registration closed' },
    detail: { fr: 'La période d’inscription à cette activité est terminée.', en: 'Registration to this activity has closed.' },
  },
  already_registered: {
    status: 409,
    title: { fr: 'Déjà inscrit', en: 'Already registered' },
    detail: { fr: "Un des membres choisis est déjà inscrit à cette activité, ou attend déjà une place.", en: 'One of the members chosen is already registered to this activity, or already waiting for a place.' },
  },
  age_ineligible: {
    status: 422,
    title: { fr: "Âge non admissible", en: 'Age not eligible' },
    detail: { fr: "Un ou des membres choisis n'ont pas l'âge requis à la date de référence de l'activité.", en: 'One or more members chosen are not of the required age on the activity’s reference date.' },
  },
  not_household_member: {
    status: 403,
    title: { fr: 'Membre d’une autre famille', en: 'Member of another family' },
    detail: { fr: 'Vous ne pouvez inscrire que les membres de votre famille.', en: 'You can register only the members of your family.' },
  },
  waiting_room: {
    status: 403,
    title: { fr: "Salle d'attente", en: 'Waiting room' },
    detail: { fr: "Votre famille attend son tour dans la salle d'attente : vous pourrez réserver des places à votre tour (position).", en: 'Your family is waiting for its turn in the waiting room: you can hold places when your turn comes (position).' },
  },
  hold_not_found: {
    status: 404,
    title: { fr: 'Réservation introuvable', en: 'Hold not found' },
    detail: { fr: "Cette réservation de places n'existe pas ou ne vous appartient pas.", en: 'This hold does not exist or is not yours.' },
  },
  hold_expired: {
    status: 409,
    title: { fr: 'Réservation expirée', en: 'Hold expired' },
    detail: { fr: 'Le délai pour confirmer ces places est passé : elles ont été libérées. Choisissez de nouveau.', en: 'The time to confirm these places has passed: they have been released. Choose again.' },
  },
  checkout_in_progress: {
    status: 409,
    title: { fr: 'Confirmation en cours', en: 'Checkout in progress' },
    detail: { fr: 'Cette confirmation est déjà en cours de traitement. Patientez un instant, puis réessayez avec la même clé.', en: 'This checkout is already being processed. Wait a moment, then retry with the same key.' },
  },
  idempotency_key_reused: {
    status: 422,
    title: { fr: 'Clé déjà utilisée', en: 'Key already used' },
    detail: { fr: "Cette clé Idempotency-Key a déjà servi pour d'autres réservations : utilisez une nouvelle clé.", en: 'This Idempotency-Key was used for other holds: use a new key.' },
  },
  registration_not_found: {
    status: 404,
    title: { fr: 'Inscription introuvable', en: 'Registration not found' },
    detail: { fr: "Cette inscription n'existe pas ou ne vous appartient pas.", en: 'This registration does not exist or is not yours.' },
  },
  already_started: {
    status: 409,
    title: { fr: 'Activité commencée', en: 'Activity started' },
    detail: { fr: "L'activité est commencée : l'annulation se fait auprès du Service des loisirs.", en: 'The activity has started: cancel with the recreation department.' },
  },
  seats_available: {
    status: 409,
    title: { fr: 'Places disponibles', en: 'Places available' },
    detail: { fr: "Il reste des places pour ces membres : inscrivez-les directement plutôt qu'à la liste d'attente.", en: 'Places are left for these members: register them directly rather than on the waitlist.' },
  },
  waitlist_entry_not_found: {
    status: 404,
    title: { fr: "Inscription à la liste d'attente introuvable", en: 'Waitlist entry not found' },
    detail: { fr: "Cette inscription à la liste d'attente n'existe pas ou ne vous appartient pas.", en: 'This waitlist entry does not exist or is not yours.' },
  },
  offer_lapsed: {
    status: 409,
    title: { fr: 'Offre expirée', en: 'Offer lapsed' },
    detail: { fr: "Le délai pour accepter ces places est passé : elles ont été offertes à la famille suivante.", en: 'The time to accept these places has passed: they were offered to the next family.' },
  },
  no_offer: {
    status: 409,
    title: { fr: 'Aucune offre', en: 'No offer' },
    detail: { fr: "Aucune place n'est offerte à cette inscription de la liste d'attente pour l'instant.", en: 'No place is offered to this waitlist entry for now.' },
  },
  staff_reason_required: {
    status: 400,
    title: { fr: 'Motif requis', en: 'Reason required' },
    detail: { fr: 'Indiquez le motif : il est conservé dans le journal des modifications.', en: 'Give the reason: it is kept in the audit log.' },
  },
  staff_reason_invalid: {
    status: 400,
    title: { fr: 'Motif invalide', en: 'Invalid reason' },
    detail: { fr: 'Écrivez un motif de 500 caractères au plus, sans caractères de contrôle.', en: 'Write a reason of at most 500 characters, without control characters.' },
  },
  registration_not_confirmed: {
    status: 409,
    title: { fr: 'Inscription déjà annulée', en: 'Registration already cancelled' },
    detail: { fr: 'Cette inscription est déjà annulée.', en: 'This registration is already cancelled.' },
  },
  persons_required: {
    status: 400,
    title: { fr: 'Personnes requises', en: 'Persons required' },
    detail: { fr: 'Choisissez au moins un membre de la famille, une seule fois chacun.', en: 'Choose at least one member of the household, each once.' },
  },
  waitlist_position_invalid: {
    status: 400,
    title: { fr: 'Rang invalide', en: 'Invalid position' },
    detail: { fr: "Indiquez un rang de 1 au nombre d'inscriptions en attente.", en: 'Give a position from 1 to the number of entries waiting.' },
  },
  waitlist_entry_not_live: {
    status: 409,
    title: { fr: "Plus en attente", en: 'No longer waiting' },
    detail: { fr: "Cette inscription n'est plus sur la liste d'attente (acceptée, expirée ou retirée).", en: 'This entry is no longer on the waitlist (accepted, lapsed or left).' },
  },
  waitlist_entry_not_waiting: {
    status: 409,
    title: { fr: 'Offre déjà faite', en: 'Already offered' },
    detail: { fr: "Des places sont déjà offertes à cette inscription, ou elle n'est plus en attente.", en: 'Places are already offered to this entry, or it is no longer waiting.' },
  },
  offer_seats_unavailable: {
    status: 409,
    title: { fr: 'Pas assez de places libres', en: 'Not enough free places' },
    detail: { fr: "Il n'y a pas assez de places libres pour tous les membres de cette inscription : rien n'a été offert.", en: 'Not enough places are free for every member of this entry: nothing was offered.' },
  },
});

export const REGISTRATION_FIELD_CODES = defineFieldCodes({
  age_ineligible: { fr: "N'a pas l'âge requis", en: 'Not of the required age' },
  idempotency_key_invalid: { fr: 'Une clé de 8 à 100 caractères (lettres, chiffres, - et _) est requise', en: 'A key of 8 to 100 characters (letters, digits, - and _) is required' },
});

declare module '../common/messages.js' {
  interface ProblemRegistry extends Declared<typeof REGISTRATION_PROBLEMS> {}
  interface FieldCodeRegistry extends Declared<typeof REGISTRATION_FIELD_CODES> {}
}
