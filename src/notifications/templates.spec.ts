import { describe, expect, it } from '@jest/globals';
import type { Locale } from '../common/locale.js';
import { INVITES_REPLY, replyGreeting, renderEmail, replyToOf, type EmailContext, type EmailTemplate, type OfferingFacts } from './templates.js';
import { matchPage } from '../portal/portal-routes.js';

const PORTAL = 'https://portail.test/portail';
const CONTACT = {
  email: 'inscriptionsenligne@ville.baie-comeau.qc.ca',
  phone: '418 296-8100',
  officeHours: { fr: 'du lundi au vendredi, de 8 h 30 à 16 h 30', en: 'Monday to Friday, 8:30 a.m. to 4:30 p.m.' },
};
const CTX: EmailContext = { cityName: 'Ville de Baie-Comeau', year: 2026, portalUrl: PORTAL, contact: CONTACT, mailboxAddress: 'inscriptions@ville.test' };
/** A service that knows no mailbox address (no MAILBOX_ADDRESS, IMAP_URL's user not an address). */
const NO_MAILBOX: EmailContext = { ...CTX, mailboxAddress: null };
const LINK = `${PORTAL}/confirmation?token=abc`;

/** One offering as the registration emails show it: two siblings, the resident price. */
const SWIMMING: OfferingFacts = {
  activity: 'Natation — Étoile de mer',
  group: 'Samedi 9 h',
  site: 'Piscine Henri-L.-Bernier',
  schedule: { weekday: 6, startTime: '09:00', endTime: '09:45', startsOn: '2027-01-09', endsOn: '2027-03-27' },
  persons: ['Léa Gagnon', 'Noé Gagnon'],
  amount: 17_000,
};
const SKATING: OfferingFacts = {
  activity: 'Patinage libre',
  group: 'Mercredi soir',
  site: 'Aréna Henry-Leonard',
  schedule: { weekday: 3, startTime: '18:30', endTime: '19:30', startsOn: '2027-01-13', endsOn: '2027-03-10' },
  persons: ['Léa Gagnon'],
  amount: 4500,
};

/** Every template with the parameters the services give it; the next period and an offer's deadline as the clock writes them in each language. */
const emails = (nextPeriod: string, deadline: string): EmailTemplate[] => [
  { template: 'verify_email', params: { firstName: 'Camille', link: LINK } },
  { template: 'account_exists', params: { firstName: 'Camille' } },
  { template: 'password_reset', params: { firstName: 'Camille', link: LINK } },
  { template: 'password_changed', params: { firstName: 'Camille' } },
  { template: 'dossier_request_received', params: { firstName: 'Camille', reference: 'DR-2026-000123', nextPeriod, late: false } },
  { template: 'dossier_request_received', params: { firstName: 'Camille', reference: 'DR-2026-000124', nextPeriod: null, late: true } },
  { template: 'dossier_numbers', params: { firstName: 'Camille', reference: 'DR-2026-000123', persons: [{ name: 'Camille Tremblay', dossierNumber: '1000009' }], hasAccount: false } },
  { template: 'dossier_numbers', params: { firstName: 'Camille', reference: 'DR-2026-000125', persons: [{ name: 'Camille Tremblay', dossierNumber: '1000009' }], hasAccount: true } },
  { template: 'message_received', params: { firstName: 'Camille', reference: 'DM-2026-000001', subject: 'Nouvelle adresse', dueAt: 'le mercredi 2 décembre 2026 à 15 h', threadId: 42 } },
  { template: 'message_received', params: { firstName: 'Camille', reference: 'DM-2026-000002', subject: 'Nouvelle adresse', dueAt: 'le mercredi 2 décembre 2026 à 15 h', threadId: null } },
  { template: 'staff_reply', params: { firstName: 'Camille', reference: 'DM-2026-000001', subject: 'Nouvelle adresse', body: 'Camille,\n\nC’est fait, votre nouvelle adresse est enregistrée.', threadId: 42 } },
  { template: 'staff_reply', params: { firstName: 'Camille', reference: 'DM-2026-000002', subject: 'Nouvelle adresse', body: 'Camille,\n\nC’est fait.', threadId: null } },
  { template: 'dossier_request_info_needed', params: { firstName: 'Camille', reference: 'DR-2026-000123', question: 'Indiquez la date de naissance de Zoé.' } },
  { template: 'dossier_request_rejected', params: { firstName: 'Camille', reference: 'DR-2026-000123', reason: 'Autre motif', details: 'Votre adresse est hors de la ville.' } },
  { template: 'dossier_request_rejected', params: { firstName: 'Camille', reference: 'DR-2026-000124', reason: 'Autre motif', details: null } },
  { template: 'dossier_linked', params: { firstName: 'Camille', accountName: 'Camille Tremblay', linkedAt: '6 décembre 2026 à 14 h 05' } },
  {
    template: 'morning_digest',
    params: { name: 'Camille', date: 'lundi 30 novembre 2026', requests: { open: 12, overdue: 3, dueSoon: 2 }, threads: { open: 5, overdue: 0, dueSoon: 1 }, panelUrl: 'https://guichet.test/admin' },
  },
  { template: 'registration_confirmed', params: { firstName: 'Camille', registrations: [SWIMMING] } },
  { template: 'registration_confirmed', params: { firstName: 'Camille', registrations: [SWIMMING, SKATING] } },
  { template: 'registration_cancelled', params: { firstName: 'Camille', registration: { ...SWIMMING, persons: ['Noé Gagnon'], amount: 8500 } } },
  { template: 'waitlist_joined', params: { firstName: 'Camille', entry: SWIMMING, position: 3, offerHours: 48 } },
  { template: 'waitlist_joined', params: { firstName: 'Camille', entry: SKATING, position: 1, offerHours: 1.5 } },
  { template: 'waitlist_offer', params: { firstName: 'Camille', entry: SWIMMING, deadline } },
  { template: 'waitlist_offer', params: { firstName: 'Camille', entry: SKATING, deadline } },
  { template: 'waitlist_offer_reminder', params: { firstName: 'Camille', entry: SWIMMING, deadline } },
  { template: 'waitlist_offer_reminder', params: { firstName: 'Camille', entry: SKATING, deadline } },
  { template: 'waitlist_offer_lapsed', params: { firstName: 'Camille', entry: SWIMMING } },
  { template: 'waitlist_offer_lapsed', params: { firstName: 'Camille', entry: SKATING } },
];
const EMAILS: Record<Locale, EmailTemplate[]> = {
  fr: emails('Hiver 2027, 10 janvier 2027 à 19 h 00', 'le lundi 14 décembre 2026 à 14 h 37'),
  en: emails('Hiver 2027, January 10, 2027 at 7:00 p.m.', 'Monday, December 14, 2026 at 2:37 p.m.'),
};

const render = (email: EmailTemplate, locale: Locale, ctx = CTX) => renderEmail(email, locale, ctx);
const ALL = (['fr', 'en'] as const).flatMap((locale) => EMAILS[locale].flatMap((email) => [CTX, NO_MAILBOX].map((ctx) => ({ locale, email, ctx }))));

/** The prose of a rendered text: its lines without the links. */
function prose(text: string): string[] {
  return text.split('\n').filter((line) => line && !/^https?:\/\//.test(line));
}

describe('email templates', () => {
  describe.each(['fr', 'en'] as const)('%s', (locale) => {
    it.each(EMAILS[locale].flatMap((email) => [CTX, NO_MAILBOX].map((ctx) => [`${email.template}${'late' in email.params && email.params.late ? ' (late)' : ''}${ctx.mailboxAddress ? '' : ', no mailbox'}`, email, ctx])))(
      '%s: sentences end once, with one period',
      (_name, email, ctx) => {
        const { subject, text } = render(email as EmailTemplate, locale, ctx as EmailContext);
        expect(`${subject}\n${text}`).not.toMatch(/\.\./);
        // Every paragraph ends a sentence or introduces what follows; the greeting ends with a comma; the signature is the footer.
        const [greeting, ...paragraphs] = prose(text.split('\n--\n')[0]);
        expect(greeting).toBe('Camille,');
        paragraphs.forEach((paragraph, i) => {
          // A list of facts (« - Lieu : … ») and the name above it end with no period.
          if (paragraph.startsWith('- ') || paragraphs[i + 1]?.startsWith('- ')) return;
          expect(paragraph).toMatch(/[.:]$|: \d+$/);
        });
      },
    );
  });

  it.each(EMAILS.fr.flatMap((email) => [CTX, NO_MAILBOX].map((ctx) => [email.template, email, ctx])))('fr %s: Québec typography, « adresse courriel »', (_name, email, ctx) => {
    const { subject, text, html } = render(email as EmailTemplate, 'fr', ctx as EmailContext);
    for (const line of prose(`${subject}\n${text}`)) {
      // A space before « : » and « ? » (a colon inside a URL or a time excepted).
      expect(line.replace(/https?:\/\/\S+/g, '')).not.toMatch(/[^\s][:?!]/);
    }
    expect(text).not.toContain('adresse de courriel');
    expect(html).not.toContain('adresse de courriel');
  });

  it.each(EMAILS.en.flatMap((email) => [CTX, NO_MAILBOX].map((ctx) => [email.template, email, ctx])))('en %s: no space before a colon or a question mark', (_name, email, ctx) => {
    const { subject, text } = render(email as EmailTemplate, 'en', ctx as EmailContext);
    for (const line of prose(`${subject}\n${text}`)) expect(line).not.toMatch(/\s[:?!]/);
  });

  it('writes the acknowledgement in full, the next period with one final period, in both languages', () => {
    expect(render(EMAILS.fr[4], 'fr').text).toBe(
      [
        'Camille,',
        '',
        'Nous avons bien reçu votre demande de numéro de dossier. Votre numéro de référence : DR-2026-000123.',
        '',
        "La prochaine période d'inscription : Hiver 2027, 10 janvier 2027 à 19 h 00.",
        '',
        'Vous recevrez vos numéros de dossier par courriel dès que votre demande sera traitée.',
        '',
        "Si vous n'avez pas fait cette demande, écrivez-nous à la boîte des inscriptions (inscriptions@ville.test).",
        '',
        '--',
        'Service des loisirs — inscriptionsenligne@ville.baie-comeau.qc.ca — 418 296-8100 — du lundi au vendredi, de 8 h 30 à 16 h 30',
        '© 2026, Ville de Baie-Comeau. Tous droits réservés.',
      ].join('\n'),
    );
    expect(render(EMAILS.en[4], 'en').text).toBe(
      [
        'Camille,',
        '',
        'We have received your dossier number request. Your reference number: DR-2026-000123.',
        '',
        'The next registration period: Hiver 2027, January 10, 2027 at 7:00 p.m.',
        '',
        'You will receive your dossier numbers by email as soon as your request is processed.',
        '',
        'If you did not make this request, write to the registrations mailbox (inscriptions@ville.test).',
        '',
        '--',
        'Recreation Department — inscriptionsenligne@ville.baie-comeau.qc.ca — 418 296-8100 — Monday to Friday, 8:30 a.m. to 4:30 p.m.',
        '© 2026, Ville de Baie-Comeau. All rights reserved.',
      ].join('\n'),
    );
  });

  it('escapes in the HTML part whatever a person typed (a clerk’s reply, a subject, a question), and keeps it as typed in the text', () => {
    const hostile = '<script>alert(1)</script> & <img src=x onerror="alert(2)">';
    const texts: EmailTemplate[] = [
      { template: 'staff_reply', params: { firstName: 'Camille', reference: 'DM-2026-000001', subject: hostile, body: `Bonjour,\n${hostile}`, threadId: 7 } },
      { template: 'dossier_request_info_needed', params: { firstName: 'Camille', reference: 'DR-2026-000123', question: hostile } },
      { template: 'dossier_request_rejected', params: { firstName: 'Camille', reference: 'DR-2026-000123', reason: 'Autre motif', details: hostile } },
    ];
    for (const email of texts) {
      const { html, text } = render(email, 'fr');
      expect(html).not.toMatch(/<script|<img/);
      expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#60;img src=x onerror=&#34;alert(2)&#34;&#62;');
      expect(text).toContain(hostile);
    }
  });

  it('introduces a button\'s link the way each language does', () => {
    expect(render(EMAILS.fr[2], 'fr').text).toContain(`Choisir un nouveau mot de passe :\n${LINK}\n`);
    expect(render(EMAILS.en[2], 'en').text).toContain(`Choose a new password:\n${LINK}\n`);
  });

  it('ends every email with the recreation department’s contact, then the © line, in the text and the HTML (escaped)', () => {
    const odd: EmailContext = { ...CTX, contact: { ...CONTACT, phone: '418 296-8100 poste 2', officeHours: { fr: 'lun. <8 h 30> & ven.', en: 'Mon. <8:30> & Fri.' } } };
    for (const { locale, email } of ALL) {
      const { text, html } = render(email, locale, odd);
      const [department, hours, hoursHtml] = locale === 'fr' ? ['Service des loisirs', 'lun. <8 h 30> & ven.', 'lun. &#60;8&nbsp;h&nbsp;30&#62; &#38; ven.'] : ['Recreation Department', 'Mon. <8:30> & Fri.', 'Mon. &#60;8:30&#62; &#38; Fri.'];
      const copyright = locale === 'fr' ? '© 2026, Ville de Baie-Comeau. Tous droits réservés.' : '© 2026, Ville de Baie-Comeau. All rights reserved.';
      expect(text.split('\n--\n')[1]).toBe(`${department} — ${CONTACT.email} — 418 296-8100 poste 2 — ${hours}\n${copyright}`);
      expect(html).toContain(`${department} — <a href="mailto:${CONTACT.email}" style="color:#00529b">${CONTACT.email}</a> — 418&nbsp;296-8100&nbsp;poste&nbsp;2 — ${hoursHtml}</p>`);
      expect(html).toContain(copyright);
      expect(html).not.toContain('<8');
    }
  });

  it('links only to pages the portal has (or to the panel, for the staff’s digest)', () => {
    for (const { locale, email, ctx } of ALL) {
      const { text, html } = render(email, locale, ctx);
      const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&#38;/g, '&'));
      expect([...new Set(links.filter((link) => link.startsWith('http')))].sort()).toEqual([...new Set(text.match(/https?:\/\/\S+/g))].sort());
      for (const link of links.filter((l) => !l.startsWith('mailto:') && !l.startsWith('https://guichet.test/admin'))) {
        expect(link.startsWith(PORTAL)).toBe(true);
        const path = new URL(link).pathname.replace(new URL(PORTAL).pathname, '');
        // A page the portal draws (src/portal/portal-routes.ts), which its server answers with 200.
        expect({ link, known: matchPage(path) !== null }).toEqual({ link, known: true });
      }
    }
  });

  it('sends the approved applicant to « Créer un compte », or to « Lier mon dossier » when the request came from an account', () => {
    const [anonymous, fromAccount] = EMAILS.fr.filter((e) => e.template === 'dossier_numbers');
    const first = render(anonymous, 'fr');
    expect(first.text).toContain(
      "Créez votre compte (« Créer un compte »), puis à votre première connexion choisissez « J'ai un numéro de dossier » et liez votre dossier (« Lier mon dossier ») avec votre numéro et votre date de naissance.\n\nCréer un compte :\n" +
        `${PORTAL}/creer-un-compte\n`,
    );
    expect(first.text).toContain(`Connectez-vous (« Connexion ») et choisissez « J'ai un numéro de dossier » :\n${PORTAL}/connexion\n`);
    expect(first.html).toContain(`<a href="${PORTAL}/creer-un-compte"`);
    const second = render(fromAccount, 'fr');
    expect(second.text).toContain(`Lier mon dossier :\n${PORTAL}/lier-mon-dossier\n`);
    expect(second.text).not.toContain('Créez votre compte');
    expect(render(anonymous, 'en').text).toContain(`Create an account:\n${PORTAL}/creer-un-compte\n`);
  });

  it('sends « Vous avez déjà un compte » to « Connexion » and « Mot de passe oublié »', () => {
    const { text } = render(EMAILS.fr[1], 'fr');
    expect(text).toContain(`Me connecter :\n${PORTAL}/connexion\n`);
    expect(text).toContain(`Mot de passe oublié ? Demandez un nouveau mot de passe :\n${PORTAL}/mot-de-passe-oublie\n`);
  });

  it('points a thread of an account to its page in « Mes messages », and invites a reply only when the mailbox’s address is known', () => {
    const [ofAccount, byEmail] = EMAILS.fr.filter((e) => e.template === 'message_received');
    expect(render(ofAccount, 'fr').text).toContain(
      `Voir la conversation :\n${PORTAL}/messages/42\n\nPour ajouter des précisions, répondez à ce courriel ou écrivez-nous depuis la page « Mes messages » de votre compte en gardant le numéro de référence.`,
    );
    expect(render(ofAccount, 'fr', NO_MAILBOX).text).toContain('Pour ajouter des précisions, écrivez-nous depuis la page « Mes messages » de votre compte en gardant');
    expect(render(byEmail, 'fr').text).toContain('Pour ajouter des précisions, répondez à ce courriel en gardant le numéro de référence.');
    expect(render(byEmail, 'fr').text).not.toContain('/messages/');
    expect(render(byEmail, 'fr', NO_MAILBOX).text).toContain('communiquez avec le Service des loisirs (coordonnées au bas de ce courriel)');

    const [reply, replyByEmail] = EMAILS.fr.filter((e) => e.template === 'staff_reply');
    expect(render(reply, 'fr').html).toContain(`<a href="${PORTAL}/messages/42" style="color:#00529b;font-weight:bold">Voir la conversation</a>`);
    expect(render(reply, 'en').text).toContain(`View the conversation:\n${PORTAL}/messages/42\n`);
    expect(render(replyByEmail, 'fr').text).not.toContain('Voir la conversation');

    for (const { locale, email, ctx } of ALL) {
      const { text } = render(email, locale, ctx);
      const invites = /répondez à ce courriel|reply to this email/i.test(text);
      // Only where a reply has somewhere to go: the template's Reply-To, with a known address.
      if (invites) expect({ template: email.template, replyTo: replyToOf(email.template, ctx.mailboxAddress) }).toEqual({ template: email.template, replyTo: 'inscriptions@ville.test' });
    }
  });

  it('gives a Reply-To to the emails that invite a reply, and only with a mailbox address', () => {
    expect([...INVITES_REPLY].sort()).toEqual(['dossier_linked', 'dossier_request_info_needed', 'dossier_request_received', 'dossier_request_rejected', 'message_received', 'staff_reply']);
    expect(replyToOf('staff_reply', 'inscriptions@ville.test')).toBe('inscriptions@ville.test');
    expect(replyToOf('staff_reply', null)).toBeUndefined();
    for (const template of ['verify_email', 'account_exists', 'password_reset', 'password_changed', 'dossier_numbers', 'morning_digest']) {
      expect(replyToOf(template, 'inscriptions@ville.test')).toBeUndefined();
    }
    // The mailbox is named where the email sends the resident to it.
    for (const template of ['dossier_request_received', 'dossier_request_rejected', 'dossier_linked'] as const) {
      const email = EMAILS.fr.find((e) => e.template === template)!;
      expect(render(email, 'fr').text).toContain('la boîte des inscriptions (inscriptions@ville.test)');
      expect(render(email, 'fr', NO_MAILBOX).text).toContain('communiquez avec le Service des loisirs (coordonnées au bas de ce courriel)');
    }
  });

  it('keeps French guillemets, colons and hours together in the HTML part (non-breaking spaces), not in the text part', () => {
    const email = EMAILS.fr.find((e) => e.template === 'dossier_numbers')!;
    const { html, text } = render(email, 'fr');
    expect(html).toContain('choisissez «&nbsp;J&#39;ai un numéro de dossier&nbsp;»');
    expect(html).toContain('Voici les numéros de dossier de votre famille (un par membre)&nbsp;:');
    expect(html).not.toMatch(/« | »| :/);
    expect(text).toContain("choisissez « J'ai un numéro de dossier »");
    expect(render(EMAILS.fr[4], 'fr').html).toContain('à 19&nbsp;h&nbsp;00.');
    expect(render(EMAILS.en[1], 'en').html).not.toMatch(/&nbsp;[:"]/);
  });

  it('greets the resident once: a clerk’s reply is the letter, greeting included, and the email adds none', () => {
    const reply = (body: string, firstName: string | null = 'Marie'): string =>
      render({ template: 'staff_reply', params: { firstName, reference: 'DM-2026-000001', subject: 'Adresse', body, threadId: null } }, 'fr').text;
    // The greeting the reply form starts with, in the thread's language.
    expect(replyGreeting('Marie', 'fr')).toBe('Bonjour Marie,');
    expect(replyGreeting(null, 'fr')).toBe('Bonjour,');
    expect(replyGreeting('Marie', 'en')).toBe('Hello Marie,');
    expect(reply('Bonjour Marie,\n\nC’est fait.')).toMatch(/^Bonjour Marie,\n\nC’est fait\.\n/);
    // Whatever greeting the clerk writes (« Bon matin » was taken for none), it is the only one.
    expect(reply('Bon matin Marie,\n\nC’est fait.')).toMatch(/^Bon matin Marie,\n\nC’est fait\.\n/);
    expect(reply('C’est fait.', null)).toMatch(/^C’est fait\.\n/);
    const html = render({ template: 'staff_reply', params: { firstName: 'Marie', reference: 'DM-2026-000001', subject: 'Adresse', body: 'Bonjour Marie,\n\nC’est fait.', threadId: null } }, 'fr').html;
    expect(html.match(/Marie,/g)).toHaveLength(1);
  });

  describe('registrations and the waitlist', () => {
    const find = (template: string, n = 0) => EMAILS.fr.filter((e) => e.template === template)[n]!;
    const findEn = (template: string, n = 0) => EMAILS.en.filter((e) => e.template === template)[n]!;

    it('confirms a registration with what, who, when, where, the amount and « Mes inscriptions »', () => {
      const { subject, text } = render(find('registration_confirmed'), 'fr');
      expect(subject).toBe('Inscription confirmée : Natation — Étoile de mer — Ville de Baie-Comeau');
      expect(text.split('\n--\n')[0]).toBe(
        [
          'Camille,',
          '',
          'Votre inscription est confirmée. En voici le détail :',
          '',
          'Natation — Étoile de mer',
          '- Groupe : Samedi 9 h',
          '- Pour : Léa Gagnon et Noé Gagnon',
          '- Horaire : le samedi de 9 h à 9 h 45, du 9 janvier au 27 mars 2027',
          '- Lieu : Piscine Henri-L.-Bernier',
          '- Montant : 170,00 $',
          '',
          'Vous pouvez consulter vos inscriptions en tout temps dans la page « Mes inscriptions » de votre compte.',
          '',
          'Voir mes inscriptions :',
          `${PORTAL}/mes-inscriptions`,
          '',
          "Pour annuler une inscription, rendez-vous dans « Mes inscriptions » avant le début de l'activité.",
          '',
        ].join('\n'),
      );
      const en = render(findEn('registration_confirmed'), 'en');
      expect(en.subject).toBe('Registration confirmed: Natation — Étoile de mer — Ville de Baie-Comeau');
      expect(en.text).toContain('- For: Léa Gagnon and Noé Gagnon\n- Schedule: Saturdays from 9:00 to 9:45 a.m., January 9 to March 27, 2027\n- Location: Piscine Henri-L.-Bernier\n- Amount: $170.00\n');
      expect(en.text).toContain(`View my registrations:\n${PORTAL}/mes-inscriptions\n`);
    });

    it('lists every offering of a checkout in one email, with the total', () => {
      const { subject, text, html } = render(find('registration_confirmed', 1), 'fr');
      expect(subject).toBe('Vos inscriptions sont confirmées — Ville de Baie-Comeau');
      expect(text).toContain('Natation — Étoile de mer\n- Groupe : Samedi 9 h');
      expect(text).toContain('Patinage libre\n- Groupe : Mercredi soir\n- Pour : Léa Gagnon\n- Horaire : le mercredi de 18 h 30 à 19 h 30, du 13 janvier au 10 mars 2027\n- Lieu : Aréna Henry-Leonard\n- Montant : 45,00 $\n');
      expect(text).toContain('Montant total de vos inscriptions : 215,00 $.');
      expect(render(findEn('registration_confirmed', 1), 'en').text).toContain('Total for your registrations: $215.00.');
      // The HTML keeps an amount and an hour on one line, and shows each offering as a box.
      expect(html).toContain('170,00&nbsp;$');
      expect(html).toContain('de 9&nbsp;h à 9&nbsp;h&nbsp;45');
      expect(html.match(/border-left:4px solid #00529b/g)).toHaveLength(2);
    });

    it('tells a cancellation with who and that refunds are handled by the department', () => {
      const { subject, text } = render(find('registration_cancelled'), 'fr');
      expect(subject).toBe('Inscription annulée : Natation — Étoile de mer — Ville de Baie-Comeau');
      expect(text).toContain('- Pour : Noé Gagnon\n');
      expect(text).toContain('Les remboursements sont traités par le Service des loisirs');
      expect(render(findEn('registration_cancelled'), 'en').text).toContain('Refunds are handled by the Recreation Department');
    });

    it('gives the waitlist position and how long an offer will wait', () => {
      const { subject, text } = render(find('waitlist_joined'), 'fr');
      expect(subject).toBe("Liste d'attente : Natation — Étoile de mer (position 3) — Ville de Baie-Comeau");
      expect(text).toContain("Votre position sur la liste d'attente : 3.");
      expect(text).toContain('vous aurez alors 48 heures pour accepter dans « Mes inscriptions ».');
      expect(render(find('waitlist_joined', 1), 'fr').text).toContain("Dès qu'une place se libérera et que votre tour sera venu, nous vous l'offrirons par courriel : vous aurez alors 1,5 heure pour accepter");
      expect(render(findEn('waitlist_joined'), 'en').text).toContain('Your position on the waiting list: 3.');
    });

    it('says until when an offer holds the seats, and what to do, in the singular and the plural', () => {
      const two = render(find('waitlist_offer'), 'fr');
      expect(two.subject).toBe('Des places vous sont offertes : Natation — Étoile de mer — Ville de Baie-Comeau');
      expect(two.text).toContain("Pour confirmer l'inscription, acceptez les places dans « Mes inscriptions » au plus tard le lundi 14 décembre 2026 à 14 h 37.");
      expect(two.text).toContain(`Répondre à l'offre :\n${PORTAL}/mes-inscriptions\n`);
      const one = render(find('waitlist_offer', 1), 'fr');
      expect(one.subject).toBe('Une place vous est offerte : Patinage libre — Ville de Baie-Comeau');
      expect(one.text).toContain("Passé ce délai, la place ne vous sera plus réservée et votre demande sera retirée de la liste d'attente.");
      expect(render(findEn('waitlist_offer', 1), 'en').text).toContain('To confirm the registration, accept the spot in "My registrations" by Monday, December 14, 2026 at 2:37 p.m.\n');
      // The clock's words for a deadline at midnight already say "by".
      const midnight = render({ template: 'waitlist_offer', params: { firstName: 'Camille', entry: SKATING, deadline: 'by the end of the day on Monday, December 14, 2026' } }, 'en');
      expect(midnight.text).toContain('accept the spot in "My registrations" by the end of the day on Monday, December 14, 2026.');
      const reminder = render(find('waitlist_offer_reminder', 1), 'fr');
      expect(reminder.subject).toBe('Rappel : une place vous est réservée (Patinage libre) — Ville de Baie-Comeau');
      expect(reminder.text).toContain('acceptez-la dans « Mes inscriptions » au plus tard le lundi 14 décembre 2026 à 14 h 37.');
    });

    it('tells kindly that a lapsed offer keeps no place, and that the family may join again', () => {
      const { subject, text } = render(find('waitlist_offer_lapsed', 1), 'fr');
      expect(subject).toBe('Offre de place expirée : Patinage libre — Ville de Baie-Comeau');
      expect(text).toContain("Nous sommes désolés : cette place ne vous est plus réservée et votre demande a été retirée de la liste d'attente");
      expect(text).toContain('vous pouvez vous inscrire de nouveau depuis la page « Activités »');
      expect(text).toContain(`Voir les activités :\n${PORTAL}/activites\n`);
      expect(render(findEn('waitlist_offer_lapsed'), 'en').subject).toBe('Spot offer expired: Natation — Étoile de mer — Ville de Baie-Comeau');
    });

    it('escapes the catalogue’s words and the names in the HTML part', () => {
      const hostile = '<b>x</b> & "y"';
      const email: EmailTemplate = { template: 'registration_confirmed', params: { firstName: 'Camille', registrations: [{ ...SWIMMING, activity: hostile, group: hostile, site: hostile, persons: [hostile] }] } };
      const { html, text } = render(email, 'fr');
      expect(html).not.toContain('<b>');
      expect(html).toContain('&#60;b&#62;x&#60;/b&#62; &#38; &#34;y&#34;');
      expect(text).toContain(`- Lieu : ${hostile}`);
    });
  });
});
