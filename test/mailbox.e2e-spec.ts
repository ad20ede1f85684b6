import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CalendarEntry } from '../src/calendar/calendar-entry.entity.js';
import { ThreadMessage } from '../src/mailbox/thread-message.entity.js';
import { Thread } from '../src/mailbox/thread.entity.js';
import { startApp, type TestApp } from './support/app.js';
import { loggedInResident } from './support/residents.js';

/** The inscriptions mailbox through the API (M1–M4): threads, their due time on the Québec calendar, isolation. */
describe('the inscriptions mailbox API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => t?.close());

  const as = (token: string) => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) => t.http().post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
  });

  it('files a message received on a Friday at 15:00 as due the Wednesday at 15:00, and says so by email in French', async () => {
    t.clock.set('2026-11-27T20:00:00Z'); // Friday, November 27, 2026, 15:00 in Montréal
    try {
      const resident = await loggedInResident(t);
      const body = 'Bonjour,\n\nNous avons déménagé au 12, rue Principale.\n<b>Merci</b> & bonne journée';
      const res = await as(resident.accessToken).post('/me/messages', { category: 'address_change', subject: 'Nouvelle adresse', body }).expect(201);
      expect(res.body).toEqual({ id: expect.any(Number), reference: expect.stringMatching(/^DM-2026-\d{6}$/), dueAt: '2026-12-02T15:00:00.000-05:00' });

      const [ack] = (await t.mailbox.for(resident.email)).filter((m) => m.subject.includes(res.body.reference));
      expect(ack.subject).toContain(`[${res.body.reference}]`);
      expect(ack.text).toContain('Nous vous répondrons au plus tard le mercredi 2 décembre 2026 à 15 h.');

      // Stored exactly as written, and given back as text.
      const thread = await as(resident.accessToken).get(`/me/messages/${res.body.id}`).expect(200);
      expect(thread.body).toMatchObject({ reference: res.body.reference, category: 'address_change', categoryLabel: 'Changement d’adresse', subject: 'Nouvelle adresse', status: 'open', dueAt: '2026-12-02T15:00:00.000-05:00' });
      expect(thread.body.messages).toEqual([{ id: expect.any(Number), author: 'resident', body, createdAt: '2026-11-27T15:00:00.000-05:00' }]);
    } finally {
      t.clock.reset();
    }
  });

  it('counts the city’s closures from the database: December 23 is due December 30; an administrator’s removal changes it', async () => {
    t.clock.set('2026-12-23T20:00:00Z'); // Wednesday, December 23, 15:00
    try {
      const resident = await loggedInResident(t);
      const first = await as(resident.accessToken).post('/me/messages', { category: 'other', subject: 'Question', body: 'Bonjour' }).expect(201);
      expect(first.body.dueAt).toBe('2026-12-30T15:00:00.000-05:00');

      const entries = t.dataSource.getRepository(CalendarEntry);
      const closure = await entries.findOneByOrFail({ date: '2026-12-24' });
      await entries.delete(closure.id);
      try {
        const second = await as(resident.accessToken).post('/me/messages', { category: 'other', subject: 'Question 2', body: 'Bonjour' }).expect(201);
        expect(second.body.dueAt).toBe('2026-12-29T15:00:00.000-05:00');
      } finally {
        await entries.insert({ date: '2026-12-24', name: closure.name });
      }
    } finally {
      t.clock.reset();
    }
  });

  it('answers in English with the English categories', async () => {
    t.clock.set('2026-11-28T15:00:00Z'); // a Saturday: due at the end of the third business day
    try {
      const resident = await loggedInResident(t);
      const res = await as(resident.accessToken).post('/me/messages', { category: 'member_change', subject: 'New baby', body: 'Hello' }).set('Accept-Language', 'en').expect(201);
      expect(res.body.dueAt).toBe('2026-12-03T00:00:00.000-05:00');
      const [ack] = (await t.mailbox.for(resident.email)).filter((m) => m.subject.includes(res.body.reference));
      expect(ack.text).toContain('We will answer by the end of the day on Wednesday, December 2, 2026.');
      const thread = await as(resident.accessToken).get(`/me/messages/${res.body.id}`).set('Accept-Language', 'en').expect(200);
      expect(thread.body.categoryLabel).toBe('Adding or removing a member');
    } finally {
      t.clock.reset();
    }
  });

  it('keeps the due time when the resident writes again, lists own threads newest first by pages', async () => {
    const resident = await loggedInResident(t);
    const api = as(resident.accessToken);
    const ids: number[] = [];
    for (const subject of ['Un', 'Deux', 'Trois']) ids.push((await api.post('/me/messages', { category: 'correction', subject, body: 'Texte' }).expect(201)).body.id);
    const before = await api.get(`/me/messages/${ids[0]}`).expect(200);
    t.clock.advance(10 * 60_000);
    const replied = await api.post(`/me/messages/${ids[0]}/replies`, { body: 'Une précision :\n- le 12\n- pas le 21' }).expect(201);
    t.clock.reset();
    expect(replied.body.dueAt).toBe(before.body.dueAt);
    expect(replied.body.messages.map((m: { body: string }) => m.body)).toEqual(['Texte', 'Une précision :\n- le 12\n- pas le 21']);

    const page1 = await api.get('/me/messages?pageSize=2').expect(200);
    expect(page1.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(page1.body.items.map((i: { id: number }) => i.id)).toEqual([ids[2], ids[1]]);
    const page2 = await api.get('/me/messages?page=2&pageSize=2').expect(200);
    expect(page2.body.items.map((i: { id: number }) => i.id)).toEqual([ids[0]]);
    const bad = await api.get('/me/messages?pageSize=1000').expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'pageSize', code: 'invalid_value' })]);
  });

  it('never shows internal notes to the resident', async () => {
    const resident = await loggedInResident(t);
    const api = as(resident.accessToken);
    const { body } = await api.post('/me/messages', { category: 'other', subject: 'Note', body: 'Bonjour' }).expect(201);
    await t.dataSource.getRepository(ThreadMessage).insert({ threadId: body.id, author: 'staff', staffId: null, visibility: 'internal', body: 'Note interne : vérifier le dossier' });
    const thread = await api.get(`/me/messages/${body.id}`).expect(200);
    expect(thread.body.messages).toHaveLength(1);
    expect(JSON.stringify(thread.body)).not.toContain('Note interne');
  });

  it('isolates residents: B cannot read, reply to or guess A’s threads (404 alike)', async () => {
    const a = await loggedInResident(t);
    const b = await loggedInResident(t);
    const { body } = await as(a.accessToken).post('/me/messages', { category: 'other', subject: 'Privé', body: 'Secret de A' }).expect(201);
    const seen = await as(b.accessToken).get(`/me/messages/${body.id}`).expect(404);
    expect(seen.body).toMatchObject({ status: 404, title: 'Conversation introuvable' });
    await as(b.accessToken).post(`/me/messages/${body.id}/replies`, { body: 'Intrusion' }).expect(404);
    await as(b.accessToken).get('/me/messages/999999999').expect(404);
    await as(b.accessToken).get('/me/messages/abc').expect(404);
    const listed = await as(b.accessToken).get('/me/messages').expect(200);
    expect(listed.body.items.map((i: { id: number }) => i.id)).not.toContain(body.id);
    expect(await t.dataSource.getRepository(ThreadMessage).countBy({ threadId: body.id })).toBe(1);
    await t.http().get(`/api/v1/me/messages/${body.id}`).expect(401);
  });

  it('refuses bad input field by field, in French', async () => {
    const resident = await loggedInResident(t);
    const res = await as(resident.accessToken).post('/me/messages', { category: 'complaint', subject: 'Ligne 1\nLigne 2', body: 'x'.repeat(10_001) }).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'category', code: 'category_invalid' }),
        expect.objectContaining({ field: 'subject', code: 'characters_invalid' }),
        expect.objectContaining({ field: 'body', code: 'too_long' }),
      ]),
    );
    const empty = await as(resident.accessToken).post('/me/messages', { category: 'other', subject: ' ', body: '   ' }).expect(400);
    expect(empty.body.errors.map((e: { field: string; message: string }) => [e.field, e.message])).toEqual(
      expect.arrayContaining([
        ['subject', 'Ce champ est requis'],
        ['body', 'Ce champ est requis'],
      ]),
    );
    // The longest body fits, emoji counted as one character each.
    const long = '😀'.repeat(10_000);
    const ok = await as(resident.accessToken).post('/me/messages', { category: 'other', subject: 'Long', body: long }).expect(201);
    const stored = await t.dataSource.getRepository(ThreadMessage).findOneByOrFail({ threadId: ok.body.id });
    expect(stored.body).toBe(long);
    expect(await t.dataSource.getRepository(Thread).countBy({ id: ok.body.id })).toBe(1);
  });
});
