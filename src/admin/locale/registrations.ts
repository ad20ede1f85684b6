import type { LocaleTranslations } from 'adminjs';
import type { Locale } from '../../common/locale.js';

/** Why a registration action was refused, as the panel's notice (`registration_<code>`), for the staff member. */
const REFUSALS: Record<Locale, Record<string, string>> = {
  fr: {
    staff_reason_required: 'Indiquez le motif : il est conservé dans le journal des modifications. Rien n’a été changé',
    staff_reason_invalid: 'Écrivez un motif de 500 caractères au plus, sans caractères de contrôle. Rien n’a été changé',
    registration_not_found: 'Cette inscription n’existe plus',
    registration_not_confirmed: 'Cette inscription est déjà annulée',
    persons_required: 'Cochez au moins un membre de la famille',
    household_not_found: 'Aucune famille ne porte ce numéro',
    offering_not_found: 'Cette activité n’existe plus',
    not_household_member: 'Une des personnes choisies n’est pas membre de cette famille',
    age_ineligible: 'Une ou des personnes n’ont pas l’âge requis à la date de référence de l’activité : voyez les messages sous les membres',
    not_open: 'Les inscriptions à cette activité ne sont pas encore ouvertes pour cette famille',
    registration_closed: 'La période d’inscription à cette activité est terminée',
    already_registered: 'Une des personnes choisies est déjà inscrite à cette activité ou attend déjà une place',
    offering_full: 'Il ne reste pas assez de places pour toutes les personnes choisies (les places demandées par la liste d’attente comptent) : rien n’a été inscrit',
    waitlist_position_invalid: 'Indiquez un rang de 1 au nombre d’inscriptions encore en attente',
    waitlist_entry_not_found: 'Cette inscription à la liste d’attente n’existe plus',
    waitlist_entry_not_live: 'Cette inscription n’est plus sur la liste d’attente (acceptée, expirée ou retirée)',
    waitlist_entry_not_waiting: 'Des places sont déjà offertes à cette inscription, ou elle n’est plus en attente',
    offer_seats_unavailable: 'Il n’y a pas assez de places libres pour tous les membres de cette inscription : rien n’a été offert',
    forbidden: 'Votre rôle ne permet pas cette action',
    service_unavailable: 'L’activité est très sollicitée en ce moment : réessayez dans un instant',
  },
  en: {
    staff_reason_required: 'Give the reason: it is kept in the audit log. Nothing was changed',
    staff_reason_invalid: 'Write a reason of at most 500 characters, without control characters. Nothing was changed',
    registration_not_found: 'This registration no longer exists',
    registration_not_confirmed: 'This registration is already cancelled',
    persons_required: 'Tick at least one member of the household',
    household_not_found: 'No household has this number',
    offering_not_found: 'This activity no longer exists',
    not_household_member: 'One of the persons chosen is not a member of this household',
    age_ineligible: 'One or more persons are not of the required age on the activity’s reference date: see the messages below the members',
    not_open: 'Registration to this activity is not open yet for this household',
    registration_closed: 'Registration to this activity has closed',
    already_registered: 'One of the persons chosen is already registered to this activity or already waiting for a place',
    offering_full: 'Not enough places are left for every person chosen (places asked by the waitlist count): nothing was registered',
    waitlist_position_invalid: 'Give a position from 1 to the number of entries still waiting',
    waitlist_entry_not_found: 'This waitlist entry no longer exists',
    waitlist_entry_not_live: 'This entry is no longer on the waitlist (accepted, lapsed or left)',
    waitlist_entry_not_waiting: 'Places are already offered to this entry, or it is no longer waiting',
    offer_seats_unavailable: 'Not enough places are free for every member of this entry: nothing was offered',
    forbidden: 'Your role does not allow this action',
    service_unavailable: 'The activity is in high demand right now: try again in a moment',
  },
};

const refusals = (locale: Locale) => Object.fromEntries(Object.entries(REFUSALS[locale]).map(([code, text]) => [`registration_${code}`, text]));

/** Registrations in the panel (`activities`, `registrations`, `waitlist`), French first. Merged by `withActions`. */
export const REGISTRATION_TRANSLATIONS: Record<Locale, LocaleTranslations> = {
  fr: {
    labels: {
      classList: 'Liste de classe (personnes inscrites)',
      waitlistOfOffering: 'Liste d’attente',
      showMembers: 'Afficher les membres',
      register_householdId: 'Numéro de la famille',
      register_personIds: 'Membres à inscrire',
      cancel_note: 'Motif de l’annulation (conservé dans l’historique)',
      move_position: 'Nouveau rang (1 = premier)',
      move_note: 'Motif du déplacement (conservé dans l’historique)',
    },
    actions: { register: 'Inscrire au comptoir', cancel: 'Annuler l’inscription', move: 'Déplacer dans la liste', offer: 'Offrir les places maintenant' },
    messages: {
      ...refusals('fr'),
      registerRegistrationConfirm: 'Inscrire des membres d’une famille à ce groupe, au comptoir : l’âge, la famille et les places sont vérifiés comme en ligne, sans salle d’attente. L’inscription est confirmée tout de suite, sans courriel : informez la famille du montant.',
      cancelRegistrationConfirm: 'Annuler cette inscription ? La place sera offerte à la liste d’attente. Le motif est conservé dans l’historique.',
      moveRegistrationConfirm: 'Déplacer cette inscription dans la liste d’attente ? Les autres inscriptions suivent dans leur ordre. Le motif est conservé dans l’historique.',
      offerRegistrationConfirm: 'Offrir maintenant les places libres à cette inscription, avant son tour ? La famille les garde pendant le délai d’offre et reçoit un courriel.',
      counterRegistered: 'La personne est inscrite : l’inscription est confirmée',
      counterRegisteredMany: 'Les personnes sont inscrites : les inscriptions sont confirmées',
      registrationCancelled: 'L’inscription est annulée : la place a été offerte à la liste d’attente, s’il y a lieu',
      waitlistMoved: 'L’inscription a été déplacée dans la liste d’attente',
      waitlistOffered: 'Les places sont offertes : la famille a reçu un courriel, s’il y a un compte',
    },
    resources: {
      activities: {
        properties: {
          id: 'N°', code: 'Code', activity: 'Activité', category: 'Catégorie', groupName: 'Groupe', site: 'Lieu', lists: 'Listes',
          startsOn: 'Début', endsOn: 'Fin', weekday: 'Jour (1 = lundi)', startTime: 'Heure de début', endTime: 'Heure de fin',
          capacity: 'Places', taken: 'Places prises', remaining: 'Places restantes', waitlist: 'En attente',
          status: 'Statut', 'status.upcoming': 'À venir', 'status.open': 'Ouvert', 'status.full': 'Complet', 'status.closed': 'Terminé',
          ageMin: 'Âge minimum', ageMax: 'Âge maximum', ageOn: 'Âge au', priceResident: 'Prix résident (cents)', priceNonResident: 'Prix non-résident (cents)',
          residentsOpenAt: 'Ouverture (résidents)', nonResidentsOpenAt: 'Ouverture (non-résidents)', closesAt: 'Fermeture des inscriptions', rl24: 'Relevé 24',
          householdId: 'Numéro de la famille', personIds: 'Membres à inscrire', createdAt: 'Créé le', updatedAt: 'Modifié le',
        },
      },
      registrations: {
        properties: {
          id: 'N°', personName: 'Personne', personId: 'Fiche de la personne', age: 'Âge à la date de référence', offeringId: 'Groupe', householdId: 'Famille', phones: 'Téléphones',
          accountId: 'Compte en ligne', amount: 'Montant (cents)', status: 'Statut', 'status.confirmed': 'Confirmée', 'status.cancelled': 'Annulée',
          createdAt: 'Inscrite le', cancelledAt: 'Annulée le', cancelReason: 'Motif de l’annulation', cancelledBy: 'Annulée par', note: 'Motif',
        },
      },
      waitlist: {
        properties: {
          id: 'N°', offeringId: 'Groupe', position: 'Rang', householdId: 'Famille', persons: 'Personnes', seats: 'Places demandées', amount: 'Montant (cents)',
          status: 'Statut', 'status.live': 'En attente ou offertes', 'status.all': 'Toutes', 'status.waiting': 'En attente', 'status.offered': 'Places offertes',
          'status.accepted': 'Acceptée', 'status.lapsed': 'Offre expirée', 'status.left': 'Retirée',
          offeredAt: 'Offre faite le', offerExpiresAt: 'Offre valide jusqu’au', accountId: 'Compte en ligne', createdAt: 'Inscrite le'
        },
      },
    },
  },
  en: {
    labels: {
      classList: 'Class list (registered persons)',
      waitlistOfOffering: 'Waitlist',
      showMembers: 'Show the members',
      register_householdId: 'Household number',
      register_personIds: 'Members to register',
      cancel_note: 'Reason for the cancellation (kept in the history)',
      move_position: 'New position (1 = first)',
      move_note: 'Reason for the move (kept in the history)',
    },
    actions: { register: 'Register at the counter', cancel: 'Cancel the registration', move: 'Move in the list', offer: 'Offer the places now' },
    messages: {
      ...refusals('en'),
      registerRegistrationConfirm: 'Register members of a household to this group at the counter: age, household and places are checked as online, without a waiting room. The registration is confirmed at once, without an email: tell the household the amount.',
      cancelRegistrationConfirm: 'Cancel this registration? The place will be offered to the waitlist. The reason is kept in the history.',
      moveRegistrationConfirm: 'Move this entry in the waitlist? The other entries follow in their order. The reason is kept in the history.',
      offerRegistrationConfirm: 'Offer the free places to this entry now, ahead of its turn? The household keeps them for the offer’s time and gets an email.',
      counterRegistered: 'The person is registered: the registration is confirmed',
      counterRegisteredMany: 'The persons are registered: the registrations are confirmed',
      registrationCancelled: 'The registration is cancelled: the place was offered to the waitlist, if anyone waits',
      waitlistMoved: 'The entry was moved in the waitlist',
      waitlistOffered: 'The places are offered: the household got an email, if it has an account',
    },
    resources: {
      activities: {
        properties: {
          id: 'No.', code: 'Code', activity: 'Activity', category: 'Category', groupName: 'Group', site: 'Site', lists: 'Lists',
          startsOn: 'Starts', endsOn: 'Ends', weekday: 'Day (1 = Monday)', startTime: 'Start time', endTime: 'End time',
          capacity: 'Places', taken: 'Places taken', remaining: 'Places left', waitlist: 'Waiting',
          status: 'Status', 'status.upcoming': 'Upcoming', 'status.open': 'Open', 'status.full': 'Full', 'status.closed': 'Closed',
          ageMin: 'Minimum age', ageMax: 'Maximum age', ageOn: 'Age on', priceResident: 'Resident price (cents)', priceNonResident: 'Non-resident price (cents)',
          residentsOpenAt: 'Opens (residents)', nonResidentsOpenAt: 'Opens (non-residents)', closesAt: 'Registration closes', rl24: 'RL-24',
          householdId: 'Household number', personIds: 'Members to register', createdAt: 'Created', updatedAt: 'Changed',
        },
      },
      registrations: {
        properties: {
          id: 'No.', personName: 'Person', personId: 'Person’s record', age: 'Age on the reference date', offeringId: 'Group', householdId: 'Household', phones: 'Phones',
          accountId: 'Online account', amount: 'Amount (cents)', status: 'Status', 'status.confirmed': 'Confirmed', 'status.cancelled': 'Cancelled',
          createdAt: 'Registered', cancelledAt: 'Cancelled', cancelReason: 'Reason for the cancellation', cancelledBy: 'Cancelled by', note: 'Reason',
        },
      },
      waitlist: {
        properties: {
          id: 'No.', offeringId: 'Group', position: 'Position', householdId: 'Household', persons: 'Persons', seats: 'Places asked', amount: 'Amount (cents)',
          status: 'Status', 'status.live': 'Waiting or offered', 'status.all': 'All', 'status.waiting': 'Waiting', 'status.offered': 'Places offered',
          'status.accepted': 'Accepted', 'status.lapsed': 'Offer lapsed', 'status.left': 'Left',
          offeredAt: 'Offered', offerExpiresAt: 'Offer valid until', accountId: 'Online account', createdAt: 'Joined',
        },
      },
    },
  },
};
