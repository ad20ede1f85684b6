import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createConnection } from 'mysql2/promise';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { Account } from '../src/accounts/account.entity.js';
import { EmailIntake } from '../src/mailbox/email-intake.service.js';
import { FILING_TRIES, ImapPoller, IMAP_LOCK } from '../src/mailbox/imap-poller.service.js';
import { MailboxDesk } from '../src/mailbox/mailbox-desk.service.js';
import { ThreadAttachment } from '../src/mailbox/thread-attachment.entity.js';
import { ThreadMessage } from '../src/mailbox/thread-message.entity.js';
import { Thread } from '../src/mailbox/thread.entity.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { DOVECOT, hasDovecot, startDovecot, type Dovecot } from './support/dovecot.js';
import { loggedInResident, signupBody } from './support/residents.js';
import { loginAsStaff } from './support/staff.js';

const describeWithDovecot = hasDovecot ? describe : describe.skip;

interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

interface Email {
  from: string;
  subject: string;
  text?: string;
  html?: string;
  /** Omitted: a fresh one; null: none at all. */
  messageId?: string | null;
  headers?: Record<string, string>;
  /**
   * The `Authentication-Results` headers above the email, top first. Omitted: the city's server
   * (TRUSTED_MX) vouches for the From domain with a DMARC pass; null or []: none at all (forged).
   */
  authentication?: string[] | null;
  attachments?: Attachment[];
}

/** The city's mail server, as IMAP_TRUSTED_AUTHSERV_ID names it. */
const TRUSTED_MX = 'mx.ville.test';

const domainOf = (from: string) => (/<([^>]+)>/.exec(from)?.[1] ?? from).split('@').pop()!.toLowerCase();

const base64 = (content: Buffer) => content.toString('base64').replace(/.{76}/g, '$&\r\n');
const encodedWord = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;

/** An email as a mail client writes it (RFC 5322, MIME, UTF-8). */
function rawEmail(email: Email): string {
  const authentication = email.authentication === undefined ? [`${TRUSTED_MX}; dmarc=pass (p=reject) header.from=${domainOf(email.from)}`] : (email.authentication ?? []);
  const headers = [
    ...authentication.map((value) => `Authentication-Results: ${value}`),
    `From: ${email.from}`,
    'To: inscriptions@ville.test',
    `Subject: ${encodedWord(email.subject)}`,
    'Date: Fri, 27 Nov 2026 15:00:00 -0500',
    ...(email.messageId === null ? [] : [`Message-ID: ${email.messageId ?? newMessageId()}`]),
    ...Object.entries(email.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
  ];
  const body = email.html
    ? { type: 'text/html; charset=utf-8', content: Buffer.from(email.html) }
    : { type: 'text/plain; charset=utf-8', content: Buffer.from(email.text ?? '') };
  if (!email.attachments?.length) {
    return [...headers, `Content-Type: ${body.type}`, 'Content-Transfer-Encoding: base64', '', base64(body.content), ''].join('\r\n');
  }
  const boundary = `b-${randomBytes(8).toString('hex')}`;
  const parts = [
    [`Content-Type: ${body.type}`, 'Content-Transfer-Encoding: base64', '', base64(body.content)],
    ...email.attachments.map((a) => [
      `Content-Type: ${a.contentType}; name="${encodedWord(a.filename)}"`,
      `Content-Disposition: attachment; filename="${encodedWord(a.filename)}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64(a.content),
    ]),
  ];
  return [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...parts.flatMap((part) => [`--${boundary}`, ...part]), `--${boundary}--`, ''].join('\r\n');
}

function newMessageId(): string {
  return `<${randomBytes(8).toString('hex')}@client.exemple.ca>`;
}

/** The inscriptions mailbox by email (M1): a real IMAP server (Dovecot), the real app, both databases. */
describeWithDovecot(`the inscriptions mailbox by email (IMAP)${hasDovecot ? '' : ` (skipped: ${DOVECOT} is absent; apt-get install dovecot-imapd)`}`, () => {
  let dovecot: Dovecot;
  let t: TestApp;
  let poller: ImapPoller;

  beforeAll(async () => {
    dovecot = await startDovecot();
    t = await startApp({ IMAP_URL: dovecot.url, IMAP_TRUSTED_AUTHSERV_ID: TRUSTED_MX });
    poller = t.app.get(ImapPoller);
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.stop();
  });

  const threadOf = async (messageId: string) => {
    const message = await t.dataSource.getRepository(ThreadMessage).findOneByOrFail({ messageId });
    return t.dataSource.getRepository(Thread).findOneByOrFail({ id: message.threadId });
  };
  const messagesOf = (threadId: number) => t.dataSource.getRepository(ThreadMessage).find({ where: { threadId }, order: { id: 'ASC' } });
  const seen = async (messageId: string) => (await dovecot.flags()).find((m) => m.key === messageId)?.seen;

  it('files a new email as a thread due 72 business hours after it is read, marks it seen, and acknowledges it in French', async () => {
    t.clock.set('2026-11-27T20:00:00Z'); // Friday, November 27, 2026, 15:00 in Montréal
    try {
      const from = uniqueEmail('lea');
      const messageId = newMessageId();
      await dovecot.append(rawEmail({ from: `Léa Gagnon <${from}>`, subject: 'Changement d’adresse', text: 'Bonjour,\n\nNous avons déménagé au 12, rue Principale.\n<b>Merci</b>', messageId }));
      expect(await seen(messageId)).toBe(false);

      expect(await poller.poll()).toEqual({ skipped: null, opened: 1, replied: 0, duplicates: 0, failed: 0 });
      const thread = await threadOf(messageId);
      expect(thread).toMatchObject({ source: 'email', category: 'other', status: 'open', subject: 'Changement d’adresse', accountId: null, email: from, locale: 'fr' });
      expect(thread.reference).toMatch(/^DM-2026-\d{6}$/);
      expect(thread.receivedAt.toISOString()).toBe('2026-11-27T20:00:00.000Z');
      expect(thread.dueAt.toISOString()).toBe('2026-12-02T20:00:00.000Z'); // Wednesday at 15:00
      expect((await messagesOf(thread.id)).map((m) => [m.author, m.visibility, m.body])).toEqual([['resident', 'public', 'Bonjour,\n\nNous avons déménagé au 12, rue Principale.\n<b>Merci</b>']]);
      expect(await seen(messageId)).toBe(true);

      const [ack] = await t.mailbox.for(from);
      expect(ack.subject).toBe(`[${thread.reference}] Message reçu : Changement d’adresse — ${t.config.cityName}`);
      expect(ack.text).toContain('Bonjour,');
      expect(ack.text).toContain('Nous vous répondrons au plus tard le mercredi 2 décembre 2026 à 15 h.');

      // Nothing unseen is left: the next poll files nothing.
      expect(await poller.poll()).toMatchObject({ opened: 0, replied: 0, duplicates: 0 });
      expect(await t.dataSource.getRepository(Thread).countBy({ email: from })).toBe(1);
    } finally {
      t.clock.reset();
    }
  });

  it('acknowledges in English a message that clearly is, and never an automatic one', async () => {
    const english = uniqueEmail('sam');
    const englishId = newMessageId();
    await dovecot.append(rawEmail({ from: english, subject: 'New address', text: 'Hello, we moved to 12 Main Street. Please update our file. Thank you', messageId: englishId }));
    const robot = uniqueEmail('absent');
    const robotId = newMessageId();
    await dovecot.append(rawEmail({ from: robot, subject: 'Absence du bureau', text: 'Je suis absente jusqu’au 4 janvier.', messageId: robotId, headers: { 'Auto-Submitted': 'auto-replied' } }));
    expect(await poller.poll()).toMatchObject({ opened: 2 });

    expect((await threadOf(englishId)).locale).toBe('en');
    const [ack] = await t.mailbox.for(english);
    expect(ack.subject).toContain('Message received');
    expect(ack.text).toContain('Hello,');
    expect(ack.text).toMatch(/We will answer by (the end of the day on )?\w+day, \w+ \d+, 20\d\d/);

    expect((await threadOf(robotId)).email).toBe(robot);
    expect(await t.mailbox.for(robot)).toEqual([]);
  });

  it('matches a reply by In-Reply-To/References (to the acknowledgement, to a clerk’s reply): a new message, open again, the due time kept', async () => {
    const from = uniqueEmail('noe');
    const first = newMessageId();
    await dovecot.append(rawEmail({ from, subject: 'Inscription de Noé', text: 'Bonjour, une question.', messageId: first }));
    await poller.poll();
    const thread = await threadOf(first);
    const [ack] = await t.mailbox.for(from);
    expect(ack.inReplyTo).toBe(first);

    t.clock.advance(2 * 86_400_000);
    try {
      // The resident answers the acknowledgement, as a mail client does: In-Reply-To the acknowledgement, References the chain.
      const toAck = newMessageId();
      await dovecot.append(rawEmail({ from: `Noé <${from}>`, subject: `Re: ${ack.subject}`, text: 'Une précision :\n- le 12\n- pas le 21', messageId: toAck, headers: { 'In-Reply-To': ack.messageId, References: `${first} ${ack.messageId}` } }));
      expect(await poller.poll()).toMatchObject({ opened: 0, replied: 1 });
      expect((await threadOf(toAck)).id).toBe(thread.id);
      expect(await seen(toAck)).toBe(true);
      // A reply is not acknowledged: the resident already has the reference and the due time.
      expect(await t.mailbox.for(from)).toHaveLength(1);

      // A clerk answers through the desk (the outbox's email carries a Message-ID of ours); the resident answers that email only.
      const { staff } = await loginAsStaff(t, 'clerk');
      await t.app.get(MailboxDesk).reply(thread.id, 'Bonjour, c’est noté.', { kind: 'staff', staffId: staff.id, role: 'clerk' });
      const answered = await t.dataSource.getRepository(Thread).findOneByOrFail({ id: thread.id });
      expect(answered.status).toBe('answered');
      const staffMail = await t.mailbox.last(from);
      expect(staffMail.messageId).toMatch(/^<DM-/);
      const toStaff = newMessageId();
      await dovecot.append(rawEmail({ from, subject: 'Re: Votre message', text: 'Merci !', messageId: toStaff, headers: { 'In-Reply-To': staffMail.messageId } }));
      expect(await poller.poll()).toMatchObject({ opened: 0, replied: 1 });

      const after = await t.dataSource.getRepository(Thread).findOneByOrFail({ id: thread.id });
      expect(after.status).toBe('open');
      expect(after.dueAt.toISOString()).toBe(thread.dueAt.toISOString());
      expect(after.lastMessageAt.getTime()).toBeGreaterThan(thread.lastMessageAt.getTime());
      expect((await messagesOf(thread.id)).map((m) => [m.author, m.body])).toEqual([
        ['resident', 'Bonjour, une question.'],
        ['resident', 'Une précision :\n- le 12\n- pas le 21'],
        ['staff', 'Bonjour, c’est noté.'],
        ['resident', 'Merci !'],
      ]);
    } finally {
      t.clock.reset();
    }
  });

  it('matches a reply by the [DM-…] reference of its subject when it comes from the thread’s address, and only then', async () => {
    const from = uniqueEmail('zoe');
    const first = newMessageId();
    await dovecot.append(rawEmail({ from, subject: 'Question sur le camp', text: 'Bonjour', messageId: first }));
    await poller.poll();
    const thread = await threadOf(first);

    const reply = newMessageId();
    await dovecot.append(rawEmail({ from: from.toUpperCase(), subject: `RE: [${thread.reference}] Message reçu : Question sur le camp`, text: 'Voici le document demandé.', messageId: reply }));
    const stranger = uniqueEmail('intrus');
    const strangerId = newMessageId();
    await dovecot.append(rawEmail({ from: stranger, subject: `RE: [${thread.reference}] Message reçu`, text: 'Je ne suis pas Zoé.', messageId: strangerId }));
    expect(await poller.poll()).toMatchObject({ opened: 1, replied: 1 });

    expect((await threadOf(reply)).id).toBe(thread.id);
    const other = await threadOf(strangerId);
    expect(other.id).not.toBe(thread.id);
    expect(other.email).toBe(stranger);
    expect((await messagesOf(thread.id)).map((m) => m.body)).toEqual(['Bonjour', 'Voici le document demandé.']);
  });

  it('attaches the email of a confirmed resident to the account (whatever its case), not that of an unconfirmed one', async () => {
    const resident = await loggedInResident(t);
    const messageId = newMessageId();
    await dovecot.append(rawEmail({ from: `"Camille Tremblay" <${resident.email.toUpperCase()}>`, subject: 'Mon dossier', text: 'Bonjour, voici ma question.', messageId }));
    const unconfirmed = uniqueEmail('pending');
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(unconfirmed)).expect(202);
    const unconfirmedId = newMessageId();
    await dovecot.append(rawEmail({ from: unconfirmed, subject: 'Pas encore confirmé', text: 'Bonjour', messageId: unconfirmedId }));
    expect(await poller.poll()).toMatchObject({ opened: 2 });

    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email });
    const thread = await threadOf(messageId);
    expect(thread).toMatchObject({ accountId: account.id, email: resident.email });
    const ack = (await t.mailbox.for(resident.email)).find((m) => m.subject.includes(thread.reference));
    expect(ack?.text).toContain('Camille,');
    // The resident sees it among their threads, through the API.
    const listed = await t.http().get('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
    expect(listed.body.items.map((i: { reference: string }) => i.reference)).toContain(thread.reference);

    expect(await threadOf(unconfirmedId)).toMatchObject({ accountId: null, email: unconfirmed });
  });

  describe('a sender is trusted only when the city’s mail server vouches for it (Authentication-Results)', () => {
    const listed = async (resident: { accessToken: string }) => {
      const res = await t.http().get('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
      return res.body.items.map((i: { reference: string }) => i.reference) as string[];
    };
    const apiThread = async (resident: { accessToken: string }) => {
      const res = await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).send({ category: 'other', subject: 'Mon dossier', body: 'Bonjour, une question.' }).expect(201);
      return { id: res.body.id as number, reference: res.body.reference as string };
    };
    const bodiesOf = async (threadId: number) => (await messagesOf(threadId)).map((m) => m.body);
    const mailsAbout = async (text: string) => (await t.mailbox.all()).filter((m) => m.subject.includes(text) || m.text.includes(text));

    it('files a forged email from a resident’s address as « Expéditeur non vérifié »: a thread of its own, on no account, not acknowledged, shown as such to staff', async () => {
      const resident = await loggedInResident(t);
      const messageId = newMessageId();
      const subject = `Gagnez un iPhone ${randomBytes(4).toString('hex')} : https://pirate.example`;
      await dovecot.append(rawEmail({ from: `"Camille Tremblay" <${resident.email}>`, subject, text: 'Cliquez ici.', messageId, authentication: null }));
      expect(await poller.poll()).toMatchObject({ opened: 1, replied: 0 });
      expect(await seen(messageId)).toBe(true);

      const thread = await threadOf(messageId);
      expect(thread).toMatchObject({ accountId: null, email: resident.email, unverifiedSender: true, status: 'open', subject });
      expect(await listed(resident)).not.toContain(thread.reference);
      // Nothing sent anywhere that repeats its subject or names its thread.
      expect(await mailsAbout(subject)).toEqual([]);
      expect(await mailsAbout(thread.reference)).toEqual([]);

      // The panel's thread page says so.
      const { cookie } = await loginAsStaff(t, 'clerk');
      const page = await t.http().get(`/admin/api/resources/threads/records/${thread.id}/show`).set('Cookie', cookie).expect(200);
      expect(page.body.record.params.unverifiedSender).toBe(true);
    });

    it('never adds a forged email to the thread whose [DM-…] reference it quotes, nor to one whose city Message-ID it names', async () => {
      const resident = await loggedInResident(t);
      const { id, reference } = await apiThread(resident);
      const ack = (await t.mailbox.for(resident.email)).find((m) => m.subject.includes(reference))!;
      const byReference = newMessageId();
      await dovecot.append(rawEmail({ from: resident.email, subject: `Re: [${reference}] Mon dossier`, text: 'Annulez tout.', messageId: byReference, authentication: null }));
      const byMessageId = newMessageId();
      await dovecot.append(rawEmail({ from: resident.email, subject: 'Re: Message reçu', text: 'Annulez tout, vraiment.', messageId: byMessageId, headers: { 'In-Reply-To': ack.messageId }, authentication: null }));
      expect(await poller.poll()).toMatchObject({ opened: 2, replied: 0 });

      expect(await bodiesOf(id)).toEqual(['Bonjour, une question.']);
      for (const forged of [byReference, byMessageId]) {
        const thread = await threadOf(forged);
        expect(thread).toMatchObject({ accountId: null, unverifiedSender: true });
        expect(thread.id).not.toBe(id);
      }
      expect(await listed(resident)).toEqual([reference]);
    });

    it('treats as forged an email whose passes were written by another server than the city’s, or below the city’s own verdict', async () => {
      const resident = await loggedInResident(t);
      const { id, reference } = await apiThread(resident);
      const domain = domainOf(resident.email);
      const untrusted = newMessageId();
      await dovecot.append(rawEmail({ from: resident.email, subject: `Re: [${reference}] Mon dossier`, text: 'Autre serveur.', messageId: untrusted, authentication: [`mx.pirate.example; dmarc=pass (p=reject) header.from=${domain}; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}`] }));
      const below = newMessageId();
      await dovecot.append(rawEmail({ from: resident.email, subject: `Re: [${reference}] Mon dossier`, text: 'Sous le verdict.', messageId: below, authentication: [`${TRUSTED_MX}; dmarc=fail (p=reject) header.from=${domain}`, 'relay.example; none', `${TRUSTED_MX}; dmarc=pass header.from=${domain}`] }));
      expect(await poller.poll()).toMatchObject({ opened: 2, replied: 0 });

      expect(await bodiesOf(id)).toEqual(['Bonjour, une question.']);
      for (const forged of [untrusted, below]) expect(await threadOf(forged)).toMatchObject({ accountId: null, unverifiedSender: true });
      expect(await listed(resident)).toEqual([reference]);
      expect((await t.mailbox.for(resident.email)).filter((m) => m.subject.includes('Message reçu'))).toHaveLength(1);
    });

    it('attaches a vouched email as before: on the account, acknowledged, and a reply with its reference joins the thread', async () => {
      const resident = await loggedInResident(t);
      const messageId = newMessageId();
      await dovecot.append(rawEmail({ from: resident.email, subject: 'Question vérifiée', text: 'Bonjour.', messageId, authentication: [`${TRUSTED_MX}; spf=pass smtp.mailfrom=${domainOf(resident.email)}; dkim=pass header.d=${domainOf(resident.email)}`] }));
      expect(await poller.poll()).toMatchObject({ opened: 1 });
      const thread = await threadOf(messageId);
      expect(thread).toMatchObject({ accountId: expect.any(Number), unverifiedSender: false });
      expect(await listed(resident)).toContain(thread.reference);
      expect((await t.mailbox.for(resident.email)).map((m) => m.subject)).toContain(`[${thread.reference}] Message reçu : Question vérifiée — ${t.config.cityName}`);

      const reply = newMessageId();
      await dovecot.append(rawEmail({ from: resident.email, subject: `Re: [${thread.reference}] Message reçu`, text: 'La suite.', messageId: reply }));
      expect(await poller.poll()).toMatchObject({ opened: 0, replied: 1 });
      expect(await bodiesOf(thread.id)).toEqual(['Bonjour.', 'La suite.']);
    });

    it('matches a vouched reply from another address by a Message-ID the city sent, never by one anyone could guess', async () => {
      const resident = await loggedInResident(t);
      const { id, reference } = await apiThread(resident);
      const ack = (await t.mailbox.for(resident.email)).find((m) => m.subject.includes(reference))!;
      expect(ack.messageId).toMatch(new RegExp(`^<${reference}\\.[0-9a-f-]{36}@api\\.test>$`));
      // The other parent, from an address of their own that their server vouches for, answers the acknowledgement.
      const parent = uniqueEmail('parent');
      const answer = newMessageId();
      await dovecot.append(rawEmail({ from: parent, subject: 'Re: Message reçu', text: 'Je confirme.', messageId: answer, headers: { 'In-Reply-To': ack.messageId } }));
      // Someone else, also vouched for, names the Message-IDs a reference makes guessable.
      const guessed = [`<${reference}.1@api.test>`, `<${reference}.ack@api.test>`].map((inReplyTo) => ({ inReplyTo, messageId: newMessageId() }));
      for (const g of guessed) await dovecot.append(rawEmail({ from: uniqueEmail('intrus'), subject: 'Re: Message reçu', text: 'Je devine.', messageId: g.messageId, headers: { 'In-Reply-To': g.inReplyTo, References: g.inReplyTo } }));
      expect(await poller.poll()).toMatchObject({ opened: 2, replied: 1 });

      expect((await threadOf(answer)).id).toBe(id);
      expect(await bodiesOf(id)).toEqual(['Bonjour, une question.', 'Je confirme.']);
      for (const g of guessed) expect((await threadOf(g.messageId)).id).not.toBe(id);
    });
  });

  it('turns an HTML-only email into text, and cuts a very long one at 10 000 characters with a note', async () => {
    const from = uniqueEmail('html');
    const messageId = newMessageId();
    const html = '<html><head><style>p { color: red }</style></head><body><p>Bonjour&nbsp;!</p><p>Nous avons <b>déménagé</b> au <i>12, rue Principale</i>.</p><script>alert("x")</script><img src="https://traceur.exemple/pixel.gif"></body></html>';
    await dovecot.append(rawEmail({ from, subject: 'HTML', html, messageId }));
    const longId = newMessageId();
    await dovecot.append(rawEmail({ from, subject: 'Long', text: 'ab'.repeat(6_000), messageId: longId }));
    expect(await poller.poll()).toMatchObject({ opened: 2 });

    const [message] = await messagesOf((await threadOf(messageId)).id);
    expect(message.body).toMatch(/^Bonjour\s!/); // the &nbsp; of French typography, kept
    expect(message.body).toContain('Nous avons déménagé au 12, rue Principale.');
    expect(message.body).not.toMatch(/[<>]|alert|color/);

    const [long] = await messagesOf((await threadOf(longId)).id);
    expect(long.body.startsWith('ab'.repeat(5_000))).toBe(true);
    expect(long.body.slice(10_000)).toBe('\n\n[Message tronqué : 10000 caractères sur 12000 conservés / Message truncated]');
  });

  it('keeps attachments up to 10 MB, notes those left out, and serves them to staff only, as downloads', async () => {
    const from = uniqueEmail('pj');
    const messageId = newMessageId();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000)]);
    const page = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    // At the limit: more than MySQL's default max_allowed_packet once written as hexadecimal.
    const big = randomBytes(10 * 1024 * 1024);
    await dovecot.append(
      rawEmail({
        from,
        subject: 'Documents',
        text: 'Voici les pièces.',
        messageId,
        attachments: [
          { filename: 'reçu d’impôt 2026.pdf', contentType: 'application/pdf', content: pdf },
          { filename: 'page.html', contentType: 'text/html', content: page },
          { filename: 'plan.png', contentType: 'image/png', content: big },
          { filename: 'vidéo.mp4', contentType: 'video/mp4', content: Buffer.alloc(10 * 1024 * 1024 + 1, 1) },
        ],
      }),
    );
    expect(await poller.poll()).toMatchObject({ opened: 1 });
    const thread = await threadOf(messageId);
    const [message] = await messagesOf(thread.id);
    expect(message.body).toBe('Voici les pièces.\n\n[Pièce jointe non conservée, trop volumineuse (10 Mo ; limite 10 Mo) : vidéo.mp4 / Attachment not kept, too large]');
    const attachments = await t.dataSource.getRepository(ThreadAttachment).find({ where: { threadId: thread.id }, order: { id: 'ASC' } });
    expect(attachments.map((a) => [a.messageId, a.filename, a.contentType, a.size])).toEqual([
      [message.id, 'reçu d’impôt 2026.pdf', 'application/pdf', pdf.length],
      [message.id, 'page.html', 'text/html', page.length],
      [message.id, 'plan.png', 'image/png', big.length],
    ]);

    const { cookie, staff } = await loginAsStaff(t, 'clerk');
    const download = (id: number | string) => t.http().get(`/admin/mailbox/attachments/${id}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const got = await download(attachments[0].id).set('Cookie', cookie).expect(200);
    expect(Buffer.compare(got.body as Buffer, pdf)).toBe(0);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe("attachment; filename=\"recu dimpot 2026.pdf\"; filename*=UTF-8''re%C3%A7u%20d%E2%80%99imp%C3%B4t%202026.pdf");
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toBe('private, no-store');
    const whole = await download(attachments[2].id).set('Cookie', cookie).expect(200);
    expect(Buffer.compare(whole.body as Buffer, big)).toBe(0);
    const html = await download(attachments[1].id).set('Cookie', cookie).expect(200);
    expect(html.headers['content-disposition']).toMatch(/^attachment; /);
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ action: 'view', resource: 'thread_attachments', recordId: String(attachments[0].id), staffId: staff.id })).toBe(1);

    const unknown = await download(999_999_999).set('Cookie', cookie).expect(404);
    expect(JSON.parse(String(unknown.body))).toMatchObject({ status: 404, title: 'Pièce jointe introuvable' });
    await download('abc').set('Cookie', cookie).expect(404);

    // Anyone else: the staff login page, never the file, with or without a resident's token.
    const anonymous = await download(attachments[0].id).expect(302);
    expect(anonymous.headers.location).toBe('/admin/login');
    expect(Buffer.compare(anonymous.body as Buffer, pdf)).not.toBe(0);
    const resident = await loggedInResident(t);
    const asResident = await download(attachments[0].id).set('Authorization', `Bearer ${resident.accessToken}`).expect(302);
    expect(asResident.headers.location).toBe('/admin/login');
  });

  it('files an email over 40 MB from its headers only, with a note, threaded like any other', async () => {
    const from = uniqueEmail('video');
    const messageId = newMessageId();
    await dovecot.append(rawEmail({ from, subject: 'Vidéo du spectacle', text: 'La voici.', messageId, attachments: [{ filename: 'spectacle.mp4', contentType: 'video/mp4', content: randomBytes(31 * 1024 * 1024) }] }));
    expect(await poller.poll()).toMatchObject({ opened: 1, failed: 0 });
    const thread = await threadOf(messageId);
    expect(thread).toMatchObject({ subject: 'Vidéo du spectacle', email: from });
    const [message] = await messagesOf(thread.id);
    expect(message.body).toMatch(/^\[Courriel trop volumineux \(42,\d Mo ; limite 40 Mo\) : son texte et ses pièces jointes ne sont pas conservés/);
    expect(await t.dataSource.getRepository(ThreadAttachment).countBy({ threadId: thread.id })).toBe(0);
    expect(await seen(messageId)).toBe(true);
  });

  it('files an email once when the poll stops between filing it and marking it seen, with or without a Message-ID', async () => {
    for (const messageId of [newMessageId(), null]) {
      const from = uniqueEmail('panne');
      await dovecot.append(rawEmail({ from, subject: 'Panne', text: `Bonjour ${randomBytes(4).toString('hex')}`, messageId }));
      await expect(poller.poll({ stopBeforeMarkingSeen: true })).rejects.toThrow(/before marking it \\Seen/);
      const [thread] = await t.dataSource.getRepository(Thread).findBy({ email: from });
      expect(thread).toBeDefined();
      const [filed] = await messagesOf(thread.id);
      const key = filed.messageId!;
      if (messageId) expect(key).toBe(messageId);
      else expect(key).toMatch(/^<sha256-[0-9a-f]{64}@guichet-loisirs\.invalid>$/);
      expect((await dovecot.flags()).filter((m) => !m.seen)).toHaveLength(1);

      expect(await poller.poll()).toEqual({ skipped: null, opened: 0, replied: 0, duplicates: 1, failed: 0 });
      expect(await t.dataSource.getRepository(Thread).countBy({ email: from })).toBe(1);
      expect(await t.dataSource.getRepository(ThreadMessage).countBy({ messageId: key })).toBe(1);
      expect((await dovecot.flags()).filter((m) => !m.seen)).toEqual([]);
      expect(await t.mailbox.for(from)).toHaveLength(1);
    }
  });

  it('polls from one instance at a time: another holding the lock skips the poll (MySQL/MariaDB)', async () => {
    if (t.config.database.type !== 'mysql') return; // SQLite: one process, nothing to share
    const from = uniqueEmail('verrou');
    const messageId = newMessageId();
    await dovecot.append(rawEmail({ from, subject: 'Verrou', text: 'Bonjour', messageId }));
    const other = await createConnection(t.config.database.url);
    try {
      const lock = `${t.config.database.database}.${IMAP_LOCK}`;
      const [rows] = await other.query('SELECT GET_LOCK(?, 0) AS acquired', [lock]);
      expect((rows as Array<{ acquired: number }>)[0].acquired).toBe(1);
      expect(await poller.poll()).toEqual({ skipped: 'busy', opened: 0, replied: 0, duplicates: 0, failed: 0 });
      expect(await seen(messageId)).toBe(false);
      await other.query('SELECT RELEASE_LOCK(?)', [lock]);
    } finally {
      await other.end();
    }
    expect(await poller.poll()).toMatchObject({ skipped: null, opened: 1 });
    expect(await seen(messageId)).toBe(true);
  });

  it('sets aside an email it fails to file 5 times, seen and flagged in the mailbox for a person, and never counts the database’s outages', async () => {
    const intake = t.app.get(EmailIntake);
    const file = intake.file.bind(intake);
    let databaseAway = false;
    // This email cannot be filed (a reason of its own); while `databaseAway`, none can.
    const spy = jest.spyOn(intake, 'file').mockImplementation(async (raw: Buffer) => {
      if (databaseAway) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
      if (raw.includes('X-Essai: indigeste')) throw new Error('this email cannot be filed');
      return file(raw);
    });
    try {
      const stuck = newMessageId();
      const fine = newMessageId();
      await dovecot.append(rawEmail({ from: uniqueEmail('indigeste'), subject: 'Indigeste', text: 'Bonjour', messageId: stuck, headers: { 'X-Essai': 'indigeste' } }));
      await dovecot.append(rawEmail({ from: uniqueEmail('digeste'), subject: 'Digeste', text: 'Bonjour', messageId: fine }));

      // The database away for two polls: nothing filed, nothing counted against the email.
      databaseAway = true;
      for (let poll = 0; poll < 2; poll++) expect(await poller.poll()).toMatchObject({ opened: 0, failed: 2 });
      databaseAway = false;

      expect(await poller.poll()).toMatchObject({ opened: 1, failed: 1 });
      expect(await seen(fine)).toBe(true);
      for (let poll = 2; poll < FILING_TRIES; poll++) {
        expect(await poller.poll()).toMatchObject({ opened: 0, failed: 1 });
        expect((await dovecot.flags()).find((m) => m.key === stuck)).toEqual({ key: stuck, seen: false, flagged: false });
      }
      // The fifth failure sets it aside: seen and flagged, and the next polls go on without it.
      expect(await poller.poll()).toMatchObject({ opened: 0, failed: 1 });
      expect((await dovecot.flags()).find((m) => m.key === stuck)).toEqual({ key: stuck, seen: true, flagged: true });
      expect(await poller.poll()).toEqual({ skipped: null, opened: 0, replied: 0, duplicates: 0, failed: 0 });
      expect(await t.dataSource.getRepository(ThreadMessage).countBy({ messageId: stuck })).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});
