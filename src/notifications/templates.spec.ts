import { describe, expect, it } from '@jest/globals';
import type { Locale } from '../common/locale.js';
import { renderEmail, type EmailTemplate } from './templates.js';

const CTX = { cityName: 'Ville de Baie-Comeau', year: 2026 };
const LINK = 'https://portail.test/portail/confirmation?token=abc';

/** Every template with the parameters the services give it; the next period as the clock writes it in each language. */
const emails = (nextPeriod: string): EmailTemplate[] => [
  { template: 'verify_email', params: { firstName: 'Camille', link: LINK } },
  { template: 'account_exists', params: { firstName: 'Camille', loginUrl: 'https://portail.test/portail', forgotUrl: 'https://portail.test/portail/mot-de-passe-oublie' } },
  { template: 'password_reset', params: { firstName: 'Camille', link: LINK } },
  { template: 'password_changed', params: { firstName: 'Camille' } },
  { template: 'dossier_request_received', params: { firstName: 'Camille', reference: 'DR-2026-000123', nextPeriod, late: false } },
  { template: 'dossier_request_received', params: { firstName: 'Camille', reference: 'DR-2026-000124', nextPeriod: null, late: true } },
  { template: 'dossier_numbers', params: { firstName: 'Camille', reference: 'DR-2026-000123', persons: [{ name: 'Camille Tremblay', dossierNumber: '1000009' }], portalUrl: 'https://portail.test/portail' } },
  { template: 'dossier_request_info_needed', params: { firstName: 'Camille', reference: 'DR-2026-000123', question: 'Indiquez la date de naissance de Zoé.' } },
  { template: 'dossier_request_rejected', params: { firstName: 'Camille', reference: 'DR-2026-000123', reason: 'Autre motif', details: 'Votre adresse est hors de la ville.' } },
  { template: 'dossier_request_rejected', params: { firstName: 'Camille', reference: 'DR-2026-000124', reason: 'Autre motif', details: null } },
  { template: 'dossier_linked', params: { firstName: 'Camille', accountName: 'Camille Tremblay', linkedAt: '6 décembre 2026 à 14 h 05', portalUrl: 'https://portail.test/portail', mailboxAddress: 'inscriptions@ville.test' } },
  { template: 'dossier_linked', params: { firstName: 'Camille', accountName: 'Jean Roy', linkedAt: '6 décembre 2026 à 14 h 05', portalUrl: 'https://portail.test/portail', mailboxAddress: null } },
  {
    template: 'morning_digest',
    params: { name: 'Camille', date: 'lundi 30 novembre 2026', requests: { open: 12, overdue: 3, dueSoon: 2 }, threads: { open: 5, overdue: 0, dueSoon: 1 }, panelUrl: 'https://guichet.test/admin' },
  },
];
const EMAILS: Record<Locale, EmailTemplate[]> = { fr: emails('Hiver 2027, 10 janvier 2027 à 19 h 00'), en: emails('Hiver 2027, January 10, 2027 at 7:00 p.m.') };

const render = (email: EmailTemplate, locale: Locale) => renderEmail(email, locale, CTX);

/** The prose of a rendered text: its lines without the links. */
function prose(text: string): string[] {
  return text.split('\n').filter((line) => line && !/^https?:\/\//.test(line));
}

describe('email templates', () => {
  describe.each(['fr', 'en'] as const)('%s', (locale) => {
    it.each(EMAILS[locale].map((email) => [`${email.template}${'late' in email.params && email.params.late ? ' (late)' : ''}`, email]))(
      '%s: sentences end once, with one period',
      (_name, email) => {
        const { subject, text } = render(email as EmailTemplate, locale);
        expect(`${subject}\n${text}`).not.toMatch(/\.\./);
        // Every paragraph ends a sentence or introduces what follows; the greeting ends with a comma; the signature is the footer.
        const [greeting, ...paragraphs] = prose(text.split('\n--\n')[0]);
        expect(greeting).toBe('Camille,');
        for (const paragraph of paragraphs) expect(paragraph).toMatch(/[.:]$|: \d+$/);
      },
    );
  });

  it.each(EMAILS.fr.map((email) => [email.template, email]))('fr %s: Québec typography, « adresse courriel »', (_name, email) => {
    const { subject, text, html } = render(email as EmailTemplate, 'fr');
    for (const line of prose(`${subject}\n${text}`)) {
      // A space before « : » and « ? » (a colon inside a URL or a time excepted).
      expect(line.replace(/https?:\/\/\S+/g, '')).not.toMatch(/[^\s][:?!]/);
    }
    expect(text).not.toContain('adresse de courriel');
    expect(html).not.toContain('adresse de courriel');
  });

  it.each(EMAILS.en.map((email) => [email.template, email]))('en %s: no space before a colon or a question mark', (_name, email) => {
    const { subject, text } = render(email as EmailTemplate, 'en');
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
        "Si vous n'avez pas fait cette demande, écrivez-nous à la boîte des inscriptions.",
        '',
        '--',
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
        'If you did not make this request, write to the registrations mailbox.',
        '',
        '--',
        '© 2026, Ville de Baie-Comeau. All rights reserved.',
      ].join('\n'),
    );
  });

  it('escapes in the HTML part whatever a person typed (a clerk’s reply, a subject, a question), and keeps it as typed in the text', () => {
    const hostile = '<script>alert(1)</script> & <img src=x onerror="alert(2)">';
    const texts: EmailTemplate[] = [
      { template: 'staff_reply', params: { firstName: 'Camille', reference: 'DM-2026-000001', subject: hostile, body: `Bonjour,\n${hostile}` } },
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
});
