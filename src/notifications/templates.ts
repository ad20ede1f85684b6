import type { Locale } from '../common/locale.js';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface EmailContext {
  cityName: string;
  year: number;
}

export type EmailTemplate =
  | { template: 'verify_email'; params: { firstName: string; link: string } }
  | { template: 'account_exists'; params: { firstName: string; loginUrl: string; forgotUrl: string } }
  | { template: 'password_reset'; params: { firstName: string; link: string } }
  | { template: 'password_changed'; params: { firstName: string } }
  | { template: 'dossier_request_received'; params: DossierRequestReceivedParams }
  | { template: 'dossier_numbers'; params: DossierNumbersParams }
  | { template: 'message_received'; params: MessageReceivedParams }
  | { template: 'staff_reply'; params: StaffReplyParams }
  | { template: 'dossier_request_info_needed'; params: DossierRequestInfoNeededParams }
  | { template: 'dossier_request_rejected'; params: DossierRequestRejectedParams }
  | { template: 'morning_digest'; params: MorningDigestParams }
  | { template: 'dossier_linked'; params: DossierLinkedParams };

/** A queue's figures: open, overdue (due time passed), and due within the next 8 business hours. */
export interface DigestQueue {
  open: number;
  overdue: number;
  dueSoon: number;
}

export interface MorningDigestParams {
  /** The supervisor's name as the panel shows it. */
  name: string;
  /** « lundi 30 novembre 2026 » / "Monday, November 30, 2026". */
  date: string;
  requests: DigestQueue;
  threads: DigestQueue;
  panelUrl: string;
}

export interface StaffReplyParams {
  firstName: string | null;
  reference: string;
  subject: string;
  /** The clerk's text, plain, line breaks kept (escaped in the HTML part). */
  body: string;
}

export interface MessageReceivedParams {
  firstName: string;
  reference: string;
  subject: string;
  /** « le mercredi 2 décembre 2026 à 15 h » / "Wednesday, December 2, 2026 at 3 p.m." */
  dueAt: string;
}

export interface DossierRequestReceivedParams {
  firstName: string;
  reference: string;
  /** The next period in words (« Hiver 2027, le 10 janvier 2027 à 19 h 00 »), or null when none is announced. */
  nextPeriod: string | null;
  late: boolean;
}

export interface DossierNumbersParams {
  firstName: string;
  reference: string;
  persons: Array<{ name: string; dossierNumber: string }>;
  portalUrl: string;
}

export interface DossierRequestInfoNeededParams {
  firstName: string;
  reference: string;
  /** The clerk's question, as typed. */
  question: string;
}

/** To the household's other addresses when an account links its dossier (issue 15): who, when, and how to reach the city. */
export interface DossierLinkedParams {
  /** The recipient's first name, when the household's record knows it. */
  firstName: string | null;
  /** The account holder's name, as the account gives it. */
  accountName: string;
  /** « 6 décembre 2026 à 14 h 05 » / "December 6, 2026 at 2:05 PM", in the city's time zone. */
  linkedAt: string;
  /** The portal, where the registrations mailbox takes messages. */
  portalUrl: string;
  /** The registrations mailbox's address, when the service reads one. */
  mailboxAddress: string | null;
}

export interface DossierRequestRejectedParams {
  firstName: string;
  reference: string;
  /** The reason's label in the applicant's language. */
  reason: string;
  /** The clerk's explanation, if any. */
  details: string | null;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Email building blocks; each renders to plain text and to HTML. */
type Block = { p: string } | { button: string; href: string } | { link: string; label: string } | { small: string } | { text: string };

/** What introduces a list or a link: « : » after a space in French, a bare colon in English. */
const COLON: Record<Locale, string> = { fr: ' :', en: ':' };

/** A sentence ending with its text's own period (« 7:00 p.m. ») or with one added. */
function endSentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

function renderText(lang: Locale, greeting: string, blocks: Block[], footer: string): string {
  const lines = [greeting, ''];
  for (const block of blocks) {
    if ('p' in block) lines.push(block.p, '');
    else if ('text' in block) lines.push(block.text, '');
    else if ('button' in block) lines.push(`${block.button}${COLON[lang]}`, block.href, '');
    else if ('link' in block) lines.push(block.label, block.link, '');
    else lines.push(block.small, '');
  }
  lines.push('--', footer);
  return lines.join('\n');
}

function renderHtml(ctx: EmailContext, lang: Locale, greeting: string, blocks: Block[], footer: string): string {
  const body = blocks
    .map((block) => {
      if ('p' in block) return `<p style="margin:0 0 16px">${escapeHtml(block.p)}</p>`;
      if ('text' in block) return `<div style="margin:0 0 16px;white-space:pre-wrap">${escapeHtml(block.text)}</div>`;
      if ('button' in block) {
        return `<p style="margin:24px 0"><a href="${escapeHtml(block.href)}" style="background:#00529b;color:#ffffff;padding:12px 20px;border-radius:4px;text-decoration:none;font-weight:bold;display:inline-block">${escapeHtml(block.button)}</a></p>`;
      }
      if ('link' in block) {
        return `<p style="margin:0 0 16px">${escapeHtml(block.label)}<br><a href="${escapeHtml(block.link)}" style="word-break:break-all">${escapeHtml(block.link)}</a></p>`;
      }
      return `<p style="margin:0 0 16px;color:#555;font-size:13px">${escapeHtml(block.small)}</p>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(ctx.cityName)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#222">
<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:6px">
<p style="font-size:18px;font-weight:bold;color:#00529b;margin:0 0 24px">${escapeHtml(ctx.cityName)}</p>
<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>
${body}
<p style="margin:32px 0 0;color:#777;font-size:12px">${escapeHtml(footer)}</p>
</div></body></html>`;
}

const COPY = {
  fr: {
    footer: (ctx: EmailContext) => `© ${ctx.year}, ${ctx.cityName}. Tous droits réservés.`,
    verify_email: (p: { firstName: string; link: string }) => ({
      subject: 'Confirmez votre adresse courriel',
      greeting: `${p.firstName},`,
      blocks: [
        {
          p: 'Vous avez complété les informations minimales pour la création de votre compte. Pour terminer la création, vous devez confirmer votre adresse courriel et compléter les autres informations requises.',
        },
        { button: 'Confirmation de mon adresse courriel', href: p.link },
        { link: p.link, label: 'Lien pour confirmer votre adresse courriel et compléter vos informations :' },
        { p: "Ce lien est valide pour 24 heures et ne peut être utilisé qu'une seule fois." },
        {
          small:
            "Si vous n'avez pas demandé cela, vous pouvez ignorer ce courriel. Le compte ne sera pas créé tant que vous n'aurez pas confirmé votre adresse courriel.",
        },
      ] as Block[],
    }),
    account_exists: (p: { firstName: string; loginUrl: string; forgotUrl: string }) => ({
      subject: 'Vous avez déjà un compte',
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'Quelqu’un a tenté de créer un compte avec votre adresse courriel. Vous avez déjà un compte utilisateur : connectez-vous avec cette adresse.' },
        { button: 'Me connecter', href: p.loginUrl },
        { link: p.forgotUrl, label: 'Mot de passe oublié ? Demandez un nouveau mot de passe :' },
        { small: "Si vous n'avez pas demandé cela, vous pouvez ignorer ce courriel. Votre compte n'a pas été modifié." },
      ] as Block[],
    }),
    password_reset: (p: { firstName: string; link: string }) => ({
      subject: 'Réinitialisation de votre mot de passe',
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'Vous avez demandé à réinitialiser le mot de passe de votre compte utilisateur.' },
        { button: 'Choisir un nouveau mot de passe', href: p.link },
        { link: p.link, label: 'Lien pour choisir un nouveau mot de passe :' },
        { p: "Ce lien est valide pour 1 heure et ne peut être utilisé qu'une seule fois." },
        { small: "Si vous n'avez pas demandé cela, vous pouvez ignorer ce courriel. Votre mot de passe ne sera pas modifié." },
      ] as Block[],
    }),
    password_changed: (p: { firstName: string }) => ({
      subject: 'Votre mot de passe a été modifié',
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'Le mot de passe de votre compte utilisateur vient d’être modifié. Toutes vos sessions ont été fermées.' },
        { small: "Si vous n'êtes pas à l'origine de ce changement, communiquez sans tarder avec le service des loisirs." },
      ] as Block[],
    }),
    dossier_request_received: (p: DossierRequestReceivedParams) => ({
      subject: `Demande de numéro de dossier reçue (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `Nous avons bien reçu votre demande de numéro de dossier. Votre numéro de référence : ${p.reference}.` },
        p.nextPeriod
          ? { p: endSentence(`La prochaine période d'inscription : ${p.nextPeriod}`) }
          : { p: "Aucune période d'inscription n'est annoncée pour le moment." },
        ...(p.late
          ? [{ p: "Votre demande nous parvient moins de 72 heures avant la période des inscriptions : vous pourriez ne pas recevoir votre numéro de dossier à temps pour l'inscription." }]
          : [{ p: 'Vous recevrez vos numéros de dossier par courriel dès que votre demande sera traitée.' }]),
        { small: "Si vous n'avez pas fait cette demande, écrivez-nous à la boîte des inscriptions." },
      ] as Block[],
    }),
    dossier_numbers: (p: DossierNumbersParams) => ({
      subject: `Vos numéros de dossier (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'Votre demande a été acceptée. Voici les numéros de dossier de votre famille (un par membre) :' },
        ...p.persons.map((person) => ({ p: `${person.name} : ${person.dossierNumber}` })),
        { p: 'Créez votre compte utilisateur, puis choisissez « J’ai un numéro de dossier » et liez votre dossier avec votre numéro et votre date de naissance.' },
        { button: "Plateforme d'inscription en ligne", href: p.portalUrl },
      ] as Block[],
    }),
    message_received: (p: MessageReceivedParams) => ({
      subject: `[${p.reference}] Message reçu : ${p.subject}`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `Nous avons bien reçu votre message à la boîte des inscriptions. Votre numéro de référence : ${p.reference}.` },
        { p: `Nous vous répondrons au plus tard ${p.dueAt}.` },
        { small: 'Pour ajouter des précisions, répondez à ce courriel ou écrivez-nous depuis votre compte en gardant le numéro de référence.' },
      ] as Block[],
    }),
    staff_reply: (p: StaffReplyParams) => ({
      subject: `[${p.reference}] Re : ${p.subject}`,
      greeting: p.firstName ? `${p.firstName},` : 'Bonjour,',
      blocks: [{ text: p.body }, { small: `Pour nous répondre, répondez simplement à ce courriel : le numéro de référence ${p.reference} nous permet de retrouver votre demande.` }] as Block[],
    }),
    dossier_request_info_needed: (p: DossierRequestInfoNeededParams) => ({
      subject: `Renseignements demandés pour votre demande (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `Pour traiter votre demande de numéro de dossier ${p.reference}, nous avons besoin d’un renseignement de plus :` },
        { text: p.question },
        { p: `Répondez à ce courriel en indiquant la référence ${p.reference}. Votre demande sera traitée dès que nous aurons votre réponse.` },
      ] as Block[],
    }),
    dossier_request_rejected: (p: DossierRequestRejectedParams) => ({
      subject: `Votre demande de numéro de dossier (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `Nous ne pouvons pas donner suite à votre demande de numéro de dossier ${p.reference}. Motif : ${p.reason}.` },
        ...(p.details ? [{ text: p.details }] : []),
        { small: 'Pour toute question, écrivez-nous à la boîte des inscriptions en indiquant votre référence.' },
      ] as Block[],
    }),
    dossier_linked: (p: DossierLinkedParams) => ({
      subject: 'Un compte a été lié à votre dossier',
      greeting: p.firstName ? `${p.firstName},` : 'Bonjour,',
      blocks: [
        { p: `Un compte a été lié à votre dossier familial le ${p.linkedAt}, au nom de ${p.accountName}. Ce compte voit désormais les membres de votre famille et pourra les inscrire aux activités.` },
        { p: `Si ce n'est pas vous ni une personne de votre famille, écrivez-nous sans tarder à la boîte des inscriptions${p.mailboxAddress ? ` (${p.mailboxAddress})` : ''} : nous retirerons ce lien.` },
        { button: 'Écrire à la boîte des inscriptions', href: p.portalUrl },
        { small: 'Vous recevez ce courriel parce que votre adresse figure au dossier de votre famille.' },
      ] as Block[],
    }),
    morning_digest: (p: MorningDigestParams) => ({
      subject: `Tableau de bord du matin du ${p.date}`,
      greeting: `${p.name},`,
      blocks: [
        { p: 'Voici les files d’attente ce matin, sur le calendrier des jours ouvrables de la Ville.' },
        { p: `Demandes de numéro de dossier — à traiter : ${p.requests.open} ; en retard : ${p.requests.overdue} ; à échéance dans les 8 prochaines heures ouvrables : ${p.requests.dueSoon}.` },
        { p: `Boîte des inscriptions — conversations en attente d’une réponse : ${p.threads.open} ; en retard : ${p.threads.overdue} ; à échéance dans les 8 prochaines heures ouvrables : ${p.threads.dueSoon}.` },
        { button: 'Ouvrir le panneau', href: p.panelUrl },
        { small: 'Vous recevez ce courriel chaque jour ouvrable à titre de superviseur·e.' },
      ] as Block[],
    }),
  },
  en: {
    footer: (ctx: EmailContext) => `© ${ctx.year}, ${ctx.cityName}. All rights reserved.`,
    verify_email: (p: { firstName: string; link: string }) => ({
      subject: 'Confirm your email address',
      greeting: `${p.firstName},`,
      blocks: [
        {
          p: 'You have entered the minimum information to create your account. To finish, you must confirm your email address and complete the other required information.',
        },
        { button: 'Confirm my email address', href: p.link },
        { link: p.link, label: 'Link to confirm your email address and complete your information:' },
        { p: 'This link is valid for 24 hours and can be used only once.' },
        {
          small:
            'If you did not ask for this, you can ignore this email. The account will not be created until you confirm your email address.',
        },
      ] as Block[],
    }),
    account_exists: (p: { firstName: string; loginUrl: string; forgotUrl: string }) => ({
      subject: 'You already have an account',
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'Someone tried to create an account with your email address. You already have an account: log in with this address.' },
        { button: 'Log in', href: p.loginUrl },
        { link: p.forgotUrl, label: 'Forgot your password? Ask for a new one:' },
        { small: 'If you did not ask for this, you can ignore this email. Your account has not been changed.' },
      ] as Block[],
    }),
    password_reset: (p: { firstName: string; link: string }) => ({
      subject: 'Reset your password',
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'You asked to reset the password of your account.' },
        { button: 'Choose a new password', href: p.link },
        { link: p.link, label: 'Link to choose a new password:' },
        { p: 'This link is valid for 1 hour and can be used only once.' },
        { small: 'If you did not ask for this, you can ignore this email. Your password will not be changed.' },
      ] as Block[],
    }),
    password_changed: (p: { firstName: string }) => ({
      subject: 'Your password was changed',
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'The password of your account has just been changed. All your sessions have been closed.' },
        { small: 'If you did not make this change, contact the recreation department right away.' },
      ] as Block[],
    }),
    dossier_request_received: (p: DossierRequestReceivedParams) => ({
      subject: `Dossier number request received (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `We have received your dossier number request. Your reference number: ${p.reference}.` },
        p.nextPeriod ? { p: endSentence(`The next registration period: ${p.nextPeriod}`) } : { p: 'No registration period has been announced yet.' },
        ...(p.late
          ? [{ p: 'Your request reaches us less than 72 hours before registration opens: you might not receive your dossier number in time to register.' }]
          : [{ p: 'You will receive your dossier numbers by email as soon as your request is processed.' }]),
        { small: 'If you did not make this request, write to the registrations mailbox.' },
      ] as Block[],
    }),
    dossier_numbers: (p: DossierNumbersParams) => ({
      subject: `Your dossier numbers (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'Your request has been approved. Here are the dossier numbers of your family (one per member):' },
        ...p.persons.map((person) => ({ p: `${person.name}: ${person.dossierNumber}` })),
        { p: 'Create your user account, then choose "I have a dossier number" and link your dossier with your number and your date of birth.' },
        { button: 'Online registration platform', href: p.portalUrl },
      ] as Block[],
    }),
    message_received: (p: MessageReceivedParams) => ({
      subject: `[${p.reference}] Message received: ${p.subject}`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `We have received your message to the registrations mailbox. Your reference number: ${p.reference}.` },
        { p: endSentence(`We will answer ${p.dueAt.startsWith('by ') ? p.dueAt : `by ${p.dueAt}`}`) },
        { small: 'To add details, reply to this email or write to us from your account, keeping the reference number.' },
      ] as Block[],
    }),
    staff_reply: (p: StaffReplyParams) => ({
      subject: `[${p.reference}] Re: ${p.subject}`,
      greeting: p.firstName ? `${p.firstName},` : 'Hello,',
      blocks: [{ text: p.body }, { small: `To answer, simply reply to this email: the reference number ${p.reference} lets us find your request.` }] as Block[],
    }),
    dossier_request_info_needed: (p: DossierRequestInfoNeededParams) => ({
      subject: `Information needed for your request (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `To process your dossier number request ${p.reference}, we need one more piece of information:` },
        { text: p.question },
        { p: `Reply to this email with the reference ${p.reference}. Your request will be processed as soon as we have your answer.` },
      ] as Block[],
    }),
    dossier_request_rejected: (p: DossierRequestRejectedParams) => ({
      subject: `Your dossier number request (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `We cannot follow up on your dossier number request ${p.reference}. Reason: ${p.reason}.` },
        ...(p.details ? [{ text: p.details }] : []),
        { small: 'If you have any question, write to the registrations mailbox with your reference.' },
      ] as Block[],
    }),
    dossier_linked: (p: DossierLinkedParams) => ({
      subject: 'An account was linked to your dossier',
      greeting: p.firstName ? `${p.firstName},` : 'Hello,',
      blocks: [
        { p: `An account was linked to your family dossier on ${p.linkedAt}, in the name of ${p.accountName}. This account now sees your family members and will be able to register them for activities.` },
        { p: `If this was not you or someone in your family, write to the registrations mailbox right away${p.mailboxAddress ? ` (${p.mailboxAddress})` : ''}: we will remove the link.` },
        { button: 'Write to the registrations mailbox', href: p.portalUrl },
        { small: 'You receive this email because your address is on your family’s dossier.' },
      ] as Block[],
    }),
    morning_digest: (p: MorningDigestParams) => ({
      subject: `Morning dashboard for ${p.date}`,
      greeting: `${p.name},`,
      blocks: [
        { p: "Here are the queues this morning, on the City's business-day calendar." },
        { p: `Dossier number requests — to process: ${p.requests.open}; overdue: ${p.requests.overdue}; due within the next 8 business hours: ${p.requests.dueSoon}.` },
        { p: `Registrations mailbox — conversations waiting for an answer: ${p.threads.open}; overdue: ${p.threads.overdue}; due within the next 8 business hours: ${p.threads.dueSoon}.` },
        { button: 'Open the panel', href: p.panelUrl },
        { small: 'You receive this email every business day as a supervisor.' },
      ] as Block[],
    }),
  },
} as const;

export function renderEmail(email: EmailTemplate, locale: Locale, ctx: EmailContext): RenderedEmail {
  const copy = COPY[locale];
  const { subject, greeting, blocks } = (copy[email.template] as (p: unknown) => { subject: string; greeting: string; blocks: Block[] })(
    email.params,
  );
  const footer = copy.footer(ctx);
  return {
    subject: `${subject} — ${ctx.cityName}`,
    text: renderText(locale, greeting, blocks, footer),
    html: renderHtml(ctx, locale, greeting, blocks, footer),
  };
}
