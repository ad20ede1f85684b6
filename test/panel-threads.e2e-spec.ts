import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withActions } from '../src/admin/locale/actions.js';
import { fr } from '../src/admin/locale/fr.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { Thread } from '../src/mailbox/thread.entity.js';
import { Staff } from '../src/staff/staff.entity.js';
import type { StaffRole } from '../src/staff/staff-user.js';
import { startApp, uniqueIp, type TestApp } from './support/app.js';
import { loggedInResident } from './support/residents.js';
import { loginEveryRole, newStaff } from './support/staff.js';

const FR = withActions(fr, 'fr') as { messages: Record<string, string> };

/** The mailbox in the panel (SPEC §4b `threads`): the queue, and a clerk's answer reaching the resident in the same email thread. */
describe('the mailbox in the panel', () => {
  let t: TestApp;
  let cookies: Record<StaffRole, string>;
  let staffIds: Record<StaffRole, number>;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookies, staffIds } = await loginEveryRole(t));
  });
  afterAll(async () => t?.close());

  const post = (role: StaffRole, path: string, fields: Record<string, string> = {}) => {
    const req = t.http().post(`/admin/api/resources/threads${path}`).set('Cookie', cookies[role]);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req;
  };
  const get = (role: StaffRole, path: string) => t.http().get(`/admin/api/resources/threads${path}`).set('Cookie', cookies[role]);
  const notice = (res: { body: { notice?: { message: string; type: string } } }) => ({ type: res.body.notice?.type, text: FR.messages[res.body.notice?.message ?? ''] ?? res.body.notice?.message });

  async function newThread(subject = 'Nouvelle adresse') {
    const resident = await loggedInResident(t);
    const res = await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).send({ category: 'address_change', subject, body: 'Nous avons déménagé au 12, rue Principale.' }).expect(201);
    return { resident, id: res.body.id as number, reference: res.body.reference as string };
  }

  it('lists the threads waiting for the city, the most urgent first; answered ones leave the queue', async () => {
    const first = await newThread('Premier');
    const second = await newThread('Second');
    const queue = await get('clerk', '/actions/list?perPage=500').expect(200);
    const ids = queue.body.records.map((r: { params: { id: number } }) => Number(r.params.id));
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(queue.body.records.every((r: { params: { status: string } }) => r.params.status === 'open')).toBe(true);

    await post('clerk', `/records/${first.id}/reply`, { body: 'C’est noté.' }).expect(200);
    const after = await get('clerk', '/actions/list?perPage=500').expect(200);
    expect(after.body.records.map((r: { params: { id: number } }) => Number(r.params.id))).not.toContain(first.id);
    const all = await get('clerk', '/actions/list?perPage=500&filters.status=all').expect(200);
    expect(all.body.records.map((r: { params: { id: number } }) => Number(r.params.id))).toContain(first.id);
  });

  it('takes, notes and answers a thread from the panel: the resident gets one email in the same thread, never the note', async () => {
    const { resident, id, reference } = await newThread();
    expect(notice(await post('clerk', `/records/${id}/take`).expect(200))).toEqual({ type: 'success', text: 'La conversation vous est assignée' });
    await post('clerk', `/records/${id}/note`, { body: 'Demander une preuve de résidence ?' }).expect(200);
    const empty = await post('clerk', `/records/${id}/reply`, { body: '   ' }).expect(200);
    expect(notice(empty)).toEqual({ type: 'error', text: 'Écrivez un message de 10 000 caractères au plus, sans caractères de contrôle.' });
    const replied = await post('clerk', `/records/${id}/reply`, { body: 'Bonjour,\nVotre adresse est changée.' }).expect(200);
    expect(notice(replied)).toEqual({ type: 'success', text: 'La réponse a été mise en file d’envoi : le résident la recevra par courriel' });

    const thread = await t.dataSource.getRepository(Thread).findOneByOrFail({ id });
    expect(thread).toMatchObject({ status: 'answered', assignedToId: staffIds.clerk });
    const mails = (await t.mailbox.for(resident.email)).filter((m) => m.subject.includes(reference));
    expect(mails.map((m) => m.subject)).toEqual([`[${reference}] Message reçu : Nouvelle adresse — Ville de Baie-Comeau`, `[${reference}] Re : Nouvelle adresse — Ville de Baie-Comeau`]);
    expect(mails[1].inReplyTo).toBe(`<${reference}.1@api.test>`);
    expect(mails[1].text).toContain('Votre adresse est changée.');
    expect(mails[1].text).not.toContain('preuve de résidence');

    // The page: the conversation with the note marked internal, and the reading logged.
    const page = await get('supervisor', `/records/${id}/show`).expect(200);
    const conversation = JSON.parse(page.body.record.params.messages) as Array<{ author: string; visibility: string; staffName: string | null; body: string }>;
    expect(conversation.map((m) => [m.author, m.visibility])).toEqual([['resident', 'public'], ['staff', 'internal'], ['staff', 'public']]);
    expect(conversation[2].staffName).toBe('Test clerk');
    const lines = await t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'threads', recordId: String(id) }, order: { id: 'ASC' } });
    expect(lines.map((l) => l.action)).toEqual(['take', 'note', 'reply', 'view']);
  });

  it('lets supervisors share the queue out but not answer; closes and reopens', async () => {
    const { id } = await newThread();
    await post('supervisor', `/records/${id}/reply`, { body: 'Non' }).expect(403);
    await post('supervisor', `/records/${id}/take`).expect(403);
    const screen = await get('supervisor', `/records/${id}/assign`).expect(200);
    const clerks = JSON.parse(screen.body.record.params.screen) as Array<{ value: string; label: string }>;
    expect(clerks.map((c) => c.value)).toContain(String(staffIds.clerk));
    expect(notice(await post('supervisor', `/records/${id}/assign`, { staffId: String(staffIds.clerk) }).expect(200)).type).toBe('success');
    expect((await t.dataSource.getRepository(Thread).findOneByOrFail({ id })).assignedToId).toBe(staffIds.clerk);

    await post('clerk', `/records/${id}/close`).expect(200);
    expect(notice(await post('clerk', `/records/${id}/reply`, { body: 'Trop tard' }).expect(200))).toEqual({ type: 'error', text: 'Cette conversation est fermée : rouvrez-la avant de répondre.' });
    await post('clerk', `/records/${id}/reopen`).expect(200);
    expect((await t.dataSource.getRepository(Thread).findOneByOrFail({ id })).status).toBe('open');
    // A GET of an action's screen changes nothing.
    await get('clerk', `/records/${id}/close`).expect(200);
    expect((await t.dataSource.getRepository(Thread).findOneByOrFail({ id })).status).toBe('open');
  });

  it('gives threads to active clerks only: an administrator, a supervisor or a deactivated clerk is neither offered nor taken (issue 15, finding 8)', async () => {
    const { id } = await newThread();
    const gone = await newStaff(t, 'clerk');
    await t.dataSource.getRepository(Staff).update({ id: gone.id }, { active: false });
    const screen = await get('supervisor', `/records/${id}/assign`).expect(200);
    const offered = (JSON.parse(screen.body.record.params.screen) as Array<{ value: string }>).map((c) => c.value);
    expect(offered).toContain(String(staffIds.clerk));
    for (const staffId of [staffIds.administrator, staffIds.supervisor, gone.id]) {
      expect(offered).not.toContain(String(staffId));
      expect(notice(await post('supervisor', `/records/${id}/assign`, { staffId: String(staffId) }).expect(200))).toEqual({ type: 'error', text: 'Choisissez un préposé ou une préposée dont le compte est actif.' });
    }
    expect((await t.dataSource.getRepository(Thread).findOneByOrFail({ id })).assignedToId).toBeNull();
  });

  it('shows the resident the city’s answer through the API', async () => {
    const { resident, id } = await newThread();
    await post('clerk', `/records/${id}/reply`, { body: 'Réponse de la Ville' }).expect(200);
    const login = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: resident.email, password: resident.password }).expect(200);
    const seen = await t.http().get(`/api/v1/me/messages/${id}`).set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(seen.body).toMatchObject({ status: 'answered', firstResponseAt: expect.any(String) });
    expect(seen.body.messages.map((m: { author: string; body: string }) => [m.author, m.body])).toEqual([
      ['resident', 'Nous avons déménagé au 12, rue Principale.'],
      ['staff', 'Réponse de la Ville'],
    ]);
  });
});
