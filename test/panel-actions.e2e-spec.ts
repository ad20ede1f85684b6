import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Account } from '../src/accounts/account.entity.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { withActions } from '../src/admin/locale/actions.js';
import { fr } from '../src/admin/locale/fr.js';
import { Person } from '../src/dossiers/person.entity.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { StaffSession } from '../src/staff/staff-session.entity.js';
import { Staff } from '../src/staff/staff.entity.js';
import { PASSWORD, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { signupBody, loggedInResident } from './support/residents.js';
import { enrolTotp, loggedInStaff, loginAsStaff, newStaff, postLogin } from './support/staff.js';

/** What must never leave the server in any answer of the panel. */
const SECRETS = /passwordHash|totpSecret|recoveryCode|refreshToken|tokenHash|\$argon2|textBody|htmlBody|"password":"/;

const FR = withActions(fr, 'fr') as { messages: Record<string, string> };

/** The panel's own actions (issue #7, item 6) through AdminJS's API, with real staff sessions. */
describe('the panel’s actions on accounts, the outbox and staff', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let adminId: number;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    for (const role of ['clerk', 'supervisor', 'administrator'] as const) {
      const { cookie, staff } = await loginAsStaff(t, role);
      cookies[role] = cookie;
      if (role === 'administrator') adminId = staff.id;
    }
  });
  afterAll(async () => t?.close());

  /** POSTs an action of AdminJS's API as a role (or a session cookie), as the panel's forms and buttons do. */
  const post = async (who: string, path: string, fields: Record<string, string> = {}, status = 200) => {
    const req = t
      .http()
      .post(`/admin/api/resources/${path}`)
      .set('Cookie', cookies[who] ?? who);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    const res = await req;
    expect(res.status).toBe(status);
    expect(res.text).not.toMatch(SECRETS);
    return res;
  };
  const notice = (res: { body: { notice?: { message: string; type: string } } }) => ({ type: res.body.notice?.type, text: FR.messages[res.body.notice?.message ?? ''] ?? res.body.notice?.message });

  async function pendingAccount(): Promise<{ email: string; id: number }> {
    const email = uniqueEmail('attente');
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const { id } = await t.dataSource.getRepository(Account).findOneByOrFail({ email });
    return { email, id };
  }

  it('resends a pending account’s confirmation through the outbox, within the per-address cap; a supervisor’s forged call is 403', async () => {
    const { email, id } = await pendingAccount();
    await post('supervisor', `accounts/records/${id}/resendConfirmation`, {}, 403);
    expect(await t.mailbox.for(email)).toHaveLength(1);

    const res = await post('clerk', `accounts/records/${id}/resendConfirmation`);
    expect(notice(res)).toEqual({ type: 'success', text: 'Un nouveau lien de confirmation a été mis en file d’envoi' });
    const mails = await t.mailbox.for(email);
    expect(mails).toHaveLength(2);
    expect(mails[1].subject).toBe(mails[0].subject);

    // A GET (a link, the action's screen) changes nothing.
    await t.http().get(`/admin/api/resources/accounts/records/${id}/resendConfirmation`).set('Cookie', cookies.clerk).expect(200);
    expect(await t.mailbox.for(email)).toHaveLength(2);

    // The cap per address (5 an hour) counts the panel's resends with the others.
    for (let i = 0; i < 3; i++) await post('administrator', `accounts/records/${id}/resendConfirmation`);
    const capped = await post('clerk', `accounts/records/${id}/resendConfirmation`);
    expect(notice(capped)).toEqual({ type: 'error', text: 'Trop de courriels ont été envoyés à cette adresse dans la dernière heure : réessayez plus tard' });
    expect(await t.mailbox.for(email)).toHaveLength(5);
  });

  it('sends nothing to a confirmed account', async () => {
    const resident = await loggedInResident(t);
    const { id } = await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email });
    const before = (await t.mailbox.for(resident.email)).length;
    const res = await post('clerk', `accounts/records/${id}/resendConfirmation`);
    expect(notice(res)).toEqual({ type: 'error', text: 'Ce compte est déjà confirmé : aucun lien n’a été envoyé' });
    expect(await t.mailbox.for(resident.email)).toHaveLength(before);
  });

  it('unlocks a resident throttled after failed logins and failed dossier links', async () => {
    const resident = await loggedInResident(t);
    const { id } = await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email });
    const login = (password: string) => t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: resident.email, password });
    for (let i = 0; i < 5; i++) await login(`Mauvais-${i}-Passe`).expect(401);
    await login(PASSWORD).expect(429);
    const link = () =>
      t.http().post('/api/v1/me/dossier/link').set('Authorization', `Bearer ${resident.accessToken}`).set('X-Forwarded-For', uniqueIp()).send({ dossierNumber: '99999999', birthDate: '1980-01-01' });
    for (let i = 0; i < 5; i++) await link().expect(404);
    await link().expect(429);

    await post('supervisor', `accounts/records/${id}/unlock`, {}, 403);
    await login(PASSWORD).expect(429);
    const res = await post('clerk', `accounts/records/${id}/unlock`);
    expect(notice(res)).toEqual({ type: 'success', text: 'Le compte est débloqué : le résident peut se connecter et lier son dossier de nouveau' });
    await login(PASSWORD).expect(200);
    await link().expect(404);
  });

  it('unlinks a dossier from an account, once, and never for a supervisor', async () => {
    const resident = await loggedInResident(t);
    const { id } = await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email });
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-05-05', role: 'holder' }]);
    await t.http().post('/api/v1/me/dossier/link').set('Authorization', `Bearer ${resident.accessToken}`).set('X-Forwarded-For', uniqueIp()).send({ dossierNumber: persons[0].dossierNumber, birthDate: '1980-05-05' }).expect(200);

    await post('supervisor', `accounts/records/${id}/unlinkDossier`, { note: 'Demande du résident' }, 403);
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: persons[0].id })).accountId).toBe(id);
    // Two clerks at once: exactly one unlinks.
    const reason = { note: 'Compte ouvert par erreur' };
    const both = await Promise.all([post('clerk', `accounts/records/${id}/unlinkDossier`, reason), post('administrator', `accounts/records/${id}/unlinkDossier`, reason)]);
    expect(both.map((res) => res.status)).toEqual([200, 200]);
    expect(both.map((res) => notice(res).text).sort()).toEqual(['Aucun dossier n’est lié à ce compte', 'Le dossier a été délié du compte']);
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: persons[0].id })).accountId).toBeNull();
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
    expect(me.body.onboarding).toBe('link_dossier');
  });

  it('never sends a hash or a token in the answers of the accounts’ actions', async () => {
    const { id } = await pendingAccount();
    for (const action of ['resendConfirmation', 'unlock', 'unlinkDossier']) {
      const shown = await t.http().get(`/admin/api/resources/accounts/records/${id}/${action}`).set('Cookie', cookies.clerk).expect(200);
      expect(shown.text).not.toMatch(SECRETS);
      await post('clerk', `accounts/records/${id}/${action}`);
    }
  });

  it('lets an administrator retry a failed email: pending again, attempts kept, due now; the list shows no body', async () => {
    const email = uniqueEmail('echec');
    const outbox = t.dataSource.getRepository(OutboxMessage);
    const { id } = await outbox.save(
      outbox.create({ template: 'verify_email', recipient: email, locale: 'fr', subject: 'Sujet', textBody: 'corps secret', htmlBody: '<p>corps secret</p>', status: 'failed', attempts: 8, nextAttemptAt: new Date(t.clock.now().getTime() + 86_400_000), lastError: 'SMTP 451 refusé' }),
    );
    await post('clerk', `outbox/records/${id}/retry`, {}, 403);
    await post('supervisor', `outbox/records/${id}/retry`, {}, 403);

    const list = await t.http().get('/admin/api/resources/outbox/actions/list?filters.status=failed').set('Cookie', cookies.administrator).expect(200);
    const row = list.body.records.find((r: { id: string }) => String(r.id) === String(id));
    expect(row.params).toMatchObject({ template: 'verify_email', status: 'failed', attempts: 8, lastError: 'SMTP 451 refusé' });
    expect(row.params.recipient).not.toBe(email);
    expect(list.text).not.toContain('corps secret');
    expect(list.text).not.toContain(email);

    const res = await post('administrator', `outbox/records/${id}/retry`);
    expect(notice(res)).toEqual({ type: 'success', text: 'Le courriel a été remis en file d’envoi' });
    expect(res.text).not.toContain('corps secret');
    const row2 = await outbox.findOneByOrFail({ id });
    expect(row2).toMatchObject({ status: 'pending', attempts: 8 });
    expect(row2.nextAttemptAt.getTime()).toBeLessThanOrEqual(t.clock.now().getTime());
    const again = await post('administrator', `outbox/records/${id}/retry`);
    expect(notice(again)).toEqual({ type: 'error', text: 'Ce courriel n’est pas en échec : rien n’a été changé' });
    const lines = await t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'outbox', recordId: String(id) } });
    expect(lines.map((l) => [l.action, l.staffId, l.changes])).toEqual([['retry', adminId, { status: { before: 'failed', after: 'pending' } }]]);
    expect((await t.mailbox.for(email)).map((m) => m.text.trim())).toEqual(['corps secret']);
  });

  it('creates a staff member with a temporary password that passes the policy, administrators only', async () => {
    const email = uniqueEmail('nouveau');
    const fields = { email, displayName: 'Léa Tremblay', role: 'clerk', locale: 'fr', password: 'Soleil-d-hiver-27' };
    await post('clerk', 'staff/actions/new', fields, 403);
    await post('supervisor', 'staff/actions/new', fields, 403);

    const weak = await post('administrator', 'staff/actions/new', { ...fields, password: 'court' });
    expect(weak.body.record.errors.password.message).toMatch(/^Votre mot de passe doit être long d'au moins 8 caractères/);
    expect(weak.body.record.params.email).toBe(email);
    expect(await t.dataSource.getRepository(Staff).countBy({ email })).toBe(0);

    const res = await post('administrator', 'staff/actions/new', fields);
    expect(notice(res).text).toBe('Le compte du personnel a été créé : communiquez-lui son mot de passe temporaire');
    const created = await t.dataSource.getRepository(Staff).findOneByOrFail({ email });
    expect(created).toMatchObject({ displayName: 'Léa Tremblay', role: 'clerk', locale: 'fr', active: true });
    await loggedInStaff(t, { email, password: fields.password });

    const taken = await post('administrator', 'staff/actions/new', fields);
    expect(taken.body.record.errors.email.message).toBe('Un compte du personnel existe déjà avec cette adresse courriel');
  });

  it('edits a member; a change of role or a deactivation ends their session at once', async () => {
    const member = await newStaff(t, 'clerk');
    let session = await loggedInStaff(t, member);
    await t.http().get('/admin/api/resources/persons/actions/list').set('Cookie', session).expect(200);
    await post('supervisor', `staff/records/${member.id}/edit`, { displayName: 'Autre' }, 403);
    await post(session, `staff/records/${member.id}/edit`, { role: 'administrator' }, 403);

    const edited = await post('administrator', `staff/records/${member.id}/edit`, { email: member.email, displayName: 'Marc Côté', role: 'supervisor', locale: 'en', active: 'true' });
    expect(notice(edited).type).toBe('success');
    expect(await t.dataSource.getRepository(Staff).findOneByOrFail({ id: member.id })).toMatchObject({ displayName: 'Marc Côté', role: 'supervisor', locale: 'en', active: true });
    // A new role is a new sign-in (issue 15, finding 2).
    expect((await t.http().get('/admin/api/resources/persons/actions/list').set('Cookie', session)).status).toBe(401);
    session = await loggedInStaff(t, member);
    // Saving the form without changing the role or deactivating keeps the member signed in.
    await post('administrator', `staff/records/${member.id}/edit`, { email: member.email, displayName: 'Marc Côté-Roy', role: 'supervisor', locale: 'fr', active: 'true' });
    await t.http().get('/admin/api/resources/persons/actions/list').set('Cookie', session).expect(200);

    await post('administrator', `staff/records/${member.id}/edit`, { active: 'false' });
    const refused = await t.http().get('/admin/api/resources/persons/actions/list').set('Cookie', session);
    expect(refused.status).toBe(401);

    const moved = await post('administrator', `staff/records/${member.id}/edit`, { email: uniqueEmail('autre') });
    expect(moved.body.record.errors.email.message).toBe('L’adresse courriel d’un membre ne change pas : créez un autre compte');
  });

  it('refuses that an administrator deactivate or demote themselves, in French', async () => {
    for (const fields of [{ active: 'false' }, { role: 'clerk' }] as Array<Record<string, string>>) {
      const res = await post('administrator', `staff/records/${adminId}/edit`, fields);
      expect(notice(res)).toEqual({ type: 'error', text: 'Vous ne pouvez pas désactiver votre propre compte ni retirer votre rôle d’administrateur' });
      expect(Object.values(res.body.record.errors).map((e) => (e as { message: string }).message)).toEqual([
        'Vous ne pouvez pas désactiver votre propre compte ni retirer votre rôle d’administrateur : demandez-le à un autre administrateur',
      ]);
    }
    expect(await t.dataSource.getRepository(Staff).findOneByOrFail({ id: adminId })).toMatchObject({ active: true, role: 'administrator' });
    await t.http().get('/admin/api/resources/staff/actions/list').set('Cookie', cookies.administrator).expect(200);
  });

  it('resets a member’s second factor: enrolment and recovery codes gone, sessions ended', async () => {
    const member = await newStaff(t, 'clerk');
    const { cookie: session } = await enrolTotp(t, await loggedInStaff(t, member));
    const enrolled = await t.dataSource.getRepository(Staff).findOneByOrFail({ id: member.id });
    expect(enrolled.totpSecret).not.toBeNull();

    await post('clerk', `staff/records/${member.id}/resetTwoFactor`, {}, 403);
    await post('supervisor', `staff/records/${member.id}/resetTwoFactor`, {}, 403);
    const res = await post('administrator', `staff/records/${member.id}/resetTwoFactor`);
    expect(notice(res)).toEqual({ type: 'success', text: 'La double authentification a été réinitialisée : le membre devra la configurer de nouveau' });
    expect(await t.dataSource.getRepository(Staff).findOneByOrFail({ id: member.id })).toMatchObject({ totpSecret: null, totpEnrolledAt: null, recoveryCodeHashes: null });
    expect((await t.http().get('/admin/api/resources/persons/actions/list').set('Cookie', session)).status).toBe(401);
    // Signs in again with the password alone (STAFF_MFA=optional here).
    await loggedInStaff(t, member);

    const shown = await t.http().get(`/admin/api/resources/staff/records/${member.id}/edit`).set('Cookie', cookies.administrator).expect(200);
    expect(shown.text).not.toMatch(SECRETS);
  });
});

/** Issue 15, finding 2: a role or an access changed by an administrator reaches the member's open sessions. */
describe('the sessions of a staff member whose role or access changes (STAFF_MFA=admins)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    const member = await newStaff(t, 'administrator');
    // An administrator enrols TOTP before anything opens (STAFF_MFA=admins, the default).
    admin = (await enrolTotp(t, (await postLogin(t, member.email, member.password)).cookie!)).cookie;
  });
  afterAll(async () => t?.close());

  const edit = (id: number, fields: Record<string, string>) => {
    const req = t.http().post(`/admin/api/resources/staff/records/${id}/edit`).set('Cookie', admin);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.expect(200);
  };
  const panelApi = (cookie: string) => t.http().get('/admin/api/resources/persons/actions/list').set('Cookie', cookie);
  const sessionsOf = (staffId: number) => t.dataSource.getRepository(StaffSession).countBy({ staffId });

  it('promoting a signed-in clerk from the panel ends their sessions: the old cookie no longer opens the panel', async () => {
    const clerk = await newStaff(t, 'clerk');
    const cookie = await loggedInStaff(t, clerk);
    await panelApi(cookie).expect(200);
    expect(await sessionsOf(clerk.id)).toBe(1);

    const res = await edit(clerk.id, { role: 'administrator' });
    expect(res.body.notice?.type).toBe('success');
    expect(await t.dataSource.getRepository(Staff).findOneByOrFail({ id: clerk.id })).toMatchObject({ role: 'administrator' });
    expect(await sessionsOf(clerk.id)).toBe(0);
    await panelApi(cookie).expect(401);
    await t.http().get('/admin').set('Cookie', cookie).expect(302).expect('Location', '/admin/login');
    // Signing in again, the new administrator must enrol the second factor first.
    expect((await postLogin(t, clerk.email, clerk.password)).res.headers.location).toBe('/admin/mon-compte/2fa');
  });

  it('deactivating a signed-in member from the panel ends their sessions', async () => {
    const clerk = await newStaff(t, 'clerk');
    const cookie = await loggedInStaff(t, clerk);
    await panelApi(cookie).expect(200);
    expect((await edit(clerk.id, { active: 'false' })).body.notice?.type).toBe('success');
    expect(await sessionsOf(clerk.id)).toBe(0);
    await panelApi(cookie).expect(401);
    await t.http().get('/admin').set('Cookie', cookie).expect(302).expect('Location', '/admin/login');
  });

  it('refuses, on its next request, a session without a second factor whose member now needs one (role changed by any path)', async () => {
    const clerk = await newStaff(t, 'clerk');
    const cookie = await loggedInStaff(t, clerk);
    await panelApi(cookie).expect(200);
    // Past the service (a direct change in the database): the session's own check must hold.
    await t.dataSource.getRepository(Staff).update({ id: clerk.id }, { role: 'administrator' });
    const refused = await panelApi(cookie).expect(401);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    await t.http().get('/admin').set('Cookie', cookie).expect(302).expect('Location', '/admin/mon-compte/2fa');
    // The enrolment opens the panel again, as an administrator.
    const enrolled = await enrolTotp(t, cookie);
    await panelApi(enrolled.cookie).expect(200);
  });
});
