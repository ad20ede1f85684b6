import type { Locale } from '../common/locale.js';
import { portalPage, threadPage } from './portal-pages.js';
import { hoursWords, moneyWords, namesWords, scheduleWords, type ScheduleFacts } from './registration-words.js';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface EmailContext {
  cityName: string;
  year: number;
  /** The residents' portal (PORTAL_URL), where the emails' links lead. */
  portalUrl: string;
  /** The recreation department's contact, in every email's footer. */
  contact: { email: string; phone: string; officeHours: Record<Locale, string> };
  /** The inscriptions mailbox's address, when one is known: the emails name it, and replies go there. */
  mailboxAddress: string | null;
}

export type EmailTemplate =
  | { template: 'verify_email'; params: { firstName: string; link: string } }
  | { template: 'account_exists'; params: { firstName: string } }
  | { template: 'password_reset'; params: { firstName: string; link: string } }
  | { template: 'password_changed'; params: { firstName: string } }
  | { template: 'dossier_request_received'; params: DossierRequestReceivedParams }
  | { template: 'dossier_numbers'; params: DossierNumbersParams }
  | { template: 'message_received'; params: MessageReceivedParams }
  | { template: 'staff_reply'; params: StaffReplyParams }
  | { template: 'dossier_request_info_needed'; params: DossierRequestInfoNeededParams }
  | { template: 'dossier_request_rejected'; params: DossierRequestRejectedParams }
  | { template: 'morning_digest'; params: MorningDigestParams }
  | { template: 'dossier_linked'; params: DossierLinkedParams }
  | { template: 'registration_confirmed'; params: RegistrationConfirmedParams }
  | { template: 'registration_cancelled'; params: RegistrationCancelledParams }
  | { template: 'waitlist_joined'; params: WaitlistJoinedParams }
  | { template: 'waitlist_offer'; params: WaitlistOfferParams }
  | { template: 'waitlist_offer_reminder'; params: WaitlistOfferParams }
  | { template: 'waitlist_offer_lapsed'; params: WaitlistOfferLapsedParams };

/** What a registration email says about one offering (R1): what, who, when, where, how much. */
export interface OfferingFacts {
  /** « Natation — Étoile de mer » */
  activity: string;
  /** « Samedi 9 h » */
  group: string;
  site: string;
  schedule: ScheduleFacts;
  /** The persons' full names. */
  persons: string[];
  /** Cents, for all the persons. */
  amount: number;
}

/** A checkout or an accepted offer: the account's first name and every offering it registered to, in one email. */
export interface RegistrationConfirmedParams {
  firstName: string;
  registrations: OfferingFacts[];
}

export interface RegistrationCancelledParams {
  firstName: string;
  registration: OfferingFacts;
}

export interface WaitlistJoinedParams {
  firstName: string;
  entry: OfferingFacts;
  /** 1 first, among the entries waiting or offered. */
  position: number;
  /** WAITLIST_OFFER_HOURS: how long an offer will wait for an answer. */
  offerHours: number;
}

export interface WaitlistOfferParams {
  firstName: string;
  entry: OfferingFacts;
  /** « le lundi 14 décembre 2026 à 14 h 37 » / "Monday, December 14, 2026 at 2:37 p.m.", in the city's time zone. */
  deadline: string;
}

export interface WaitlistOfferLapsedParams {
  firstName: string;
  entry: OfferingFacts;
}

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
  /** Kept in the outbox's rows; the clerk's text greets the resident itself (see replyGreeting). */
  firstName: string | null;
  reference: string;
  subject: string;
  /** The clerk's text, plain, line breaks kept (escaped in the HTML part). */
  body: string;
  /** The thread, when it belongs to an account: its page in « Mes messages ». */
  threadId: number | null;
}

export interface MessageReceivedParams {
  firstName: string;
  reference: string;
  subject: string;
  /** « le mercredi 2 décembre 2026 à 15 h » / "Wednesday, December 2, 2026 at 3 p.m." */
  dueAt: string;
  /** The thread, when it belongs to an account: its page in « Mes messages ». */
  threadId: number | null;
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
  /** The request came from an account, which links the dossier; otherwise the applicant creates one first. */
  hasAccount: boolean;
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

export type TemplateName = EmailTemplate['template'];

/**
 * The emails that invite the resident to write back: they go out with `Reply-To:` the inscriptions
 * mailbox's address when one is known (the outbox dispatcher reads this set), and say « répondez à
 * ce courriel » only then. The others' replies would reach the sender's address (MAIL_FROM).
 */
export const INVITES_REPLY: ReadonlySet<TemplateName> = new Set<TemplateName>([
  'message_received',
  'staff_reply',
  'dossier_request_info_needed',
  'dossier_request_rejected',
  'dossier_request_received',
  'dossier_linked',
]);

/** The `Reply-To` address of an email of this template, if any. */
export function replyToOf(template: string, mailboxAddress: string | null): string | undefined {
  return mailboxAddress && INVITES_REPLY.has(template as TemplateName) ? mailboxAddress : undefined;
}

/**
 * Email building blocks; each renders to plain text and to HTML. `link` shows its address,
 * `button` and `anchor` hide it behind their words in the HTML part (the text part gives it).
 */
type Block =
  | { p: string }
  | { button: string; href: string }
  | { anchor: string; href: string }
  | { link: string; label: string }
  | { small: string }
  | { text: string }
  | { facts: string; rows: Array<[string, string]> };

/** What introduces a list or a link: « : » after a space in French, a bare colon in English. */
const COLON: Record<Locale, string> = { fr: ' :', en: ':' };

/** A sentence ending with its text's own period (« 7:00 p.m. ») or with one added. */
function endSentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The footer: the recreation department's contact, then the copyright. */
interface Footer {
  contact: string[];
  copyright: string;
}

function renderText(lang: Locale, greeting: string | null, blocks: Block[], footer: Footer): string {
  const lines = greeting === null ? [] : [greeting, ''];
  for (const block of blocks) {
    if ('p' in block) lines.push(block.p, '');
    else if ('text' in block) lines.push(block.text, '');
    else if ('button' in block) lines.push(`${block.button}${COLON[lang]}`, block.href, '');
    else if ('anchor' in block) lines.push(`${block.anchor}${COLON[lang]}`, block.href, '');
    else if ('link' in block) lines.push(block.label, block.link, '');
    else if ('facts' in block) lines.push(block.facts, ...block.rows.map(([label, value]) => `- ${label}${COLON[lang]} ${value}`), '');
    else lines.push(block.small, '');
  }
  lines.push('--', footer.contact.join(' — '), footer.copyright);
  return lines.join('\n');
}

const LINK_STYLE = 'color:#00529b';

/**
 * Text for the HTML part, escaped; in French, with the non-breaking spaces of its typography (inside
 * « », before : ; ? !, in « 8 h 30 »), so that a line never starts with « : » or ends with « «.
 */
function htmlText(lang: Locale, value: string): string {
  const escaped = escapeHtml(value);
  if (lang !== 'fr') return escaped;
  return escaped
    .replace(/« /g, '«&nbsp;')
    .replace(/ (»|:|;|\?|!)/g, '&nbsp;$1')
    .replace(/(\d) h (?=\d)/g, '$1&nbsp;h&nbsp;')
    .replace(/(\d) h\b/g, '$1&nbsp;h')
    .replace(/(\d) \$/g, '$1&nbsp;$$');
}

function renderHtml(ctx: EmailContext, lang: Locale, greeting: string | null, blocks: Block[], footer: Footer): string {
  const body = blocks
    .map((block) => {
      if ('p' in block) return `<p style="margin:0 0 16px">${htmlText(lang, block.p)}</p>`;
      if ('text' in block) return `<div style="margin:0 0 16px;white-space:pre-wrap">${htmlText(lang, block.text)}</div>`;
      if ('button' in block) {
        return `<p style="margin:24px 0"><a href="${escapeHtml(block.href)}" style="background:#00529b;color:#ffffff;padding:12px 20px;border-radius:4px;text-decoration:none;font-weight:bold;display:inline-block">${htmlText(lang, block.button)}</a></p>`;
      }
      if ('anchor' in block) return `<p style="margin:0 0 16px"><a href="${escapeHtml(block.href)}" style="${LINK_STYLE};font-weight:bold">${htmlText(lang, block.anchor)}</a></p>`;
      if ('link' in block) {
        return `<p style="margin:0 0 16px">${htmlText(lang, block.label)}<br><a href="${escapeHtml(block.link)}" style="word-break:break-all">${escapeHtml(block.link)}</a></p>`;
      }
      if ('facts' in block) {
        const rows = block.rows
          .map(([label, value]) => `<tr><td style="padding:2px 12px 2px 0;color:#555;vertical-align:top;white-space:nowrap">${htmlText(lang, label)}</td><td style="padding:2px 0">${htmlText(lang, value)}</td></tr>`)
          .join('');
        return `<div style="margin:0 0 16px;padding:12px 16px;border-left:4px solid #00529b;background:#f2f6fa"><p style="margin:0 0 8px;font-weight:bold">${htmlText(lang, block.facts)}</p><table role="presentation" style="border-collapse:collapse;font-size:14px">${rows}</table></div>`;
      }
      return `<p style="margin:0 0 16px;color:#555;font-size:13px">${htmlText(lang, block.small)}</p>`;
    })
    .join('\n');
  const [department, email, phone, hours] = footer.contact;
  const contact = [
    htmlText(lang, department),
    `<a href="${escapeHtml(`mailto:${email}`)}" style="${LINK_STYLE}">${escapeHtml(email)}</a>`,
    escapeHtml(phone).replace(/ /g, '&nbsp;'),
    htmlText(lang, hours),
  ].join(' — ');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(ctx.cityName)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#222">
<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:6px">
<p style="font-size:18px;font-weight:bold;color:#00529b;margin:0 0 24px">${escapeHtml(ctx.cityName)}</p>
${greeting === null ? '' : `<p style="margin:0 0 16px">${htmlText(lang, greeting)}</p>\n`}${body}
<p style="margin:32px 0 0;padding-top:16px;border-top:1px solid #dddddd;color:#555;font-size:12px">${contact}</p>
<p style="margin:8px 0 0;color:#777;font-size:12px">${escapeHtml(footer.copyright)}</p>
</div></body></html>`;
}

/**
 * How a clerk's reply starts (« Bonjour Marie, »), written into the reply form for the clerk to keep
 * or change. The reply is the clerk's letter, greeting included, as the resident reads it in « Mes
 * messages »: the email adds no greeting of its own above it. (It once added « Marie, » above a text
 * that began « Bonjour Marie, », and guessing whether a text greets missed « Bon matin Marie, ».)
 */
export function replyGreeting(firstName: string | null, locale: Locale): string {
  const hello = locale === 'en' ? 'Hello' : 'Bonjour';
  return firstName ? `${hello} ${firstName},` : `${hello},`;
}

const PAGES = {
  fr: {
    signUp: '« Créer un compte »',
    login: '« Connexion »',
    hasNumber: "« J'ai un numéro de dossier »",
    link: '« Lier mon dossier »',
    messages: '« Mes messages »',
    registrations: '« Mes inscriptions »',
    activities: '« Activités »',
  },
  en: {
    signUp: '"Create an account"',
    login: '"Log in"',
    hasNumber: '"I have a dossier number"',
    link: '"Link my dossier"',
    messages: '"My messages"',
    registrations: '"My registrations"',
    activities: '"Activities"',
  },
} as const;

const FACT_LABELS = {
  fr: { group: 'Groupe', persons: 'Pour', schedule: 'Horaire', site: 'Lieu', amount: 'Montant' },
  en: { group: 'Group', persons: 'For', schedule: 'Schedule', site: 'Location', amount: 'Amount' },
} as const;

/** One offering as a box: the activity, then its group, who, when, where and the amount. */
function offeringFacts(lang: Locale, facts: OfferingFacts): Block {
  const label = FACT_LABELS[lang];
  return {
    facts: facts.activity,
    rows: [
      [label.group, facts.group],
      [label.persons, namesWords(facts.persons, lang)],
      [label.schedule, scheduleWords(facts.schedule, lang)],
      [label.site, facts.site],
      [label.amount, moneyWords(facts.amount, lang)],
    ],
  };
}

/** « Voir mes inscriptions », to « Mes inscriptions » (registrations and the waitlist). */
function myRegistrations(lang: Locale, ctx: EmailContext, words?: string): Block {
  return { button: words ?? (lang === 'fr' ? 'Voir mes inscriptions' : 'View my registrations'), href: portalPage(ctx.portalUrl, 'registrations') };
}

/** How an offer and its reminder end: what the deadline means, « Mes inscriptions », how to decline (one seat or several). */
function offerEnd(lang: Locale, ctx: EmailContext, one: boolean): Block[] {
  if (lang === 'fr') {
    return [
      { p: `Passé ce délai, ${one ? 'la place ne vous sera plus réservée' : 'les places ne vous seront plus réservées'} et votre demande sera retirée de la liste d'attente.` },
      myRegistrations('fr', ctx, "Répondre à l'offre"),
      { small: `Si vous ne souhaitez plus ${one ? 'cette place, refusez-la' : 'ces places, refusez-les'} dans ${PAGES.fr.registrations} : ${one ? 'elle sera aussitôt libérée' : 'elles seront aussitôt libérées'} pour une autre famille.` },
    ];
  }
  return [
    { p: `After that, ${one ? 'the spot' : 'the spots'} will no longer be held for you and your request will be removed from the waiting list.` },
    myRegistrations('en', ctx, 'Respond to the offer'),
    { small: `If you no longer want ${one ? 'this spot, decline it' : 'these spots, decline them'} in ${PAGES.en.registrations}: ${one ? 'it' : 'they'} will be freed right away for another family.` },
  ];
}

/** « au plus tard le lundi 14 décembre 2026 à 14 h 37 » / "by Monday, December 14, 2026 at 2:37 p.m." */
function byDeadline(lang: Locale, deadline: string): string {
  if (lang === 'fr') return `au plus tard ${deadline}`;
  return deadline.startsWith('by ') ? deadline : `by ${deadline}`;
}

/** The way to the inscriptions mailbox: its address when known, else the department's contact in the footer. */
function writeToUs(lang: Locale, ctx: EmailContext): string {
  if (lang === 'fr') {
    return ctx.mailboxAddress ? `écrivez-nous à la boîte des inscriptions (${ctx.mailboxAddress})` : 'communiquez avec le Service des loisirs (coordonnées au bas de ce courriel)';
  }
  return ctx.mailboxAddress ? `write to the registrations mailbox (${ctx.mailboxAddress})` : 'contact the Recreation Department (details at the bottom of this email)';
}

/**
 * How to write back about a thread: a reply reaches the mailbox only when its address is known
 * (Reply-To); a thread of an account has its page in « Mes messages ».
 */
function writeBack(lang: Locale, ctx: EmailContext, threadId: number | null): string {
  const reply = lang === 'fr' ? 'répondez à ce courriel' : 'reply to this email';
  const page = lang === 'fr' ? `écrivez-nous depuis la page ${PAGES.fr.messages} de votre compte` : `write to us from the ${PAGES.en.messages} page of your account`;
  if (ctx.mailboxAddress) return threadId === null ? reply : `${reply} ${lang === 'fr' ? 'ou' : 'or'} ${page}`;
  return threadId === null ? writeToUs(lang, ctx) : page;
}

/** « Voir la conversation », to the thread's page, for a thread of an account. */
function conversation(lang: Locale, ctx: EmailContext, threadId: number | null): Block[] {
  return threadId === null ? [] : [{ anchor: lang === 'fr' ? 'Voir la conversation' : 'View the conversation', href: threadPage(ctx.portalUrl, threadId) }];
}

interface Copy {
  subject: string;
  /** null: the body greets the resident itself (a clerk's reply). */
  greeting: string | null;
  blocks: Block[];
}

type Copies = { footer: (ctx: EmailContext) => Footer } & { [T in TemplateName]: (p: Extract<EmailTemplate, { template: T }>['params'], ctx: EmailContext) => Copy };

const COPY: Record<Locale, Copies> = {
  fr: {
    footer: (ctx) => ({
      contact: ['Service des loisirs', ctx.contact.email, ctx.contact.phone, ctx.contact.officeHours.fr],
      copyright: `© ${ctx.year}, ${ctx.cityName}. Tous droits réservés.`,
    }),
    verify_email: (p) => ({
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
      ],
    }),
    account_exists: (p, ctx) => ({
      subject: 'Vous avez déjà un compte',
      greeting: `${p.firstName},`,
      blocks: [
        { p: `Quelqu’un a tenté de créer un compte avec votre adresse courriel. Vous avez déjà un compte utilisateur : connectez-vous (${PAGES.fr.login}) avec cette adresse.` },
        { button: 'Me connecter', href: portalPage(ctx.portalUrl, 'login') },
        { link: portalPage(ctx.portalUrl, 'forgotPassword'), label: 'Mot de passe oublié ? Demandez un nouveau mot de passe :' },
        { small: "Si vous n'avez pas demandé cela, vous pouvez ignorer ce courriel. Votre compte n'a pas été modifié." },
      ],
    }),
    password_reset: (p) => ({
      subject: 'Réinitialisation de votre mot de passe',
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'Vous avez demandé à réinitialiser le mot de passe de votre compte utilisateur.' },
        { button: 'Choisir un nouveau mot de passe', href: p.link },
        { link: p.link, label: 'Lien pour choisir un nouveau mot de passe :' },
        { p: "Ce lien est valide pour 1 heure et ne peut être utilisé qu'une seule fois." },
        { small: "Si vous n'avez pas demandé cela, vous pouvez ignorer ce courriel. Votre mot de passe ne sera pas modifié." },
      ],
    }),
    password_changed: (p) => ({
      subject: 'Votre mot de passe a été modifié',
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'Le mot de passe de votre compte utilisateur vient d’être modifié. Toutes vos sessions ont été fermées.' },
        { small: "Si vous n'êtes pas à l'origine de ce changement, communiquez sans tarder avec le Service des loisirs (coordonnées au bas de ce courriel)." },
      ],
    }),
    dossier_request_received: (p, ctx) => ({
      subject: `Demande de numéro de dossier reçue (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `Nous avons bien reçu votre demande de numéro de dossier. Votre numéro de référence : ${p.reference}.` },
        p.nextPeriod
          ? { p: endSentence(`La prochaine période d'inscription : ${p.nextPeriod}`) }
          : { p: "Aucune période d'inscription n'est annoncée pour le moment." },
        p.late
          ? { p: "Votre demande nous parvient moins de 72 heures avant la période des inscriptions : vous pourriez ne pas recevoir votre numéro de dossier à temps pour l'inscription." }
          : { p: 'Vous recevrez vos numéros de dossier par courriel dès que votre demande sera traitée.' },
        { small: `Si vous n'avez pas fait cette demande, ${writeToUs('fr', ctx)}.` },
      ],
    }),
    dossier_numbers: (p, ctx) => ({
      subject: `Vos numéros de dossier (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'Votre demande a été acceptée. Voici les numéros de dossier de votre famille (un par membre) :' },
        ...p.persons.map((person) => ({ p: `${person.name} : ${person.dossierNumber}` })),
        ...(p.hasAccount
          ? [
              { p: `Connectez-vous à votre compte (${PAGES.fr.login}), choisissez ${PAGES.fr.hasNumber} et liez votre dossier (${PAGES.fr.link}) avec votre numéro et votre date de naissance.` },
              { button: 'Lier mon dossier', href: portalPage(ctx.portalUrl, 'link') },
            ]
          : [
              { p: `Créez votre compte (${PAGES.fr.signUp}), puis à votre première connexion choisissez ${PAGES.fr.hasNumber} et liez votre dossier (${PAGES.fr.link}) avec votre numéro et votre date de naissance.` },
              { button: 'Créer un compte', href: portalPage(ctx.portalUrl, 'signup') },
              { link: portalPage(ctx.portalUrl, 'login'), label: `Vous avez déjà un compte ? Connectez-vous (${PAGES.fr.login}) et choisissez ${PAGES.fr.hasNumber} :` },
            ]),
      ],
    }),
    message_received: (p, ctx) => ({
      subject: `[${p.reference}] Message reçu : ${p.subject}`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `Nous avons bien reçu votre message à la boîte des inscriptions. Votre numéro de référence : ${p.reference}.` },
        { p: `Nous vous répondrons au plus tard ${p.dueAt}.` },
        ...conversation('fr', ctx, p.threadId),
        { small: `Pour ajouter des précisions, ${writeBack('fr', ctx, p.threadId)} en gardant le numéro de référence.` },
      ],
    }),
    staff_reply: (p, ctx) => ({
      subject: `[${p.reference}] Re : ${p.subject}`,
      greeting: null,
      blocks: [
        { text: p.body },
        ...conversation('fr', ctx, p.threadId),
        { small: `Pour nous répondre, ${writeBack('fr', ctx, p.threadId)} : le numéro de référence ${p.reference} nous permet de retrouver votre demande.` },
      ],
    }),
    dossier_request_info_needed: (p, ctx) => ({
      subject: `Renseignements demandés pour votre demande (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `Pour traiter votre demande de numéro de dossier ${p.reference}, nous avons besoin d’un renseignement de plus :` },
        { text: p.question },
        { p: `${capitalize(ctx.mailboxAddress ? 'répondez à ce courriel' : writeToUs('fr', ctx))} en indiquant la référence ${p.reference}. Votre demande sera traitée dès que nous aurons votre réponse.` },
      ],
    }),
    dossier_request_rejected: (p, ctx) => ({
      subject: `Votre demande de numéro de dossier (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `Nous ne pouvons pas donner suite à votre demande de numéro de dossier ${p.reference}. Motif : ${p.reason}.` },
        ...(p.details ? [{ text: p.details }] : []),
        { small: `Pour toute question, ${writeToUs('fr', ctx)} en indiquant votre référence.` },
      ],
    }),
    dossier_linked: (p, ctx) => ({
      subject: 'Un compte a été lié à votre dossier',
      greeting: p.firstName ? `${p.firstName},` : 'Bonjour,',
      blocks: [
        { p: `Un compte a été lié à votre dossier familial le ${p.linkedAt}, au nom de ${p.accountName}. Ce compte voit désormais les membres de votre famille et pourra les inscrire aux activités.` },
        { p: `Si ce n'est pas vous ni une personne de votre famille, ${writeToUs('fr', ctx)} sans tarder : nous retirerons ce lien.` },
        { button: 'Écrire à la boîte des inscriptions', href: portalPage(ctx.portalUrl, 'newMessage') },
        { small: 'Vous recevez ce courriel parce que votre adresse figure au dossier de votre famille.' },
      ],
    }),
    registration_confirmed: (p, ctx) => {
      const one = p.registrations.length === 1;
      const total = p.registrations.reduce((sum, r) => sum + r.amount, 0);
      return {
        subject: one ? `Inscription confirmée : ${p.registrations[0].activity}` : 'Vos inscriptions sont confirmées',
        greeting: `${p.firstName},`,
        blocks: [
          { p: one ? 'Votre inscription est confirmée. En voici le détail :' : 'Vos inscriptions sont confirmées. En voici le détail :' },
          ...p.registrations.map((r) => offeringFacts('fr', r)),
          ...(one ? [] : [{ p: `Montant total de vos inscriptions : ${moneyWords(total, 'fr')}.` }]),
          { p: `Vous pouvez consulter vos inscriptions en tout temps dans la page ${PAGES.fr.registrations} de votre compte.` },
          myRegistrations('fr', ctx),
          { small: `Pour annuler une inscription, rendez-vous dans ${PAGES.fr.registrations} avant le début de l'activité.` },
        ],
      };
    },
    registration_cancelled: (p, ctx) => ({
      subject: `Inscription annulée : ${p.registration.activity}`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: "Nous confirmons l'annulation de l'inscription suivante :" },
        offeringFacts('fr', p.registration),
        { p: 'Les remboursements sont traités par le Service des loisirs : pour toute question à ce sujet, communiquez avec nous (coordonnées au bas de ce courriel).' },
        myRegistrations('fr', ctx),
        { small: "Si vous n'avez pas demandé cette annulation, communiquez sans tarder avec le Service des loisirs." },
      ],
    }),
    waitlist_joined: (p, ctx) => ({
      subject: `Liste d'attente : ${p.entry.activity} (position ${p.position})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: "Votre demande a bien été ajoutée à la liste d'attente du groupe suivant :" },
        offeringFacts('fr', p.entry),
        { p: `Votre position sur la liste d'attente : ${p.position}.` },
        {
          p: `${p.entry.persons.length === 1 ? "Dès qu'une place se libérera et que votre tour sera venu, nous vous l'offrirons" : "Dès qu'il y aura assez de places pour toutes les personnes de votre demande et que votre tour sera venu, nous vous les offrirons"} par courriel : vous aurez alors ${hoursWords(p.offerHours, 'fr')} pour accepter dans ${PAGES.fr.registrations}.`,
        },
        myRegistrations('fr', ctx),
        { small: `Vous pouvez suivre votre position ou quitter la liste d'attente en tout temps dans ${PAGES.fr.registrations}.` },
      ],
    }),
    waitlist_offer: (p, ctx) => {
      const one = p.entry.persons.length === 1;
      return {
        subject: `${one ? 'Une place vous est offerte' : 'Des places vous sont offertes'} : ${p.entry.activity}`,
        greeting: `${p.firstName},`,
        blocks: [
          { p: one ? "Bonne nouvelle : une place s'est libérée et elle vous est réservée." : 'Bonne nouvelle : des places se sont libérées et elles vous sont réservées.' },
          offeringFacts('fr', p.entry),
          { p: `Pour confirmer l'inscription, acceptez ${one ? 'la place' : 'les places'} dans ${PAGES.fr.registrations} ${byDeadline('fr', p.deadline)}.` },
          ...offerEnd('fr', ctx, one),
        ],
      };
    },
    waitlist_offer_reminder: (p, ctx) => {
      const one = p.entry.persons.length === 1;
      return {
        subject: `Rappel : ${one ? 'une place vous est réservée' : 'des places vous sont réservées'} (${p.entry.activity})`,
        greeting: `${p.firstName},`,
        blocks: [
          {
            p: one
              ? `La place qui vous a été offerte vous est encore réservée, mais plus pour longtemps : acceptez-la dans ${PAGES.fr.registrations} ${byDeadline('fr', p.deadline)}.`
              : `Les places qui vous ont été offertes vous sont encore réservées, mais plus pour longtemps : acceptez-les dans ${PAGES.fr.registrations} ${byDeadline('fr', p.deadline)}.`,
          },
          offeringFacts('fr', p.entry),
          ...offerEnd('fr', ctx, one),
        ],
      };
    },
    waitlist_offer_lapsed: (p, ctx) => {
      const one = p.entry.persons.length === 1;
      return {
        subject: `Offre de place expirée : ${p.entry.activity}`,
        greeting: `${p.firstName},`,
        blocks: [
          {
            p: `Le délai pour accepter ${one ? 'la place qui vous était offerte' : 'les places qui vous étaient offertes'} est maintenant passé. Nous sommes désolés : ${one ? 'cette place ne vous est plus réservée' : 'ces places ne vous sont plus réservées'} et votre demande a été retirée de la liste d'attente du groupe suivant :`,
          },
          offeringFacts('fr', p.entry),
          {
            p: `Si vous souhaitez toujours participer à cette activité, vous pouvez vous inscrire de nouveau depuis la page ${PAGES.fr.activities} : sur la liste d'attente si le groupe est complet (votre demande sera alors ajoutée à la fin de la liste), ou directement s'il reste des places.`,
          },
          { button: 'Voir les activités', href: portalPage(ctx.portalUrl, 'activities') },
          { small: 'Pour toute question, communiquez avec le Service des loisirs (coordonnées au bas de ce courriel).' },
        ],
      };
    },
    morning_digest: (p) => ({
      subject: `Tableau de bord du matin du ${p.date}`,
      greeting: `${p.name},`,
      blocks: [
        { p: 'Voici les files d’attente ce matin, sur le calendrier des jours ouvrables de la Ville.' },
        { p: `Demandes de numéro de dossier — à traiter : ${p.requests.open} ; hors délai (72 h ouvrables) : ${p.requests.overdue} ; à échéance dans les 8 prochaines heures ouvrables : ${p.requests.dueSoon}.` },
        { p: `Boîte des inscriptions — conversations en attente d’une réponse : ${p.threads.open} ; hors délai (72 h ouvrables) : ${p.threads.overdue} ; à échéance dans les 8 prochaines heures ouvrables : ${p.threads.dueSoon}.` },
        { button: 'Ouvrir le panneau', href: p.panelUrl },
        { small: 'Vous recevez ce courriel chaque jour ouvrable à titre de superviseur ou superviseure.' },
      ],
    }),
  },
  en: {
    footer: (ctx) => ({
      contact: ['Recreation Department', ctx.contact.email, ctx.contact.phone, ctx.contact.officeHours.en],
      copyright: `© ${ctx.year}, ${ctx.cityName}. All rights reserved.`,
    }),
    verify_email: (p) => ({
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
      ],
    }),
    account_exists: (p, ctx) => ({
      subject: 'You already have an account',
      greeting: `${p.firstName},`,
      blocks: [
        { p: `Someone tried to create an account with your email address. You already have an account: log in (${PAGES.en.login}) with this address.` },
        { button: 'Log in', href: portalPage(ctx.portalUrl, 'login') },
        { link: portalPage(ctx.portalUrl, 'forgotPassword'), label: 'Forgot your password? Ask for a new one:' },
        { small: 'If you did not ask for this, you can ignore this email. Your account has not been changed.' },
      ],
    }),
    password_reset: (p) => ({
      subject: 'Reset your password',
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'You asked to reset the password of your account.' },
        { button: 'Choose a new password', href: p.link },
        { link: p.link, label: 'Link to choose a new password:' },
        { p: 'This link is valid for 1 hour and can be used only once.' },
        { small: 'If you did not ask for this, you can ignore this email. Your password will not be changed.' },
      ],
    }),
    password_changed: (p) => ({
      subject: 'Your password was changed',
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'The password of your account has just been changed. All your sessions have been closed.' },
        { small: 'If you did not make this change, contact the Recreation Department right away (details at the bottom of this email).' },
      ],
    }),
    dossier_request_received: (p, ctx) => ({
      subject: `Dossier number request received (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `We have received your dossier number request. Your reference number: ${p.reference}.` },
        p.nextPeriod ? { p: endSentence(`The next registration period: ${p.nextPeriod}`) } : { p: 'No registration period has been announced yet.' },
        p.late
          ? { p: 'Your request reaches us less than 72 hours before registration opens: you might not receive your dossier number in time to register.' }
          : { p: 'You will receive your dossier numbers by email as soon as your request is processed.' },
        { small: `If you did not make this request, ${writeToUs('en', ctx)}.` },
      ],
    }),
    dossier_numbers: (p, ctx) => ({
      subject: `Your dossier numbers (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'Your request has been approved. Here are the dossier numbers of your family (one per member):' },
        ...p.persons.map((person) => ({ p: `${person.name}: ${person.dossierNumber}` })),
        ...(p.hasAccount
          ? [
              { p: `Log in to your account (${PAGES.en.login}), choose ${PAGES.en.hasNumber} and link your dossier (${PAGES.en.link}) with your number and your date of birth.` },
              { button: 'Link my dossier', href: portalPage(ctx.portalUrl, 'link') },
            ]
          : [
              { p: `Create your account (${PAGES.en.signUp}), then at your first login choose ${PAGES.en.hasNumber} and link your dossier (${PAGES.en.link}) with your number and your date of birth.` },
              { button: 'Create an account', href: portalPage(ctx.portalUrl, 'signup') },
              { link: portalPage(ctx.portalUrl, 'login'), label: `Already have an account? Log in (${PAGES.en.login}) and choose ${PAGES.en.hasNumber}:` },
            ]),
      ],
    }),
    message_received: (p, ctx) => ({
      subject: `[${p.reference}] Message received: ${p.subject}`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `We have received your message to the registrations mailbox. Your reference number: ${p.reference}.` },
        { p: endSentence(`We will answer ${p.dueAt.startsWith('by ') ? p.dueAt : `by ${p.dueAt}`}`) },
        ...conversation('en', ctx, p.threadId),
        { small: `To add details, ${writeBack('en', ctx, p.threadId)}, keeping the reference number.` },
      ],
    }),
    staff_reply: (p, ctx) => ({
      subject: `[${p.reference}] Re: ${p.subject}`,
      greeting: null,
      blocks: [
        { text: p.body },
        ...conversation('en', ctx, p.threadId),
        { small: `To answer, ${writeBack('en', ctx, p.threadId)}: the reference number ${p.reference} lets us find your request.` },
      ],
    }),
    dossier_request_info_needed: (p, ctx) => ({
      subject: `Information needed for your request (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `To process your dossier number request ${p.reference}, we need one more piece of information:` },
        { text: p.question },
        { p: `${capitalize(ctx.mailboxAddress ? 'reply to this email' : writeToUs('en', ctx))} with the reference ${p.reference}. Your request will be processed as soon as we have your answer.` },
      ],
    }),
    dossier_request_rejected: (p, ctx) => ({
      subject: `Your dossier number request (${p.reference})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: `We cannot follow up on your dossier number request ${p.reference}. Reason: ${p.reason}.` },
        ...(p.details ? [{ text: p.details }] : []),
        { small: `If you have any question, ${writeToUs('en', ctx)} with your reference.` },
      ],
    }),
    dossier_linked: (p, ctx) => ({
      subject: 'An account was linked to your dossier',
      greeting: p.firstName ? `${p.firstName},` : 'Hello,',
      blocks: [
        { p: `An account was linked to your family dossier on ${p.linkedAt}, in the name of ${p.accountName}. This account now sees your family members and will be able to register them for activities.` },
        { p: `If this was not you or someone in your family, ${writeToUs('en', ctx)} right away: we will remove the link.` },
        { button: 'Write to the registrations mailbox', href: portalPage(ctx.portalUrl, 'newMessage') },
        { small: 'You receive this email because your address is on your family’s dossier.' },
      ],
    }),
    registration_confirmed: (p, ctx) => {
      const one = p.registrations.length === 1;
      const total = p.registrations.reduce((sum, r) => sum + r.amount, 0);
      return {
        subject: one ? `Registration confirmed: ${p.registrations[0].activity}` : 'Your registrations are confirmed',
        greeting: `${p.firstName},`,
        blocks: [
          { p: one ? 'Your registration is confirmed. Here are the details:' : 'Your registrations are confirmed. Here are the details:' },
          ...p.registrations.map((r) => offeringFacts('en', r)),
          ...(one ? [] : [{ p: `Total for your registrations: ${moneyWords(total, 'en')}.` }]),
          { p: `You can see your registrations at any time on the ${PAGES.en.registrations} page of your account.` },
          myRegistrations('en', ctx),
          { small: `To cancel a registration, go to ${PAGES.en.registrations} before the activity starts.` },
        ],
      };
    },
    registration_cancelled: (p, ctx) => ({
      subject: `Registration cancelled: ${p.registration.activity}`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'We confirm the cancellation of the following registration:' },
        offeringFacts('en', p.registration),
        { p: 'Refunds are handled by the Recreation Department: for any question about a refund, contact us (details at the bottom of this email).' },
        myRegistrations('en', ctx),
        { small: 'If you did not ask for this cancellation, contact the Recreation Department right away.' },
      ],
    }),
    waitlist_joined: (p, ctx) => ({
      subject: `Waiting list: ${p.entry.activity} (position ${p.position})`,
      greeting: `${p.firstName},`,
      blocks: [
        { p: 'Your request has been added to the waiting list of the following group:' },
        offeringFacts('en', p.entry),
        { p: `Your position on the waiting list: ${p.position}.` },
        {
          p: `${p.entry.persons.length === 1 ? 'As soon as a spot opens up and your turn comes, we will offer it to you' : 'As soon as there are enough spots for everyone in your request and your turn comes, we will offer them to you'} by email: you will then have ${hoursWords(p.offerHours, 'en')} to accept in ${PAGES.en.registrations}.`,
        },
        myRegistrations('en', ctx),
        { small: `You can follow your position or leave the waiting list at any time in ${PAGES.en.registrations}.` },
      ],
    }),
    waitlist_offer: (p, ctx) => {
      const one = p.entry.persons.length === 1;
      return {
        subject: `${one ? 'A spot is' : 'Spots are'} available for you: ${p.entry.activity}`,
        greeting: `${p.firstName},`,
        blocks: [
          { p: one ? 'Good news: a spot has opened up and it is being held for you.' : 'Good news: spots have opened up and they are being held for you.' },
          offeringFacts('en', p.entry),
          { p: endSentence(`To confirm the registration, accept ${one ? 'the spot' : 'the spots'} in ${PAGES.en.registrations} ${byDeadline('en', p.deadline)}`) },
          ...offerEnd('en', ctx, one),
        ],
      };
    },
    waitlist_offer_reminder: (p, ctx) => {
      const one = p.entry.persons.length === 1;
      return {
        subject: `Reminder: ${one ? 'a spot is' : 'spots are'} being held for you (${p.entry.activity})`,
        greeting: `${p.firstName},`,
        blocks: [
          {
            p: endSentence(
              `${one ? 'The spot offered to you is' : 'The spots offered to you are'} still being held for you, but not for long: accept ${one ? 'it' : 'them'} in ${PAGES.en.registrations} ${byDeadline('en', p.deadline)}`,
            ),
          },
          offeringFacts('en', p.entry),
          ...offerEnd('en', ctx, one),
        ],
      };
    },
    waitlist_offer_lapsed: (p, ctx) => {
      const one = p.entry.persons.length === 1;
      return {
        subject: `Spot offer expired: ${p.entry.activity}`,
        greeting: `${p.firstName},`,
        blocks: [
          {
            p: `The time to accept the ${one ? 'spot' : 'spots'} offered to you has now passed. We are sorry: ${one ? 'this spot is' : 'these spots are'} no longer held for you, and your request has been removed from the waiting list of the following group:`,
          },
          offeringFacts('en', p.entry),
          {
            p: `If you would still like to take part in this activity, you can register again from the ${PAGES.en.activities} page: on the waiting list if the group is full (your request will then be added at the end of the list), or directly if spots remain.`,
          },
          { button: 'See the activities', href: portalPage(ctx.portalUrl, 'activities') },
          { small: 'If you have any question, contact the Recreation Department (details at the bottom of this email).' },
        ],
      };
    },
    morning_digest: (p) => ({
      subject: `Morning dashboard for ${p.date}`,
      greeting: `${p.name},`,
      blocks: [
        { p: "Here are the queues this morning, on the City's business-day calendar." },
        { p: `Dossier number requests — to process: ${p.requests.open}; past due (72 business hours): ${p.requests.overdue}; due within the next 8 business hours: ${p.requests.dueSoon}.` },
        { p: `Registrations mailbox — conversations waiting for an answer: ${p.threads.open}; past due (72 business hours): ${p.threads.overdue}; due within the next 8 business hours: ${p.threads.dueSoon}.` },
        { button: 'Open the panel', href: p.panelUrl },
        { small: 'You receive this email every business day as a supervisor.' },
      ],
    }),
  },
};

export function renderEmail(email: EmailTemplate, locale: Locale, ctx: EmailContext): RenderedEmail {
  const copy = COPY[locale];
  const { subject, greeting, blocks } = (copy[email.template] as (p: unknown, ctx: EmailContext) => Copy)(email.params, ctx);
  const footer = copy.footer(ctx);
  return {
    subject: `${subject} — ${ctx.cityName}`,
    text: renderText(locale, greeting, blocks, footer),
    html: renderHtml(ctx, locale, greeting, blocks, footer),
  };
}
