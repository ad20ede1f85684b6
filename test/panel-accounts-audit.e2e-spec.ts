import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Account } from '../src/accounts/account.entity.js';
import { EmailToken } from '../src/accounts/email-token.entity.js';
import { withActions } from '../src/admin/locale/actions.js';
import { fr } from '../src/admin/locale/fr.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { REDACTED } from '../src/audit/audit-log.js';
import { Person } from '../src/dossiers/person.entity.js';
import { Staff } from '../src/staff/staff.entity.js';
import { PASSWORD, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { loggedInResident, signupBody } from './support/residents.js';
import { enrolTotp, loggedInStaff, loginEveryRole } from './support/staff.js';

const FR = withActions(fr, 'fr') as { messages: Record<string, string> };

/** The audit lines (SPEC S2) of the panel's actions on resident accounts and on staff. */
describe('the audit of the panel’s actions on accounts and staff', () => {
  let t: TestApp;
  let cookies: Record<string, string>;
  let staffIds: Record<string, number>;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookies, staffIds } = await loginEveryRole(t));
  });
  afterAll(async () => t?.close());

  const post = (role: string, path: string, fields: Record<string, string> = {}) => {
    const req = t.http().post(`/admin/api/resources/${path}`).set('Cookie', cookies[role]);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req;
  };
  const notice = (res: { body: { notice?: { message: string; type: string } } }) => ({ type: res.body.notice?.type, text: FR.messages[res.body.notice?.message ?? ''] ?? res.body.notice?.message });
  const linesOf = async (resource: string, recordId: number) =>
    (await t.dataSource.getRepository(AuditEntry).find({ where: { resource, recordId: String(recordId) }, order: { id: 'ASC' } })).filter((line) => line.action !== 'view');

  async function pendingAccount(): Promise<number> {
    const email = uniqueEmail('attente');
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    return (await t.dataSource.getRepository(Account).findOneByOrFail({ email })).id;
  }

  it('records who resent a confirmation link; the links themselves never reach the log', async () => {
    const id = await pendingAccount();
    await post('supervisor', `accounts/records/${id}/resendConfirmation`).expect(403);
    expect(await linesOf('accounts', id)).toEqual([]);

    await post('clerk', `accounts/records/${id}/resendConfirmation`).expect(200);
    const lines = await linesOf('accounts', id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ actorKind: 'staff', staffId: staffIds.clerk, action: 'resendConfirmation', resource: 'accounts', recordId: String(id), note: null });
    // The sign-up's link died and a new one was sent: both masked.
    expect(lines[0].changes).toEqual({ confirmationToken: { before: REDACTED, after: REDACTED } });
    const hashes = (await t.dataSource.getRepository(EmailToken).findBy({ accountId: id })).map((token) => token.tokenHash);
    expect(hashes).toHaveLength(2);
    for (const hash of hashes) expect(JSON.stringify(lines)).not.toContain(hash);
  });

  it('records an unlock with the failed attempts it forgot', async () => {
    const resident = await loggedInResident(t);
    const { id } = await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email });
    for (let i = 0; i < 3; i++) await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: resident.email, password: `Mauvais-${i}-Passe` }).expect(401);

    await post('supervisor', `accounts/records/${id}/unlock`).expect(403);
    expect(await linesOf('accounts', id)).toEqual([]);
    await post('administrator', `accounts/records/${id}/unlock`).expect(200);
    const [line] = await linesOf('accounts', id);
    expect(line).toMatchObject({ staffId: staffIds.administrator, action: 'unlock', resource: 'accounts' });
    expect(line.changes).toEqual({ failedLogins: { before: 3, after: 0 } });
    // Forgotten indeed: five more wrong passwords before the limit, not two.
    for (let i = 0; i < 5; i++) await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: resident.email, password: `Autre-${i}-Passe` }).expect(401);
    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: resident.email, password: PASSWORD }).expect(429);
  });

  it('unlinks a dossier only with a reason, kept as the line’s note and shown in the account’s history', async () => {
    const resident = await loggedInResident(t);
    const { id } = await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email });
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-05-05', role: 'holder' }]);
    const person = persons[0];
    await t.http().post('/api/v1/me/dossier/link').set('Authorization', `Bearer ${resident.accessToken}`).set('X-Forwarded-For', uniqueIp()).send({ dossierNumber: person.dossierNumber, birthDate: '1980-05-05' }).expect(200);

    for (const fields of [{}, { note: '   ' }] as Array<Record<string, string>>) {
      const refused = await post('clerk', `accounts/records/${id}/unlinkDossier`, fields).expect(200);
      expect(notice(refused)).toEqual({ type: 'error', text: 'Indiquez le motif pour lequel le dossier est délié : rien n’a été changé' });
      // The clerk stays on the screen to write the reason.
      expect(refused.body.redirectUrl).toBeUndefined();
    }
    await post('supervisor', `accounts/records/${id}/unlinkDossier`, { note: 'Demande du résident' }).expect(403);
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: person.id })).accountId).toBe(id);
    // Only the resident's own link is there (issue 15, finding 9: with its IP).
    expect((await linesOf('accounts', id)).map((l) => l.action)).toEqual(['linkDossier']);

    const done = await post('clerk', `accounts/records/${id}/unlinkDossier`, { note: '  Le résident a lié le dossier de son ex-conjoint  ' }).expect(200);
    expect(notice(done)).toEqual({ type: 'success', text: 'Le dossier a été délié du compte' });
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: person.id })).accountId).toBeNull();
    const [, line] = await linesOf('accounts', id);
    expect(line).toMatchObject({ staffId: staffIds.clerk, action: 'unlinkDossier', resource: 'accounts', recordId: String(id), note: 'Le résident a lié le dossier de son ex-conjoint' });
    expect(line.changes).toEqual({ dossierNumber: { before: person.dossierNumber, after: null }, personId: { before: String(person.id), after: null } });

    const shown = await t.http().get(`/admin/api/resources/accounts/records/${id}/show`).set('Cookie', cookies.supervisor).expect(200);
    const history = JSON.parse(shown.body.record.params.history) as Array<{ who: string; action: string; note: string | null }>;
    expect(history.find((entry) => entry.action === 'Dossier délié')).toMatchObject({ who: 'Test clerk', note: 'Le résident a lié le dossier de son ex-conjoint' });

    // Nothing left to unlink: no second line.
    await post('administrator', `accounts/records/${id}/unlinkDossier`, { note: 'Encore' }).expect(200);
    expect(await linesOf('accounts', id)).toHaveLength(2);
  });

  it('records the staff writes with their values before and after, and never a password, hash, secret or recovery code', async () => {
    const email = uniqueEmail('audite');
    const temporary = 'Soleil-d-hiver-27';
    await post('clerk', 'staff/actions/new', { email, displayName: 'Léa Tremblay', role: 'clerk', locale: 'fr', password: temporary }).expect(403);
    await post('supervisor', 'staff/actions/new', { email, displayName: 'Léa Tremblay', role: 'clerk', locale: 'fr', password: temporary }).expect(403);
    await post('administrator', 'staff/actions/new', { email, displayName: 'Léa Tremblay', role: 'clerk', locale: 'fr', password: temporary }).expect(200);
    const member = await t.dataSource.getRepository(Staff).findOneByOrFail({ email });

    const [created] = await linesOf('staff', member.id);
    expect(created).toMatchObject({ staffId: staffIds.administrator, action: 'create', resource: 'staff', recordId: String(member.id) });
    expect(created.changes).toEqual({
      email: { before: null, after: email },
      displayName: { before: null, after: 'Léa Tremblay' },
      role: { before: null, after: 'clerk' },
      locale: { before: null, after: 'fr' },
      active: { before: null, after: true },
      password: { before: null, after: REDACTED },
    });

    // The member enrols a second factor: its secret and recovery codes exist now.
    const { secret, recoveryCodes } = await enrolTotp(t, await loggedInStaff(t, { email, password: temporary }));

    const second = 'Riviere-gelee-2031';
    await post('supervisor', `staff/records/${member.id}/edit`, { displayName: 'Autre' }).expect(403);
    await post('administrator', `staff/records/${member.id}/edit`, { email, displayName: 'Léa Tremblay-Roy', role: 'supervisor', locale: 'fr', active: 'true', password: second }).expect(200);
    await post('administrator', `staff/records/${member.id}/resetTwoFactor`).expect(200);
    await post('administrator', `staff/records/${member.id}/edit`, { email, displayName: 'Léa Tremblay-Roy', role: 'supervisor', locale: 'en', active: 'false' }).expect(200);
    // A form saved without a change writes no line.
    await post('administrator', `staff/records/${member.id}/edit`, { email, displayName: 'Léa Tremblay-Roy', role: 'supervisor', locale: 'en', active: 'false' }).expect(200);

    const lines = await linesOf('staff', member.id);
    expect(lines.map((line) => [line.action, line.staffId])).toEqual([
      ['create', staffIds.administrator],
      ['enrolTwoFactor', member.id],
      ['update', staffIds.administrator],
      ['resetTwoFactor', staffIds.administrator],
      ['update', staffIds.administrator],
    ]);
    expect(lines[2].changes).toEqual({
      displayName: { before: 'Léa Tremblay', after: 'Léa Tremblay-Roy' },
      role: { before: 'clerk', after: 'supervisor' },
      password: { before: REDACTED, after: REDACTED },
    });
    expect(lines[3].changes).toEqual({
      totpEnrolledAt: { before: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), after: null },
      twoFactorSecret: { before: REDACTED, after: null },
      twoFactorRecovery: { before: REDACTED, after: null },
    });
    expect(lines[4].changes).toEqual({ locale: { before: 'fr', after: 'en' }, active: { before: true, after: false } });

    // No secret value anywhere in the log, in any form.
    const everything = JSON.stringify(await t.dataSource.getRepository(AuditEntry).find());
    for (const value of [temporary, second, secret, ...recoveryCodes, member.passwordHash]) expect(everything).not.toContain(value);
    expect(everything).not.toContain('$argon2');
  });
});
