import type { LocaleTranslations } from 'adminjs';
import type { Locale } from '../../common/locale.js';
import { RESOURCE_IDS, type ResourceId } from '../../staff/roles.js';
import { en } from './en.js';
import { fr } from './fr.js';

/** The sections by the sidebar's names (« Personnes »), for the audit log's filter. */
const SECTION_NAMES: Record<Locale, Record<string, string>> = {
  fr: Object.fromEntries(RESOURCE_IDS.map((id) => [id, String((fr.labels as Record<string, string> | undefined)?.[id] ?? id)])),
  en: Object.fromEntries(RESOURCE_IDS.map((id) => [id, String((en.labels as Record<string, string> | undefined)?.[id] ?? id)])),
};

/**
 * The words `values.ts` reads the audit log's values with (issue #18): each action as a noun
 * (« Approbation », the title of an audit entry), each section's record as a noun (« demande de
 * dossier »), the fields the services record that no page shows, and the kinds of phones.
 */
export const VALUE_WORDS: Record<Locale, {
  empty: string;
  nobody: string;
  yes: string;
  no: string;
  dependent: string;
  deleted: string;
  added: string;
  actor: Record<'resident' | 'system' | 'anonymous', string>;
  actions: Record<string, string>;
  /** The panel's sections, and the records the log names outside them (an attachment downloaded). */
  records: Record<ResourceId | 'thread_attachments', string>;
  /** Fields of the audit lines without a label on their resource's page. */
  fields: Record<string, string>;
  phoneKinds: Record<string, string>;
  languages: Record<string, string>;
  /** The outbox's templates by what the email is about. */
  templates: Record<string, string>;
  member: string;
  household: string;
}> = {
  fr: {
    empty: '(vide)',
    nobody: 'aucun',
    yes: 'oui',
    no: 'non',
    dependent: 'à charge',
    deleted: 'fiche supprimée',
    added: 'ajoutée',
    actor: { resident: 'Résident ou résidente', system: 'Système', anonymous: 'Anonyme' },
    actions: {
      view: 'Consultation', create: 'Création', update: 'Modification', delete: 'Suppression',
      take: 'Prise en charge', assign: 'Attribution', approve: 'Approbation', askInfo: 'Demande de renseignements', resume: 'Reprise du traitement', reject: 'Refus',
      addMember: 'Ajout d’un membre', removeMember: 'Retrait d’un membre', moveMember: 'Déplacement d’un membre', setMemberRole: 'Changement de lien', editPhones: 'Modification des téléphones',
      reply: 'Réponse', note: 'Note interne', close: 'Fermeture', reopen: 'Réouverture',
      register: 'Inscription au comptoir', cancel: 'Annulation', move: 'Déplacement dans la liste', offer: 'Offre de place',
      resendConfirmation: 'Renvoi du lien de confirmation', unlock: 'Déblocage de la connexion', linkDossier: 'Liaison du dossier', unlinkDossier: 'Dossier délié',
      retry: 'Nouvel envoi', resetTwoFactor: 'Réinitialisation de la double authentification', enrolTwoFactor: 'Double authentification configurée',
      changePassword: 'Changement de mot de passe', newRecoveryCodes: 'Nouveaux codes de récupération', deny: 'Refus',
      setResidency: 'Décision de résidence', export: 'Exportation du dossier (Loi 25)', purge: 'Purge (conservation)',
    },
    records: {
      dossier_requests: 'demande de dossier', threads: 'conversation', households: 'famille', persons: 'personne', accounts: 'compte en ligne',
      activities: 'groupe', registrations: 'inscription', waitlist: 'liste d’attente', registration_periods: 'période d’inscription', calendar: 'fermeture des bureaux',
      staff: 'membre du personnel', outbox: 'courriel sortant', audit_log: 'entrée du journal', thread_attachments: 'pièce jointe',
      retention_settings: 'durée de conservation', retention_runs: 'purge quotidienne', privacy_incidents: 'incident de confidentialité', reply_templates: 'réponse type',
    },
    fields: {
      assignedToId: 'Responsable', staffId: 'Membre du personnel', households: 'Familles', internalNote: 'Note interne', firstResponseAt: 'Première réponse le',
      responseMinutes: 'Délai de première réponse (minutes)', position: 'Rang', offerExpiresAt: 'Offre valide jusqu’au', personId: 'Personne', dossierNumber: 'N° de dossier',
      homePhone: 'Téléphone (maison)', mobilePhone: 'Téléphone (cellulaire)', workPhone: 'Téléphone (travail)', otherPhone: 'Téléphone (autre)',
      role: 'Lien', dependent: 'À charge', offering: 'Groupe', offeringId: 'Groupe', householdId: 'Famille', accountId: 'Compte en ligne', locale: 'Langue', infoQuestion: 'Question au demandeur', rejectionReason: 'Motif du refus', decisionNote: 'Note de décision', reason: 'Raison du changement',
    },
    phoneKinds: { home: 'Maison', mobile: 'Cellulaire', work: 'Travail', other: 'Autre' },
    languages: { fr: 'Français', en: 'Anglais' },
    templates: { verify_email: 'Confirmation de l’adresse courriel', account_exists: 'Compte déjà existant', password_reset: 'Réinitialisation du mot de passe', password_changed: 'Mot de passe changé', dossier_request_received: 'Demande de dossier reçue', dossier_numbers: 'Numéros de dossier', message_received: 'Message reçu', staff_reply: 'Réponse du personnel', dossier_request_info_needed: 'Renseignements demandés', dossier_request_rejected: 'Demande de dossier refusée', morning_digest: 'Résumé du matin', dossier_linked: 'Dossier lié', registration_confirmed: 'Inscription confirmée', registration_cancelled: 'Inscription annulée', waitlist_joined: 'Inscription à la liste d’attente', waitlist_offer: 'Place offerte', waitlist_offer_reminder: 'Rappel de la place offerte', waitlist_offer_lapsed: 'Offre de place expirée' },
    member: 'Membre',
    household: 'famille n° {{id}}',
  },
  en: {
    empty: '(empty)',
    nobody: 'nobody',
    yes: 'yes',
    no: 'no',
    dependent: 'dependent',
    deleted: 'record deleted',
    added: 'added',
    actor: { resident: 'Resident', system: 'System', anonymous: 'Anonymous' },
    actions: {
      view: 'Viewed', create: 'Creation', update: 'Change', delete: 'Deletion',
      take: 'Taken', assign: 'Assignment', approve: 'Approval', askInfo: 'Information asked', resume: 'Processing resumed', reject: 'Rejection',
      addMember: 'Member added', removeMember: 'Member removed', moveMember: 'Member moved', setMemberRole: 'Relationship changed', editPhones: 'Phones changed',
      reply: 'Reply', note: 'Internal note', close: 'Closed', reopen: 'Reopened',
      register: 'Counter registration', cancel: 'Cancellation', move: 'Moved in the list', offer: 'Place offered',
      resendConfirmation: 'Confirmation link resent', unlock: 'Sign-in unlocked', linkDossier: 'Dossier linked', unlinkDossier: 'Dossier unlinked',
      retry: 'Sent again', resetTwoFactor: 'Two-factor authentication reset', enrolTwoFactor: 'Two-factor authentication set up',
      changePassword: 'Password changed', newRecoveryCodes: 'New recovery codes', deny: 'Refusal',
      setResidency: 'Residency decision', export: 'File exported (Law 25)', purge: 'Purge (retention)',
    },
    records: {
      dossier_requests: 'dossier request', threads: 'conversation', households: 'household', persons: 'person', accounts: 'online account',
      activities: 'group', registrations: 'registration', waitlist: 'waitlist', registration_periods: 'registration period', calendar: 'office closure',
      staff: 'staff member', outbox: 'outgoing email', audit_log: 'log entry', thread_attachments: 'attachment',
      retention_settings: 'retention period', retention_runs: 'daily purge', privacy_incidents: 'confidentiality incident', reply_templates: 'reply template',
    },
    fields: {
      assignedToId: 'Assigned to', staffId: 'Staff member', households: 'Households', internalNote: 'Internal note', firstResponseAt: 'First response on',
      responseMinutes: 'First response time (minutes)', position: 'Rank', offerExpiresAt: 'Offer valid until', personId: 'Person', dossierNumber: 'Dossier number',
      homePhone: 'Phone (home)', mobilePhone: 'Phone (mobile)', workPhone: 'Phone (work)', otherPhone: 'Phone (other)',
      role: 'Relationship', dependent: 'Dependent', offering: 'Group', offeringId: 'Group', householdId: 'Household', accountId: 'Online account', locale: 'Language', infoQuestion: 'Question to the applicant', rejectionReason: 'Reason for refusal', decisionNote: 'Decision note', reason: 'Reason for the change',
    },
    phoneKinds: { home: 'Home', mobile: 'Mobile', work: 'Work', other: 'Other' },
    languages: { fr: 'French', en: 'English' },
    templates: { verify_email: 'Email address confirmation', account_exists: 'Account already exists', password_reset: 'Password reset', password_changed: 'Password changed', dossier_request_received: 'Dossier request received', dossier_numbers: 'Dossier numbers', message_received: 'Message received', staff_reply: 'Staff reply', dossier_request_info_needed: 'Information requested', dossier_request_rejected: 'Dossier request rejected', morning_digest: 'Morning digest', dossier_linked: 'Dossier linked', registration_confirmed: 'Registration confirmed', registration_cancelled: 'Registration cancelled', waitlist_joined: 'Joined the waitlist', waitlist_offer: 'Place offered', waitlist_offer_reminder: 'Place offer reminder', waitlist_offer_lapsed: 'Place offer lapsed' },
    member: 'Member',
    household: 'household {{id}}',
  },
};

/** A field's values by their names, as AdminJS's badges look them up (`locale.fr`, `active.true`). */
const named = (field: string, names: Record<string, string>) => Object.fromEntries(Object.entries(names).map(([value, name]) => [`${field}.${value}`, name]));

/**
 * The audit log's filters, a person's « Consultations et modifications », and the values AdminJS
 * shows as badges (a language, a yes or no, an email's template), merged by `withActions`.
 */
export const VALUE_TRANSLATIONS: Record<Locale, LocaleTranslations> = {
  fr: {
    resources: {
      audit_log: {
        properties: {
          kind: 'Afficher', 'kind.changes': 'Modifications', 'kind.views': 'Consultations', 'kind.all': 'Modifications et consultations',
          summary: 'Entrée', record: 'Fiche', changes: 'Changements (avant → après)', staffName: 'Auteur', actorKind: 'Type d’auteur',
          ...Object.fromEntries(Object.entries(SECTION_NAMES.fr).map(([id, name]) => [`resource.${id}`, name])),
        },
      },
      dossier_requests: { properties: { requestedMembers: 'Membres demandés', ...named('locale', VALUE_WORDS.fr.languages) } },
      staff: { properties: { ...named('locale', VALUE_WORDS.fr.languages), ...named('active', { true: 'Oui', false: 'Non' }) } },
      outbox: {
        properties: {
          messageId: 'Identifiant du message', inReplyTo: 'En réponse au message', threadReferences: 'Messages précédents du fil',
          ...named('locale', VALUE_WORDS.fr.languages), ...named('template', VALUE_WORDS.fr.templates),
        },
      },
      persons: {
        labels: { history: 'Consultations et modifications' },
        properties: { dossierNumberReason: 'Raison du changement' },
        messages: {
          historyEmpty: 'Personne n’a encore consulté ni modifié cette fiche',
          dossierNumberReasonHelp: 'Obligatoire pour changer un numéro de dossier, sauf pour un administrateur ou une administratrice : la raison est conservée dans le journal des modifications.',
        },
      },
    },
    labels: { historyEntry: 'Entrée du journal', householdNumber: 'Famille n° {{id}}' },
  },
  en: {
    resources: {
      audit_log: {
        properties: {
          kind: 'Show', 'kind.changes': 'Changes', 'kind.views': 'Views', 'kind.all': 'Changes and views',
          summary: 'Entry', record: 'Record', changes: 'Changes (before → after)', staffName: 'By', actorKind: 'Kind of author',
          ...Object.fromEntries(Object.entries(SECTION_NAMES.en).map(([id, name]) => [`resource.${id}`, name])),
        },
      },
      dossier_requests: { properties: { requestedMembers: 'Requested members', ...named('locale', VALUE_WORDS.en.languages) } },
      staff: { properties: { ...named('locale', VALUE_WORDS.en.languages), ...named('active', { true: 'Yes', false: 'No' }) } },
      outbox: {
        properties: {
          messageId: 'Message id', inReplyTo: 'In reply to', threadReferences: 'Earlier messages of the thread',
          ...named('locale', VALUE_WORDS.en.languages), ...named('template', VALUE_WORDS.en.templates),
        },
      },
      persons: {
        labels: { history: 'Views and changes' },
        properties: { dossierNumberReason: 'Reason for the change' },
        messages: {
          historyEmpty: 'Nobody has viewed or changed this record yet',
          dossierNumberReasonHelp: 'Required to change a dossier number, except for an administrator: the reason is kept in the audit log.',
        },
      },
    },
    labels: { historyEntry: 'Log entry', householdNumber: 'Household {{id}}' },
  },
};
