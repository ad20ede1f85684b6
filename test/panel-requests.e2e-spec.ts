import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withActions } from '../src/admin/locale/actions.js';
import { fr } from '../src/admin/locale/fr.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { Membership } from '../src/dossiers/membership.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { loggedInResident } from './support/residents.js';
import { StaffAccounts } from '../src/staff/staff-accounts.service.js';
import { Staff } from '../src/staff/staff.entity.js';
import { loginAsStaff, newStaff } from './support/staff.js';

const FR = withActions(fr, 'fr') as { messages: Record<string, string> };
const HOUR = 3_600_000;

/** A last name no other run has used: MariaDB keeps the persons of earlier runs, which would be duplicates. */
function uniqueName(): string {
  return `Tremblay${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
}

/** Dossier-number requests as the clerks' tasks (issue #8, item 1), through AdminJS's API with real staff sessions. */
describe('the clerks’ queue of dossier-number requests', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const ids: Record<string, number> = {};

  /** Staff sessions of each role (again after the clock moved past their idle timeout). */
  async function logIn(): Promise<void> {
    for (const role of ['clerk', 'supervisor', 'administrator'] as const) {
      const { cookie, staff } = await loginAsStaff(t, role);
      cookies[role] = cookie;
      ids[role] = staff.id;
    }
  }

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    await logIn();
  });
  afterAll(async () => t?.close());

  function requestBody(email: string, lastName = uniqueName()) {
    return {
      applicant: { firstName: 'Camille', lastName, birthDate: '1988-02-29' },
      address: { civicNumber: '1234', street: 'boulevard La Salle', apartment: '3', city: 'Baie-Comeau', postalCode: 'g4z1a1' },
      members: [{ firstName: 'Zoé', lastName, birthDate: '2018-08-08', relationship: 'child' }],
      email,
      phone: '(418) 296-8100',
      consent: true,
    };
  }

  /** A request through the public API; its id. */
  async function submitted(options: { email?: string; token?: string; lastName?: string; lang?: string } = {}): Promise<{ id: number; email: string; reference: string }> {
    const email = options.email ?? uniqueEmail('demande');
    const req = t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp());
    if (options.token) req.set('Authorization', `Bearer ${options.token}`);
    if (options.lang) req.set('Accept-Language', options.lang);
    const res = await req.send(requestBody(email, options.lastName)).expect(201);
    const { id } = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
    return { id, email, reference: res.body.reference };
  }

  /** POSTs an action's form as AdminJS's API client does (multipart fields). */
  const post = async (who: string, id: number, action: string, fields: Record<string, string> = {}, status = 200) => {
    const req = t.http().post(`/admin/api/resources/dossier_requests/records/${id}/${action}`).set('Cookie', cookies[who]);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    const res = await req;
    expect(res.status).toBe(status);
    return res;
  };
  const notice = (res: { body: { notice?: { message: string; type: string } } }) => ({ type: res.body.notice?.type, text: FR.messages[res.body.notice?.message ?? ''] ?? res.body.notice?.message });
  const stored = (id: number) => t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id });
  const auditOf = (id: number) => t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'dossier_requests', recordId: String(id) }, order: { id: 'ASC' } });

  it('takes a request from submission to the linked dossier: take, ask, answer, approve, numbers emailed, link', async () => {
    const resident = await loggedInResident(t);
    const request = await submitted({ email: resident.email, token: resident.accessToken });

    // Nothing changes on a GET of an action's screen.
    await t.http().get(`/admin/api/resources/dossier_requests/records/${request.id}/take`).set('Cookie', cookies.clerk).expect(200);
    expect((await stored(request.id)).status).toBe('submitted');

    expect(notice(await post('clerk', request.id, 'take'))).toEqual({ type: 'success', text: 'La demande vous est assignée et est en traitement' });
    expect(await stored(request.id)).toMatchObject({ status: 'in_review', assignedToId: ids.clerk });

    // The question is required, kept on the request and emailed.
    expect(notice(await post('clerk', request.id, 'askInfo', { question: '  ' }))).toEqual({ type: 'error', text: 'Écrivez la question à poser au demandeur' });
    const question = 'Quelle est la date de naissance exacte de Zoé ?';
    expect(notice(await post('clerk', request.id, 'askInfo', { question }))).toEqual({ type: 'success', text: 'La question a été envoyée au demandeur' });
    expect(await stored(request.id)).toMatchObject({ status: 'needs_info', infoQuestion: question });
    const asked = await t.mailbox.last(resident.email);
    expect(asked.subject).toContain(request.reference);
    expect(asked.text).toContain(question);

    // Approving while waiting for the applicant is refused with a French notice, not a 500.
    expect(notice(await post('clerk', request.id, 'approve'))).toEqual({ type: 'error', text: FR.messages.request_transition_not_allowed });
    expect(FR.messages.request_transition_not_allowed).toMatch(/^Impossible : la demande/);

    expect(notice(await post('clerk', request.id, 'resume', { note: 'Le demandeur confirme le 8 août 2018 par courriel.' }))).toEqual({ type: 'success', text: 'La réponse est notée : la demande est de nouveau en traitement' });
    expect((await stored(request.id)).status).toBe('in_review');

    const approved = await post('clerk', request.id, 'approve', { household: 'new' });
    expect(notice(approved)).toEqual({ type: 'success', text: 'La demande est approuvée : les numéros de dossier ont été envoyés au demandeur' });
    const after = await stored(request.id);
    expect(after.status).toBe('approved');
    const members = await t.dataSource.getRepository(Membership).find({ where: { householdId: after.householdId! }, relations: { person: true } });
    expect(members).toHaveLength(2);
    const numbers = await t.mailbox.last(resident.email);
    const holder = members.find((m) => m.role === 'holder')!.person;
    expect(numbers.text).toContain(holder.dossierNumber);

    // The applicant links their account with the number received.
    const number = /Camille \S+ : (\d+)/.exec(numbers.text)?.[1];
    expect(number).toBe(holder.dossierNumber);
    await t.http().post('/api/v1/me/dossier/link').set('Authorization', `Bearer ${resident.accessToken}`).set('X-Forwarded-For', uniqueIp()).send({ dossierNumber: number, birthDate: '1988-02-29' }).expect(200);

    // Each action wrote its audit line with the fields before and after.
    const lines = await auditOf(request.id);
    const actions = lines.filter((l) => l.action !== 'view');
    expect(actions.map((l) => l.action)).toEqual(['take', 'askInfo', 'resume', 'approve']);
    expect(actions.every((l) => l.staffId === ids.clerk)).toBe(true);
    expect(actions[0].changes).toMatchObject({ status: { before: 'submitted', after: 'in_review' }, assignedToId: { before: null, after: ids.clerk } });
    expect(actions[1].changes).toMatchObject({ status: { before: 'in_review', after: 'needs_info' }, infoQuestion: { before: null, after: question } });
    expect(actions[1].note).toBe(question);
    expect(actions[2]).toMatchObject({ changes: { status: { before: 'needs_info', after: 'in_review' } }, note: 'Le demandeur confirme le 8 août 2018 par courriel.' });
    expect(actions[3].changes).toMatchObject({ status: { before: 'in_review', after: 'approved' }, householdId: { before: null, after: after.householdId } });

    // The request's page: the applicant's account, the assignee, its history.
    const show = await t.http().get(`/admin/api/resources/dossier_requests/records/${request.id}/show`).set('Cookie', cookies.supervisor).expect(200);
    expect(show.body.record.params.account).toContain(resident.email);
    expect(show.body.record.params.assignedTo).toBe('Test clerk');
  });

  it('rejects with a reason of the list and the clerk’s words, emailed in the request’s language', async () => {
    const request = await submitted({ lang: 'en' });
    expect(notice(await post('clerk', request.id, 'reject', { reason: 'nonsense' }))).toEqual({ type: 'error', text: 'Choisissez le motif du refus' });
    const res = await post('clerk', request.id, 'reject', { reason: 'not_resident', details: 'The address is in Pointe-Lebel.' });
    expect(notice(res)).toEqual({ type: 'success', text: 'La demande est refusée : le motif a été envoyé au demandeur' });
    expect(await stored(request.id)).toMatchObject({ status: 'rejected', rejectionReason: 'not_resident', decisionNote: 'The address is in Pointe-Lebel.' });
    const mail = await t.mailbox.last(request.email);
    expect(mail.text).toContain('Reason: Address outside the city.');
    expect(mail.text).toContain('The address is in Pointe-Lebel.');
    const [line] = (await auditOf(request.id)).filter((l) => l.action === 'reject');
    expect(line.changes).toMatchObject({ status: { before: 'submitted', after: 'rejected' }, rejectionReason: { before: null, after: 'not_resident' } });

    // A decided request moves no more: French notices, nothing written.
    for (const action of ['take', 'approve', 'reject']) {
      expect(notice(await post('clerk', request.id, action, { reason: 'other' }))).toEqual({ type: 'error', text: FR.messages.request_transition_not_allowed });
    }
    expect((await auditOf(request.id)).filter((l) => l.action !== 'view')).toHaveLength(1);
  });

  it('lets a supervisor read and assign, never take, approve or reject (403 before AdminJS)', async () => {
    const request = await submitted();
    for (const action of ['take', 'approve', 'reject', 'askInfo', 'resume']) await post('supervisor', request.id, action, { reason: 'other', question: 'Q ?', note: 'N' }, 403);
    expect((await stored(request.id)).status).toBe('submitted');

    const screen = await t.http().get(`/admin/api/resources/dossier_requests/records/${request.id}/assign`).set('Cookie', cookies.supervisor).expect(200);
    const clerks = JSON.parse(screen.body.record.params.screen) as Array<{ value: string; label: string }>;
    expect(clerks.map((c) => c.value)).toContain(String(ids.clerk));
    expect(clerks.map((c) => c.value)).not.toContain(String(ids.supervisor));
    expect(notice(await post('supervisor', request.id, 'assign', { clerkId: String(ids.supervisor) }))).toEqual({ type: 'error', text: 'Choisissez un préposé ou une préposée dont le compte est actif' });
    expect(notice(await post('supervisor', request.id, 'assign', { clerkId: String(ids.clerk) }))).toEqual({ type: 'success', text: 'La demande a été confiée' });
    expect(await stored(request.id)).toMatchObject({ status: 'submitted', assignedToId: ids.clerk });
    const [line] = (await auditOf(request.id)).filter((l) => l.action === 'assign');
    expect(line).toMatchObject({ staffId: ids.supervisor, changes: { assignedToId: { before: null, after: ids.clerk } } });
    await post('clerk', request.id, 'assign', { clerkId: String(ids.clerk) }, 403);
  });

  it('gives requests to active clerks only, by the same rule as threads: no administrator, no deactivated clerk (issue 15, finding 8)', async () => {
    const request = await submitted();
    const gone = await newStaff(t, 'clerk');
    await t.dataSource.getRepository(Staff).update({ id: gone.id }, { active: false });
    const screen = await t.http().get(`/admin/api/resources/dossier_requests/records/${request.id}/assign`).set('Cookie', cookies.supervisor).expect(200);
    const offered = (JSON.parse(screen.body.record.params.screen) as Array<{ value: string }>).map((c) => c.value);
    for (const staffId of [ids.administrator, gone.id]) {
      expect(offered).not.toContain(String(staffId));
      expect(notice(await post('supervisor', request.id, 'assign', { clerkId: String(staffId) }))).toEqual({ type: 'error', text: 'Choisissez un préposé ou une préposée dont le compte est actif' });
    }
    expect(await stored(request.id)).toMatchObject({ assignedToId: null });
  });

  it('shows the possible duplicates with their dossier and household, and adds to one of those households', async () => {
    const lastName = uniqueName();
    const first = await submitted({ lastName });
    await post('clerk', first.id, 'take');
    await post('clerk', first.id, 'approve', { household: 'new' });
    const household = (await stored(first.id)).householdId!;
    const zoe = await t.dataSource.getRepository(Person).findOneByOrFail({ firstName: 'Zoé', lastName });

    const second = await submitted({ lastName });
    const show = await t.http().get(`/admin/api/resources/dossier_requests/records/${second.id}/show`).set('Cookie', cookies.clerk).expect(200);
    expect(show.body.record.params.duplicates).toContain(`Zoé ${lastName} — dossier ${zoe.dossierNumber} — famille n° ${household}`);
    expect(show.body.record.params.duplicates).toContain('même nom et même date de naissance que le membre 1');

    await post('clerk', second.id, 'take');
    const screen = await t.http().get(`/admin/api/resources/dossier_requests/records/${second.id}/approve`).set('Cookie', cookies.clerk).expect(200);
    expect(JSON.parse(screen.body.record.params.screen).households.map((h: { value: string }) => h.value)).toEqual([String(household)]);
    expect(notice(await post('clerk', second.id, 'approve', { household: 'number', dossierNumber: '99999999' }))).toEqual({ type: 'error', text: 'Aucune famille ne correspond à ce numéro de dossier' });
    expect((await stored(second.id)).status).toBe('in_review');
    expect(notice(await post('clerk', second.id, 'approve', { household: 'number', dossierNumber: zoe.dossierNumber }))).toMatchObject({ type: 'success' });
    expect((await stored(second.id)).householdId).toBe(household);
  });

  it('approves once when two clerks approve at the same moment: one household, one email', async () => {
    const other = await loginAsStaff(t, 'clerk');
    cookies.other = other.cookie;
    const request = await submitted();
    await post('clerk', request.id, 'take');
    const before = (await t.mailbox.for(request.email)).length;
    const both = await Promise.all([post('clerk', request.id, 'approve', { household: 'new' }), post('other', request.id, 'approve', { household: 'new' })]);
    expect(both.map((res) => notice(res).type).sort()).toEqual(['error', 'success']);
    const after = await stored(request.id);
    expect(after.status).toBe('approved');
    const persons = await t.dataSource.getRepository(Membership).count({ where: { householdId: after.householdId! } });
    expect(persons).toBe(2);
    const created = await t.dataSource.getRepository(Person).count({ where: { email: request.email } });
    expect(created).toBe(1);
    expect(await t.mailbox.for(request.email)).toHaveLength(before + 1);
    expect((await auditOf(request.id)).filter((l) => l.action === 'approve')).toHaveLength(1);
  });

  it('lists the queue: open requests by default, oldest first, with their age; filters by status, assignee, period and lateness', async () => {
    // SQLite stores the creation time to the second: the period starts a second early.
    const start = new Date(Date.now() - 1000);
    const a = await submitted();
    t.clock.advance(76 * HOUR);
    const b = await submitted();
    await logIn();
    const list = async (query = '') => (await t.http().get(`/admin/api/resources/dossier_requests/actions/list?perPage=500${query}`).set('Cookie', cookies.clerk).expect(200)).body.records as Array<{ id: string; params: Record<string, unknown> }>;
    const rows = await list();
    expect(rows.every((r) => ['submitted', 'in_review', 'needs_info'].includes(String(r.params.status)))).toBe(true);
    const position = (id: number) => rows.findIndex((r) => Number(r.id) === id);
    expect(position(a.id)).toBeGreaterThanOrEqual(0);
    expect(position(a.id)).toBeLessThan(position(b.id));
    expect(rows[position(a.id)].params.age).toBe('3 j 4 h');

    await post('clerk', a.id, 'take');
    await post('clerk', b.id, 'reject', { reason: 'incomplete' });
    expect((await list()).map((r) => Number(r.id))).not.toContain(b.id);
    expect((await list('&filters.status=rejected')).map((r) => Number(r.id))).toContain(b.id);
    expect((await list('&filters.status=all')).map((r) => Number(r.id))).toEqual(expect.arrayContaining([a.id, b.id]));
    const mine = await list(`&filters.assignedTo=${ids.clerk}`);
    expect(mine.map((r) => Number(r.id))).toContain(a.id);
    expect(mine.every((r) => r.params.assignedTo === 'Test clerk')).toBe(true);
    expect((await list('&filters.assignedTo=Test%20cl')).map((r) => Number(r.id))).toContain(a.id);
    expect((await list('&filters.assignedTo=aucun')).map((r) => Number(r.id))).not.toContain(a.id);
    const since = await list(`&filters.status=all&filters.createdAt~~from=${encodeURIComponent(start.toISOString())}`);
    expect(since.map((r) => Number(r.id))).toEqual(expect.arrayContaining([a.id, b.id]));
    const until = await list(`&filters.status=all&filters.createdAt~~to=${encodeURIComponent(start.toISOString())}`);
    expect(until.map((r) => Number(r.id))).not.toContain(a.id);
    expect((await list('&filters.late=true')).map((r) => Number(r.id))).not.toContain(a.id);
    expect((await list('&filters.late=false')).map((r) => Number(r.id))).toContain(a.id);
  });

  it('refuses an assignment to a deactivated clerk', async () => {
    const gone = await newStaff(t, 'clerk');
    await t.app.get(StaffAccounts).update(gone.id, { active: false }, { kind: 'staff', staffId: ids.administrator, role: 'administrator' });
    const request = await submitted();
    expect(notice(await post('administrator', request.id, 'assign', { clerkId: String(gone.id) }))).toEqual({ type: 'error', text: 'Choisissez un préposé ou une préposée dont le compte est actif' });
  });
});
