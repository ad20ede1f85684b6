import type { LocaleTranslations } from 'adminjs';
import type { Locale } from '../../common/locale.js';
import { DOSSIER_REQUEST_PROBLEMS } from '../../dossier-requests/dossier-requests.errors.js';
import { DASHBOARD_TRANSLATIONS } from './dashboard.js';
import { DESK_TRANSLATIONS } from './desk.js';
import { FAMILY_ACTIONS } from './families.js';
import { MAILBOX_TRANSLATIONS } from './mailbox.js';
import { PRIVACY_TRANSLATIONS } from './privacy.js';
import { REGISTRATION_TRANSLATIONS } from './registrations.js';
import { VALUE_TRANSLATIONS } from './values.js';

/**
 * The refusals of a request action that the API words the same: the feature's own table (read at
 * load, before src/problems.ts fills the registry), as a notice, without the final period.
 */
const REQUEST_REFUSALS = ['question_required', 'note_required', 'text_invalid', 'rejection_reason_invalid', 'assignee_invalid'] as const;
const requestRefusals = (locale: Locale) =>
  Object.fromEntries(REQUEST_REFUSALS.map((code) => [`request_${code}`, DOSSIER_REQUEST_PROBLEMS[code].detail[locale].replace(/\.$/, '')]));

/** The sentences of the clerks' actions on dossier-number requests (issue #8, item 1): screens, notices, refusals. */
const REQUEST_MESSAGES: Record<Locale, Record<string, string>> = {
  fr: {
    takeRequestConfirm: 'Prendre cette demande en charge ? Elle vous sera assignée et passera « En traitement ».',
    assignRequestConfirm: 'À quel préposé ou quelle préposée confier cette demande ?',
    approveRequestConfirm: 'Approuver cette demande ? Un numéro de dossier sera créé pour chaque personne et envoyé par courriel au demandeur.',
    askInfoRequestConfirm: 'Quelle question poser au demandeur ? Elle lui sera envoyée par courriel et la demande passera « Renseignements demandés ».',
    resumeRequestConfirm: 'Le demandeur a répondu ? Notez sa réponse : la demande reviendra « En traitement ».',
    rejectRequestConfirm: 'Refuser cette demande ? Le motif sera envoyé par courriel au demandeur.',
    requestClerk: 'Préposé ou préposée',
    requestChoose: '— Choisir —',
    requestApprovePersons: 'Personnes qui recevront un numéro de dossier :',
    requestHousehold: 'Famille',
    requestNewHousehold: 'Créer une nouvelle famille à l’adresse de la demande',
    requestIntoHousehold: 'Ajouter à la famille {{household}}',
    requestIntoNumber: 'Ajouter à la famille d’un numéro de dossier :',
    requestDossierNumber: 'Numéro de dossier d’un membre',
    requestQuestion: 'Question au demandeur',
    requestAnswer: 'Réponse du demandeur',
    requestReason: 'Motif du refus',
    requestDetails: 'Explication pour le demandeur (facultatif)',
    requestTaken: 'La demande vous est assignée et est en traitement',
    requestAssigned: 'La demande a été confiée',
    requestApproved: 'La demande est approuvée : les numéros de dossier ont été envoyés au demandeur',
    requestInfoAsked: 'La question a été envoyée au demandeur',
    requestResumed: 'La réponse est notée : la demande est de nouveau en traitement',
    requestRejected: 'La demande est refusée : le motif a été envoyé au demandeur',
    request_transition_not_allowed: 'Impossible : la demande n’est pas dans un statut qui permet cette action (elle a peut-être été traitée par un collègue)',
    request_request_not_found: 'Cette demande n’existe plus',
    ...requestRefusals('fr'),
    request_household_not_found: 'Aucune famille ne correspond à ce numéro de dossier',
  },
  en: {
    takeRequestConfirm: 'Take this request? It will be assigned to you and move to “In review”.',
    assignRequestConfirm: 'Which clerk should handle this request?',
    approveRequestConfirm: 'Approve this request? A dossier number will be created for each person and emailed to the applicant.',
    askInfoRequestConfirm: 'What should the applicant be asked? The question will be emailed and the request will move to “Information requested”.',
    resumeRequestConfirm: 'Did the applicant answer? Note the answer: the request will move back to “In review”.',
    rejectRequestConfirm: 'Reject this request? The reason will be emailed to the applicant.',
    requestClerk: 'Clerk',
    requestChoose: '— Choose —',
    requestApprovePersons: 'Persons who will receive a dossier number:',
    requestHousehold: 'Household',
    requestNewHousehold: 'Create a new household at the request’s address',
    requestIntoHousehold: 'Add to household {{household}}',
    requestIntoNumber: 'Add to the household of a dossier number:',
    requestDossierNumber: 'A member’s dossier number',
    requestQuestion: 'Question to the applicant',
    requestAnswer: 'Applicant’s answer',
    requestReason: 'Reason for the refusal',
    requestDetails: 'Explanation for the applicant (optional)',
    requestTaken: 'The request is assigned to you and in review',
    requestAssigned: 'The request was given to the clerk',
    requestApproved: 'The request is approved: the dossier numbers were emailed to the applicant',
    requestInfoAsked: 'The question was emailed to the applicant',
    requestResumed: 'The answer is noted: the request is in review again',
    requestRejected: 'The request is rejected: the reason was emailed to the applicant',
    request_transition_not_allowed: 'Not possible: the request is not in a status that allows this action (a colleague may have processed it)',
    request_request_not_found: 'This request no longer exists',
    ...requestRefusals('en'),
    request_household_not_found: 'No household matches this dossier number',
  },
};

type Labels = { [key: string]: string | Labels };

/**
 * The requests' action names (scoped to the resource: threads have their own `take` and `assign`),
 * new properties and the badges of their values (AdminJS looks values up as nested `labels`). */
const REQUEST_RESOURCE: Record<Locale, { actions: Record<string, string>; properties: Record<string, string>; labels: Labels }> = {
  fr: {
    actions: { take: 'Prendre en charge', assign: 'Confier', approve: 'Approuver', askInfo: 'Demander des renseignements', resume: 'Noter la réponse', reject: 'Refuser' },
    properties: {
      'status.open': 'À traiter', 'status.all': 'Toutes',
      assignedTo: 'Assignée à', age: 'Attente', duplicates: 'Doublons possibles', account: 'Compte du demandeur', infoQuestion: 'Question au demandeur',
      rejectionReason: 'Motif du refus', 'rejectionReason.duplicate': 'Un dossier existe déjà pour cette personne', 'rejectionReason.incomplete': 'Renseignements incomplets',
      'rejectionReason.not_resident': 'Adresse hors de la ville', 'rejectionReason.other': 'Autre motif',
    },
    labels: {
      status: { open: 'À traiter', all: 'Toutes', submitted: 'Reçue', in_review: 'En traitement', needs_info: 'Renseignements demandés', approved: 'Approuvée', rejected: 'Refusée' },
      rejectionReason: { duplicate: 'Un dossier existe déjà pour cette personne', incomplete: 'Renseignements incomplets', not_resident: 'Adresse hors de la ville', other: 'Autre motif' },
      late: { true: 'Oui', false: 'Non' },
    },
  },
  en: {
    actions: { take: 'Take', assign: 'Give to a clerk', approve: 'Approve', askInfo: 'Ask for information', resume: 'Note the answer', reject: 'Reject' },
    properties: {
      'status.open': 'To process', 'status.all': 'All',
      assignedTo: 'Assigned to', age: 'Waiting', duplicates: 'Possible duplicates', account: 'Applicant’s account', infoQuestion: 'Question to the applicant',
      rejectionReason: 'Reason for refusal', 'rejectionReason.duplicate': 'A dossier already exists for this person', 'rejectionReason.incomplete': 'Incomplete information',
      'rejectionReason.not_resident': 'Address outside the city', 'rejectionReason.other': 'Other reason',
    },
    labels: {
      status: { open: 'To process', all: 'All', submitted: 'Received', in_review: 'In review', needs_info: 'Information requested', approved: 'Approved', rejected: 'Rejected' },
      rejectionReason: { duplicate: 'A dossier already exists for this person', incomplete: 'Incomplete information', not_resident: 'Address outside the city', other: 'Other reason' },
      late: { true: 'Yes', false: 'No' },
    },
  },
};

/**
 * The panel's own actions (issue #7, item 6) in French first, then English: their names, their
 * confirmation sentences (`guard`) and the notices they answer with. Kept apart from AdminJS's own
 * sentences (`fr.ts`, `en.ts`) and merged into them by `withActions`.
 */
const ACTIONS: Record<Locale, LocaleTranslations> = {
  fr: {
    actions: {
      resendConfirmation: 'Renvoyer le lien de confirmation',
      unlock: 'Débloquer la connexion',
      unlinkDossier: 'Délier le dossier',
      retry: 'Réessayer l’envoi',
      resetTwoFactor: 'Réinitialiser la double authentification',
      // AdminJS's breadcrumbs look actions up without the resource: the requests' names here too.
      ...REQUEST_RESOURCE.fr.actions,
      changePassword: 'Nouveau mot de passe',
      enrolTwoFactor: 'Double authentification configurée',
      newRecoveryCodes: 'Nouveaux codes de récupération',
    },
    messages: {
      resendConfirmationConfirm: 'Envoyer un nouveau lien de confirmation à ce résident ? Les liens envoyés avant ne fonctionneront plus.',
      confirmationResent: 'Un nouveau lien de confirmation a été mis en file d’envoi',
      confirmation_limited: 'Trop de courriels ont été envoyés à cette adresse dans la dernière heure : réessayez plus tard',
      confirmation_already_confirmed: 'Ce compte est déjà confirmé : aucun lien n’a été envoyé',
      confirmation_not_found: 'Ce compte n’existe plus',
      unlockConfirm: 'Effacer les tentatives de connexion et de liaison de dossier échouées de ce résident ?',
      accountUnlocked: 'Le compte est débloqué : le résident peut se connecter et lier son dossier de nouveau',
      unlinkDossierConfirm: 'Délier le dossier de ce compte ? Le résident ne verra plus sa famille tant qu’il ne l’aura pas liée de nouveau.',
      dossierUnlinked: 'Le dossier a été délié du compte',
      noDossierLinked: 'Aucun dossier n’est lié à ce compte',
      unlinkDossierNote: 'Motif (obligatoire, conservé dans l’historique du compte)',
      unlinkReasonRequired: 'Indiquez le motif pour lequel le dossier est délié : rien n’a été changé',
      unlinkReasonInvalid: 'Écrivez un motif de 10 000 caractères au plus, sans caractères de contrôle : rien n’a été changé',
      recordGone: 'Cette fiche n’existe plus',
      retryConfirm: 'Remettre ce courriel en file d’envoi ? Il sera envoyé de nouveau dans un moment.',
      emailRequeued: 'Le courriel a été remis en file d’envoi',
      emailNotFailed: 'Ce courriel n’est pas en échec : rien n’a été changé',
      resetTwoFactorConfirm: 'Réinitialiser la double authentification de ce membre du personnel ? Ses codes de récupération ne fonctionneront plus et ses sessions seront fermées.',
      twoFactorReset: 'La double authentification a été réinitialisée : le membre devra la configurer de nouveau',
      staffCreated: 'Le compte du personnel a été créé : communiquez-lui son mot de passe temporaire',
      ownAccountLockedOut: 'Vous ne pouvez pas désactiver votre propre compte ni retirer votre rôle d’administrateur',
      ...REQUEST_MESSAGES.fr,
    },
    resources: {
      staff: { properties: { password: 'Mot de passe temporaire', twoFactorSecret: 'Secret de double authentification', twoFactorRecovery: 'Codes de récupération' } },
      accounts: { properties: { confirmationToken: 'Lien de confirmation', failedLogins: 'Connexions échouées', failedDossierLinks: 'Liaisons de dossier échouées', dossierNumber: 'Numéro de dossier', personId: 'Personne liée' } },
      dossier_requests: REQUEST_RESOURCE.fr,
    },
  },
  en: {
    actions: {
      resendConfirmation: 'Resend the confirmation link',
      unlock: 'Unlock sign-in',
      unlinkDossier: 'Unlink the dossier',
      retry: 'Retry sending',
      resetTwoFactor: 'Reset two-factor authentication',
      ...REQUEST_RESOURCE.en.actions,
      changePassword: 'New password',
      enrolTwoFactor: 'Two-factor authentication set up',
      newRecoveryCodes: 'New recovery codes',
    },
    messages: {
      resendConfirmationConfirm: 'Send this resident a new confirmation link? Links sent before will stop working.',
      confirmationResent: 'A new confirmation link was queued',
      confirmation_limited: 'Too many emails were sent to this address in the last hour: try again later',
      confirmation_already_confirmed: 'This account is already confirmed: no link was sent',
      confirmation_not_found: 'This account no longer exists',
      unlockConfirm: 'Clear this resident’s failed sign-in and dossier-link attempts?',
      accountUnlocked: 'The account is unlocked: the resident can sign in and link their dossier again',
      unlinkDossierConfirm: 'Unlink the dossier from this account? The resident will not see their household until they link it again.',
      dossierUnlinked: 'The dossier was unlinked from the account',
      noDossierLinked: 'No dossier is linked to this account',
      unlinkDossierNote: 'Reason (required, kept in the account’s history)',
      unlinkReasonRequired: 'Say why the dossier is unlinked: nothing was changed',
      unlinkReasonInvalid: 'Write a reason of at most 10,000 characters, without control characters: nothing was changed',
      recordGone: 'This record no longer exists',
      retryConfirm: 'Queue this email again? It will be sent in a moment.',
      emailRequeued: 'The email was queued again',
      emailNotFailed: 'This email has not failed: nothing was changed',
      resetTwoFactorConfirm: 'Reset this staff member’s two-factor authentication? Their recovery codes will stop working and their sessions will end.',
      twoFactorReset: 'Two-factor authentication was reset: the member will set it up again',
      staffCreated: 'The staff account was created: give them their temporary password',
      ownAccountLockedOut: 'You cannot deactivate your own account or give up your administrator role',
      ...REQUEST_MESSAGES.en,
    },
    resources: {
      staff: { properties: { password: 'Temporary password', twoFactorSecret: 'Two-factor secret', twoFactorRecovery: 'Recovery codes' } },
      accounts: { properties: { confirmationToken: 'Confirmation link', failedLogins: 'Failed sign-ins', failedDossierLinks: 'Failed dossier links', dossierNumber: 'Dossier number', personId: 'Linked person' } },
      dossier_requests: REQUEST_RESOURCE.en,
    },
  },
};

type Tree = { [key: string]: string | Tree };

function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? merge(current, value) : value;
  }
  return out;
}

/**
 * The names of a field's values (« role.clerk ») also as labels: AdminJS's dropdowns and badges look
 * them up under `labels`, and under `properties` i18next loses them to the field's own name
 * (« role » is a string there, so « role.clerk » cannot hang below it).
 */
function valueLabels(translations: Tree): Tree {
  const resources = translations.resources;
  if (typeof resources !== 'object') return translations;
  const withLabels: Tree = {};
  for (const [id, resource] of Object.entries(resources)) {
    if (typeof resource !== 'object' || typeof resource.properties !== 'object') {
      withLabels[id] = resource;
      continue;
    }
    const values = Object.fromEntries(Object.entries(resource.properties).filter(([key]) => key.includes('.')));
    withLabels[id] = { ...resource, labels: merge(values, typeof resource.labels === 'object' ? resource.labels : {}) };
  }
  return { ...translations, resources: withLabels };
}

/** A language's translations with the panel's actions added (the families', the mailbox's, the registrations' and the home's kept in their own files). */
export function withActions(translations: LocaleTranslations, locale: Locale): LocaleTranslations {
  const merged = [ACTIONS, FAMILY_ACTIONS, MAILBOX_TRANSLATIONS, REGISTRATION_TRANSLATIONS, PRIVACY_TRANSLATIONS, DASHBOARD_TRANSLATIONS, DESK_TRANSLATIONS, VALUE_TRANSLATIONS].reduce<Tree>((tree, extra) => merge(tree, extra[locale] as Tree), translations as Tree);
  return valueLabels(merged) as LocaleTranslations;
}
