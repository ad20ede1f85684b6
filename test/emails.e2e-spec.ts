import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../src/common/actor.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { DossierRequestsService } from '../src/dossier-requests/dossier-requests.service.js';
import { MailboxDesk } from '../src/mailbox/mailbox-desk.service.js';
import { Thread } from '../src/mailbox/thread.entity.js';
import { ThreadWriter } from '../src/mailbox/thread-writer.js';
import { PORTAL_URL, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { dossierRequestForm } from './support/dossiers.js';
import type { ReceivedMail } from './support/mailbox.js';
import { confirmedResident, loggedInResident, signupBody } from './support/residents.js';
import { newStaff } from './support/staff.js';

/**
 * What every email carries besides its own text (issue 16): the recreation department's contact in
 * the footer, a Reply-To to the inscriptions mailbox on the emails that invite a reply, and links to
 * the portal's pages. Read back from the .eml files the real app writes, with a MIME parser.
 */
const MAILBOX_ADDRESS = 'inscriptions@ville.test';
const CONTACT = { CITY_CONTACT_EMAIL: 'loisirs@ville.test', CITY_CONTACT_PHONE: '418 555-0199', CITY_OFFICE_HOURS: 'du lundi au jeudi, de 8 h à 16 h <sauf fériés>' };
const FOOTER = 'Service des loisirs — loisirs@ville.test — 418 555-0199 — du lundi au jeudi, de 8 h à 16 h <sauf fériés>';

async function clerkOf(t: TestApp): Promise<Actor> {
  const clerk = await newStaff(t, 'clerk');
  return { kind: 'staff', staffId: clerk.id, role: 'clerk' };
}

async function openThread(t: TestApp, accessToken: string, subject = 'Nouvelle adresse'): Promise<number> {
  const res = await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${accessToken}`).send({ category: 'address_change', subject, body: 'Nous avons déménagé.' }).expect(201);
  return res.body.id as number;
}

async function mailWith(t: TestApp, address: string, subject: string): Promise<ReceivedMail> {
  const mails = (await t.mailbox.for(address)).filter((m) => m.subject.includes(subject));
  if (!mails.length) throw new Error(`No email « ${subject} » for ${address}`);
  return mails[mails.length - 1];
}

describe('emails, with the mailbox’s address configured', () => {
  let t: TestApp;
  let clerk: Actor;
  beforeAll(async () => {
    t = await startApp({ ...CONTACT, MAILBOX_ADDRESS });
    clerk = await clerkOf(t);
  });
  afterAll(() => t.close());

  it('ends a real email with the department’s contact, in the text and the HTML (escaped), above the © line; no Reply-To on a confirmation link', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const mail = await t.mailbox.last(email);
    const year = t.clock.today().slice(0, 4);
    expect(mail.text.split('\n--\n')[1]).toBe(`${FOOTER}\n© ${year}, Ville de Baie-Comeau. Tous droits réservés.`);
    expect(mail.html).toContain(
      'Service des loisirs — <a href="mailto:loisirs@ville.test" style="color:#00529b">loisirs@ville.test</a> — 418&nbsp;555-0199 — du lundi au jeudi, de 8&nbsp;h à 16&nbsp;h &#60;sauf fériés&#62;</p>',
    );
    expect(mail.html).not.toContain('<sauf');
    expect(mail.html).toContain(`© ${year}, Ville de Baie-Comeau. Tous droits réservés.`);
    expect(mail.replyTo).toBe('');
    expect(mail.raw).not.toMatch(/^Reply-To:/im);
  });

  it('sends « Vous avez déjà un compte » to « Connexion » and « Mot de passe oublié », without a Reply-To', async () => {
    const { email } = await confirmedResident(t);
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email, { firstName: 'Intrus' })).expect(202);
    const mail = await mailWith(t, email, 'Vous avez déjà un compte');
    expect(mail.text).toContain(`Me connecter :\n${PORTAL_URL}/connexion\n`);
    expect(mail.text).toContain(`Mot de passe oublié ? Demandez un nouveau mot de passe :\n${PORTAL_URL}/mot-de-passe-oublie\n`);
    expect(mail.html).toContain(`<a href="${PORTAL_URL}/connexion"`);
    expect(mail.replyTo).toBe('');
  });

  it('acknowledges a resident’s message with a Reply-To to the mailbox and a link to the thread’s page; the clerk’s reply too, greeted once', async () => {
    const resident = await loggedInResident(t);
    const id = await openThread(t, resident.accessToken);
    const { reference } = await t.dataSource.getRepository(Thread).findOneByOrFail({ id });
    const ack = await mailWith(t, resident.email, `[${reference}] Message reçu`);
    expect(ack.replyTo).toBe(MAILBOX_ADDRESS);
    expect(ack.text).toContain(`Voir la conversation :\n${PORTAL_URL}/messages/${id}\n`);
    expect(ack.text).toContain('Pour ajouter des précisions, répondez à ce courriel ou écrivez-nous depuis la page « Mes messages » de votre compte en gardant le numéro de référence.');
    expect(ack.text).toContain(FOOTER);

    await t.app.get(MailboxDesk).reply(id, 'Bonjour Camille,\n\nC’est fait : votre nouvelle adresse est enregistrée.', clerk);
    const reply = await mailWith(t, resident.email, `[${reference}] Re :`);
    expect(reply.replyTo).toBe(MAILBOX_ADDRESS);
    expect(reply.html).toContain(`<a href="${PORTAL_URL}/messages/${id}" style="color:#00529b;font-weight:bold">Voir la conversation</a>`);
    expect(reply.text).toContain(`Voir la conversation :\n${PORTAL_URL}/messages/${id}\n`);
    // The clerk's text greets the resident (the reply form starts with « Bonjour Camille, »): the email adds no « Camille, » above it.
    expect(reply.text).toMatch(/^Bonjour Camille,\n\nC’est fait/);
    expect(reply.text).not.toMatch(/^Camille,/m);
    expect(reply.text).toContain(FOOTER);
  });

  it('gives a thread without an account no page link, and still a Reply-To', async () => {
    const email = uniqueEmail('courriel');
    const thread = await t.app.get(ThreadWriter).open({
      accountId: null,
      email,
      category: 'other',
      subject: 'Question par courriel',
      source: 'email',
      locale: 'fr',
      message: { body: 'Bonjour, une question.', messageId: `<${uniqueEmail('id')}>` },
      acknowledge: { greeting: 'Bonjour' },
    });
    await t.app.get(MailboxDesk).reply(thread.id, 'Bonjour,\n\nVoici la réponse.', clerk);
    const [ack, reply] = (await t.mailbox.for(email)).filter((m) => m.subject.includes(thread.reference));
    for (const mail of [ack, reply]) {
      expect(mail.replyTo).toBe(MAILBOX_ADDRESS);
      expect(mail.text).not.toContain('/messages/');
      expect(mail.text).not.toContain('Voir la conversation');
    }
    expect(ack.text).toContain('Pour ajouter des précisions, répondez à ce courriel en gardant le numéro de référence.');
    expect(reply.text).toMatch(/^Bonjour,\n\nVoici la réponse\./);
  });

  it('names the mailbox in a request’s acknowledgement (Reply-To there), and sends the approved applicant to « Créer un compte »', async () => {
    const email = uniqueEmail('demande');
    const res = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send(dossierRequestForm(email)).expect(201);
    const received = await mailWith(t, email, 'Demande de numéro de dossier reçue');
    expect(received.replyTo).toBe(MAILBOX_ADDRESS);
    expect(received.text).toContain(`Si vous n'avez pas fait cette demande, écrivez-nous à la boîte des inscriptions (${MAILBOX_ADDRESS}).`);

    const requests = t.app.get(DossierRequestsService);
    const request = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
    await requests.moveTo({ requestId: request.id, to: 'in_review' }, clerk);
    await requests.approve({ requestId: request.id }, clerk);
    const numbers = await mailWith(t, email, 'Vos numéros de dossier');
    expect(numbers.text).toContain(
      `Créez votre compte (« Créer un compte »), puis à votre première connexion choisissez « J'ai un numéro de dossier » et liez votre dossier (« Lier mon dossier ») avec votre numéro et votre date de naissance.\n\nCréer un compte :\n${PORTAL_URL}/creer-un-compte\n`,
    );
    expect(numbers.html).toContain(`<a href="${PORTAL_URL}/creer-un-compte"`);
    expect(numbers.replyTo).toBe('');
  });
});

describe('emails, without a mailbox address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(CONTACT);
  });
  afterAll(() => t.close());

  it('carries no Reply-To and does not ask to reply: the resident writes from « Mes messages »', async () => {
    expect(t.config.mailboxAddress).toBeNull();
    const resident = await loggedInResident(t);
    const id = await openThread(t, resident.accessToken);
    const { reference } = await t.dataSource.getRepository(Thread).findOneByOrFail({ id });
    await t.app.get(MailboxDesk).reply(id, 'Bon matin Camille,\n\nC’est fait.', await clerkOf(t));
    const mails = (await t.mailbox.for(resident.email)).filter((m) => m.subject.includes(reference));
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      expect(mail.replyTo).toBe('');
      expect(mail.raw).not.toMatch(/^Reply-To:/im);
      expect(mail.text).not.toContain('répondez à ce courriel');
      expect(mail.text).toContain('écrivez-nous depuis la page « Mes messages » de votre compte');
      expect(mail.text).toContain(`${PORTAL_URL}/messages/${id}`);
      expect(mail.text).toContain(FOOTER);
    }
    // The clerk's greeting, whatever its words, is the only one: the email adds none.
    expect(mails[1].text).toMatch(/^Bon matin Camille,\n\nC’est fait\.\n/);
    expect(mails[1].text.match(/Camille,/g)).toHaveLength(1);
  });
});
