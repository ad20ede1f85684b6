import type { LocaleTranslations } from 'adminjs';
import type { Locale } from '../../common/locale.js';

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
      recordGone: 'Cette fiche n’existe plus',
      retryConfirm: 'Remettre ce courriel en file d’envoi ? Il sera envoyé de nouveau dans un moment.',
      emailRequeued: 'Le courriel a été remis en file d’envoi',
      emailNotFailed: 'Ce courriel n’est pas en échec : rien n’a été changé',
      resetTwoFactorConfirm: 'Réinitialiser la double authentification de ce membre du personnel ? Ses codes de récupération ne fonctionneront plus et ses sessions seront fermées.',
      twoFactorReset: 'La double authentification a été réinitialisée : le membre devra la configurer de nouveau',
      staffCreated: 'Le compte du personnel a été créé : communiquez-lui son mot de passe temporaire',
      ownAccountLockedOut: 'Vous ne pouvez pas désactiver votre propre compte ni retirer votre rôle d’administrateur',
    },
    resources: {
      staff: { properties: { password: 'Mot de passe temporaire', twoFactorSecret: 'Secret de double authentification', twoFactorRecovery: 'Codes de récupération' } },
      accounts: { properties: { confirmationToken: 'Lien de confirmation', failedLogins: 'Connexions échouées', failedDossierLinks: 'Liaisons de dossier échouées', dossierNumber: 'Numéro de dossier', personId: 'Personne liée' } },
    },
  },
  en: {
    actions: {
      resendConfirmation: 'Resend the confirmation link',
      unlock: 'Unlock sign-in',
      unlinkDossier: 'Unlink the dossier',
      retry: 'Retry sending',
      resetTwoFactor: 'Reset two-factor authentication',
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
      recordGone: 'This record no longer exists',
      retryConfirm: 'Queue this email again? It will be sent in a moment.',
      emailRequeued: 'The email was queued again',
      emailNotFailed: 'This email has not failed: nothing was changed',
      resetTwoFactorConfirm: 'Reset this staff member’s two-factor authentication? Their recovery codes will stop working and their sessions will end.',
      twoFactorReset: 'Two-factor authentication was reset: the member will set it up again',
      staffCreated: 'The staff account was created: give them their temporary password',
      ownAccountLockedOut: 'You cannot deactivate your own account or give up your administrator role',
    },
    resources: {
      staff: { properties: { password: 'Temporary password', twoFactorSecret: 'Two-factor secret', twoFactorRecovery: 'Recovery codes' } },
      accounts: { properties: { confirmationToken: 'Confirmation link', failedLogins: 'Failed sign-ins', failedDossierLinks: 'Failed dossier links', dossierNumber: 'Dossier number', personId: 'Linked person' } },
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

/** A language's translations with the panel's actions added. */
export function withActions(translations: LocaleTranslations, locale: Locale): LocaleTranslations {
  return valueLabels(merge(translations as Tree, ACTIONS[locale] as Tree)) as LocaleTranslations;
}
