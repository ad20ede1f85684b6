import type { LocaleTranslations } from 'adminjs';
import type { Locale } from '../../common/locale.js';
import { COMMON_PROBLEMS } from '../../common/common.errors.js';
import { MAILBOX_PROBLEMS } from '../../mailbox/mailbox.errors.js';
import { CATEGORY_LABELS } from '../../mailbox/thread-rules.js';
import { THREAD_CATEGORIES } from '../../mailbox/thread.entity.js';

/** Why the desk refused an action, as the panel's notice (`mailbox_<code>`). */
const REFUSALS = ['thread_not_found', 'thread_closed', 'thread_status_unchanged', 'staff_not_assignable', 'message_body_invalid', 'forbidden'] as const;
// Read from the features' own tables: these texts are built when the module loads, maybe before the
// registry (src/problems.ts) is.
const REFUSAL_TEXTS = { ...MAILBOX_PROBLEMS, forbidden: COMMON_PROBLEMS.forbidden };
const refusals = (locale: Locale) => Object.fromEntries(REFUSALS.map((code) => [`mailbox_${code}`, REFUSAL_TEXTS[code].detail[locale]]));
const categories = (locale: Locale) => Object.fromEntries(THREAD_CATEGORIES.map((c) => [c, CATEGORY_LABELS[c][locale]]));

/** The inscriptions mailbox in the panel (`threads`), French first. Merged by `withActions`. */
export const MAILBOX_TRANSLATIONS: Record<Locale, LocaleTranslations> = {
  fr: {
    labels: {
      threads: 'Boîte des inscriptions',
      threadFromResident: 'Message du résident',
      threadFromCity: 'Réponse de la Ville',
      threadInternalNote: 'Note interne (jamais envoyée)',
    },
    actions: { reply: 'Répondre', note: 'Note interne', close: 'Fermer', reopen: 'Rouvrir' },
    messages: {
      ...refusals('fr'),
      threadTaken: 'La conversation vous est assignée',
      threadAssigned: 'La conversation a été confiée',
      threadReplied: 'La réponse a été mise en file d’envoi : le résident la recevra par courriel',
      threadNoted: 'La note interne a été ajoutée',
      threadClosed: 'La conversation est fermée',
      threadReopened: 'La conversation est de nouveau à traiter',
      takeThreadConfirm: 'Prendre en charge cette conversation ?',
      assignThreadConfirm: 'Confier cette conversation à un préposé ou une préposée :',
      replyThreadConfirm: 'Votre réponse est envoyée par courriel au résident, avec le numéro de référence, et s’affiche dans son espace.',
      noteThreadConfirm: 'Une note pour vos collègues : le résident ne la voit jamais.',
      closeThreadConfirm: 'Fermer cette conversation ? Un nouveau message du résident la rouvrira.',
      reopenThreadConfirm: 'Remettre cette conversation dans la file « à traiter » ?',
      threadReplyBody: 'Réponse au résident (texte, 10 000 caractères au plus)',
      threadNoteBody: 'Note interne',
      threadAssignee: 'Préposé ou préposée',
      threadChoose: 'Choisir…',
    },
    resources: {
      threads: {
        properties: {
          id: 'N°', reference: 'Référence', email: 'Adresse courriel', unverifiedSender: 'Expéditeur non vérifié', category: 'Sujet', subject: 'Objet', status: 'Statut', source: 'Reçue par',
          'status.open': 'À traiter', 'status.answered': 'Répondue', 'status.closed': 'Fermée', 'status.all': 'Toutes',
          'source.api': 'Espace résident', 'source.email': 'Courriel', locale: 'Langue', receivedAt: 'Reçue le', dueAt: 'Réponse due le',
          firstResponseAt: 'Première réponse le', responseMinutes: 'Délai de réponse (minutes ouvrables)', assignedToId: 'Assignée à (n°)', assignedTo: 'Assignée à',
          overdue: 'Hors délai (72 h ouvrables)', lastMessageAt: 'Dernier message', messages: 'Conversation', accountId: 'Compte', createdAt: 'Créée le', updatedAt: 'Modifiée le',
          ...Object.fromEntries(THREAD_CATEGORIES.map((c) => [`category.${c}`, CATEGORY_LABELS[c].fr])),
        },
        labels: { category: categories('fr'), status: { open: 'À traiter', answered: 'Répondue', closed: 'Fermée', all: 'Toutes' }, overdue: { true: 'Hors délai', false: 'Non' } },
      },
    },
  },
  en: {
    labels: { threads: 'Registrations mailbox', threadFromResident: 'From the resident', threadFromCity: 'The city’s answer', threadInternalNote: 'Internal note (never sent)' },
    actions: { reply: 'Reply', note: 'Internal note', close: 'Close', reopen: 'Reopen' },
    messages: {
      ...refusals('en'),
      threadTaken: 'The conversation is yours',
      threadAssigned: 'The conversation was given to a clerk',
      threadReplied: 'The reply was queued: the resident will receive it by email',
      threadNoted: 'The internal note was added',
      threadClosed: 'The conversation is closed',
      threadReopened: 'The conversation is back in the queue',
      takeThreadConfirm: 'Take this conversation?',
      assignThreadConfirm: 'Give this conversation to a clerk:',
      replyThreadConfirm: 'Your reply is emailed to the resident with the reference number and shows in their account.',
      noteThreadConfirm: 'A note for your colleagues: the resident never sees it.',
      closeThreadConfirm: 'Close this conversation? A new message from the resident will reopen it.',
      reopenThreadConfirm: 'Put this conversation back in the queue?',
      threadReplyBody: 'Reply to the resident (text, at most 10,000 characters)',
      threadNoteBody: 'Internal note',
      threadAssignee: 'Clerk',
      threadChoose: 'Choose…',
    },
    resources: {
      threads: {
        properties: {
          reference: 'Reference', email: 'Email address', unverifiedSender: 'Unverified sender', category: 'Topic', subject: 'Subject', status: 'Status', source: 'Received by',
          'status.open': 'To answer', 'status.answered': 'Answered', 'status.closed': 'Closed', 'status.all': 'All',
          'source.api': 'Resident account', 'source.email': 'Email', receivedAt: 'Received', dueAt: 'Answer due', firstResponseAt: 'First answer',
          responseMinutes: 'Response time (business minutes)', assignedTo: 'Assigned to', overdue: 'Past due (72 business hours)', lastMessageAt: 'Last message', messages: 'Conversation',
          ...Object.fromEntries(THREAD_CATEGORIES.map((c) => [`category.${c}`, CATEGORY_LABELS[c].en])),
        },
        labels: { category: categories('en'), status: { open: 'To answer', answered: 'Answered', closed: 'Closed', all: 'All' }, overdue: { true: 'Past due', false: 'No' } },
      },
    },
  },
};
