import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { MailboxDesk } from '../src/mailbox/mailbox-desk.service.js';
import { Thread } from '../src/mailbox/thread.entity.js';
import { Staff } from '../src/staff/staff.entity.js';
import { startApp, uniqueIp, type TestApp } from './support/app.js';
import { loggedInResident } from './support/residents.js';
import { newStaff } from './support/staff.js';

/**
 * The staff's side of the mailbox (M4) through its service, the resident's through HTTP: a reply
 * answers the thread, records the response time in business hours, and reaches the resident in
 * the same email thread. (The panel's actions on `threads` call these methods.)
 */
describe('the mailbox desk', () => {
  let t: TestApp;
  let desk: MailboxDesk;

  beforeAll(async () => {
    t = await startApp();
    desk = t.app.get(MailboxDesk);
  });
  afterAll(async () => t?.close());

  it('answers a Friday 15:00 thread on Monday 10:00: 19 business hours, one email threaded under the acknowledgement', async () => {
    const clerk = await newStaff(t, 'clerk');
    const actor = { kind: 'staff' as const, staffId: clerk.id, role: 'clerk' as const };
    // A week in the past (the outbox sends what is due by the real time once the clock is reset).
    t.clock.set('2026-11-20T20:00:00Z'); // Friday 15:00
    let resident: Awaited<ReturnType<typeof loggedInResident>>;
    let id: number;
    try {
      resident = await loggedInResident(t);
      ({ id } = (await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).send({ category: 'address_change', subject: 'Nouvelle adresse', body: 'Nous avons déménagé.' }).expect(201)).body);
      t.clock.set('2026-11-23T15:00:00Z'); // Monday 10:00
      await desk.take(id, actor);
      await desk.note(id, 'Vérifier le bail avant de changer l’adresse', actor);
      await desk.reply(id, 'Bonjour,\n\nC’est fait : votre nouvelle adresse est enregistrée.\n<script>alert(1)</script>', actor);
    } finally {
      t.clock.reset();
    }

    const thread = await t.dataSource.getRepository(Thread).findOneByOrFail({ id });
    expect(thread).toMatchObject({ status: 'answered', assignedToId: clerk.id, responseMinutes: 19 * 60 });
    expect(thread.firstResponseAt?.toISOString()).toBe('2026-11-23T15:00:00.000Z');

    const mails = (await t.mailbox.for(resident.email)).filter((m) => m.subject.includes(thread.reference));
    expect(mails).toHaveLength(2);
    const [ack, reply] = mails;
    expect(reply.subject).toBe(`[${thread.reference}] Re : Nouvelle adresse — Ville de Baie-Comeau`);
    expect(reply.text).toContain('C’est fait : votre nouvelle adresse est enregistrée.');
    expect(reply.html).toContain('&#60;script&#62;');
    expect(reply.html).not.toContain('<script>');
    // Threaded: the reply answers the resident's message, which the acknowledgement answered too.
    expect(reply.messageId).toMatch(new RegExp(`^<${thread.reference}\\.[0-9a-f-]+@api\\.test>$`));
    expect(ack.inReplyTo).toBe(`<${thread.reference}.1@api.test>`);
    expect(reply.inReplyTo).toBe(`<${thread.reference}.1@api.test>`);
    expect(reply.references).toEqual([`<${thread.reference}.1@api.test>`]);
    expect(reply.text).not.toContain('Vérifier le bail');

    // The resident sees the reply, never the note.
    const login = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: resident.email, password: resident.password }).expect(200);
    const seen = await t.http().get(`/api/v1/me/messages/${id}`).set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(seen.body.status).toBe('answered');
    expect(seen.body.messages.map((m: { author: string }) => m.author)).toEqual(['resident', 'staff']);
    expect(JSON.stringify(seen.body)).not.toContain('Vérifier le bail');

    // A second reply threads under the first one; the first response time stays.
    await desk.reply(id, 'Autre précision.', actor);
    const second = (await t.mailbox.for(resident.email)).filter((m) => m.subject.includes(thread.reference))[2];
    expect(second.inReplyTo).toBe(reply.messageId);
    expect(second.references).toEqual([`<${thread.reference}.1@api.test>`, reply.messageId]);
    expect((await t.dataSource.getRepository(Thread).findOneByOrFail({ id })).responseMinutes).toBe(19 * 60);

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'threads', recordId: String(id) }, order: { id: 'ASC' } });
    expect(audit.map((a) => [a.action, a.staffId])).toEqual([
      ['take', clerk.id],
      ['note', clerk.id],
      ['reply', clerk.id],
      ['reply', clerk.id],
    ]);
    expect(audit[0].changes).toEqual({ assignedToId: { before: null, after: clerk.id } });
    expect(audit[2].changes).toMatchObject({ status: { before: 'open', after: 'answered' } });
  });

  it('closes and reopens; a closed thread takes no reply; assigning needs an active staff member', async () => {
    const clerk = await newStaff(t, 'clerk');
    const actor = { kind: 'staff' as const, staffId: clerk.id, role: 'clerk' as const };
    const resident = await loggedInResident(t);
    const { id } = (await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).send({ category: 'other', subject: 'Merci', body: 'Merci !' }).expect(201)).body;
    await desk.close(id, actor);
    await expect(desk.close(id, actor)).rejects.toMatchObject({ code: 'thread_status_unchanged' });
    await expect(desk.reply(id, 'Trop tard', actor)).rejects.toMatchObject({ code: 'thread_closed' });
    await desk.reopen(id, actor);
    expect((await t.dataSource.getRepository(Thread).findOneByOrFail({ id })).status).toBe('open');
    // Sharing work out is a supervisor's (the role table, checked by the service too): a clerk is refused.
    await expect(desk.assign(id, clerk.id, actor)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    const administrator = await newStaff(t, 'administrator');
    const supervisor = await newStaff(t, 'supervisor');
    const supervising = { kind: 'staff' as const, staffId: supervisor.id, role: 'supervisor' as const };
    await expect(desk.assign(id, 999_999, supervising)).rejects.toMatchObject({ code: 'staff_not_assignable' });
    // Issue 15, finding 8: work goes to active clerks only (`mayBeAssigned`), as for requests.
    const gone = await newStaff(t, 'clerk');
    await t.dataSource.getRepository(Staff).update({ id: gone.id }, { active: false });
    for (const staffId of [administrator.id, supervisor.id, gone.id, Number('abc')]) {
      await expect(desk.assign(id, staffId, supervising)).rejects.toMatchObject({ code: 'staff_not_assignable', status: 422 });
    }
    expect((await t.dataSource.getRepository(Thread).findOneByOrFail({ id })).assignedToId).toBeNull();
    // A supervisor answers nothing, whichever route calls the desk.
    await expect(desk.take(id, supervising)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(desk.reply(id, 'Bonjour', supervising)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    // An administrator may still take a thread themselves (the role matrix: they do everything clerks do).
    expect((await desk.take(id, { kind: 'staff', staffId: administrator.id, role: 'administrator' })).assignedToId).toBe(administrator.id);
    await expect(desk.take(id, { kind: 'resident', accountId: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(desk.reply(987_654_321, 'x', actor)).rejects.toMatchObject({ code: 'thread_not_found' });
  });
});
