import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { REDACTED } from '../src/audit/audit-log.js';
import { Staff } from '../src/staff/staff.entity.js';
import { startApp, uniqueIp, type TestApp } from './support/app.js';
import { enrolTotp, loggedInStaff, newStaff, postLogin, sessionCookie, totpCode } from './support/staff.js';

/** A staff member's own page /admin/mon-compte: their password, their recovery codes, a new authenticator app. */
describe('a staff member’s own account page', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
  });
  afterAll(async () => t?.close());

  const form = (cookie: string, path: string, fields: Record<string, string>) =>
    t.http().post(`/admin/mon-compte${path}`).type('form').set('Cookie', cookie).set('X-Forwarded-For', uniqueIp()).send(fields);
  const panel = (cookie: string) => t.http().get('/admin/api/resources/persons/actions/list').set('Cookie', cookie);
  const linesOf = async (staffId: number) => (await t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'staff', recordId: String(staffId) }, order: { id: 'ASC' } }));
  const WRONG = 'Le mot de passe actuel est incorrect.';

  it('changes their password with the current one and the policy; their other sessions end, this one goes on', async () => {
    const member = await newStaff(t, 'clerk');
    const here = await loggedInStaff(t, member);
    const elsewhere = await loggedInStaff(t, member);
    const page = await t.http().get('/admin/mon-compte').set('Cookie', here).expect(200);
    expect(page.text).toContain('Changer mon mot de passe');

    const next = 'Riviere-gelee-2031';
    const wrong = await form(here, '/mot-de-passe', { current: 'Pas-le-bon-1', password: next, confirm: next }).expect(401);
    expect(wrong.text).toContain(WRONG);
    const weak = await form(here, '/mot-de-passe', { current: member.password, password: 'court', confirm: 'court' }).expect(400);
    expect(weak.text).toContain('Votre mot de passe doit être long d&#39;au moins 8 caractères');
    const mismatch = await form(here, '/mot-de-passe', { current: member.password, password: next, confirm: `${next}x` }).expect(400);
    expect(mismatch.text).toContain('Les mots de passe ne correspondent pas');
    expect((await t.dataSource.getRepository(Staff).findOneByOrFail({ id: member.id })).passwordHash).toBe(member.passwordHash);

    const done = await form(here, '/mot-de-passe', { current: member.password, password: next, confirm: next }).expect(303);
    expect(done.headers.location).toBe('/admin/mon-compte?enregistre=mot-de-passe');
    const renewed = sessionCookie(done);
    expect(renewed).toBeDefined();
    expect((await t.http().get('/admin/mon-compte?enregistre=mot-de-passe').set('Cookie', renewed!).expect(200)).text).toContain('Votre mot de passe a été changé');
    await panel(renewed!).expect(200);
    await panel(elsewhere).expect(401);
    expect((await postLogin(t, member.email, member.password)).res.status).toBe(401);
    await loggedInStaff(t, { email: member.email, password: next });

    const [line] = (await linesOf(member.id)).filter((l) => l.action === 'changePassword');
    expect(line).toMatchObject({ actorKind: 'staff', staffId: member.id });
    expect(line.changes).toEqual({ password: { before: REDACTED, after: REDACTED } });
  });

  it('throttles wrong current passwords like logins', async () => {
    const member = await newStaff(t, 'clerk');
    const cookie = await loggedInStaff(t, member);
    for (let i = 0; i < 5; i++) await form(cookie, '/codes', { current: `Faux-${i}-Passe` }).expect(401);
    const limited = await form(cookie, '/codes', { current: member.password }).expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('gives new recovery codes (the old ones die) and sets up a new app (the old key works until the new one is confirmed)', async () => {
    const member = await newStaff(t, 'supervisor');
    const enrolled = await enrolTotp(t, await loggedInStaff(t, member));
    const page = await t.http().get('/admin/mon-compte').set('Cookie', enrolled.cookie).expect(200);
    expect(page.text).toContain('Obtenir de nouveaux codes de récupération');

    await form(enrolled.cookie, '/codes', { current: 'Pas-le-bon-1' }).expect(401);
    const renewed = await form(enrolled.cookie, '/codes', { current: member.password }).expect(200);
    const codes = [...renewed.text.matchAll(/<li>([a-z0-9]{5}-[a-z0-9]{5})<\/li>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    expect(codes).not.toContain(enrolled.recoveryCodes[0]);
    await panel(enrolled.cookie).expect(200);

    const codeLogin = async (code: string) => {
      const { res, cookie } = await postLogin(t, member.email, member.password);
      expect(res.headers.location).toBe('/admin/login/code');
      return t.http().post('/admin/login/code').type('form').set('Cookie', cookie!).set('X-Forwarded-For', uniqueIp()).send({ code });
    };
    expect((await codeLogin(enrolled.recoveryCodes[0])).status).toBe(401);
    expect((await codeLogin(codes[0])).status).toBe(303);

    // A new phone: the enrolment page with another key, after the password.
    await form(enrolled.cookie, '/2fa/nouvelle-cle', { current: 'Pas-le-bon-1' }).expect(401);
    const asked = await form(enrolled.cookie, '/2fa/nouvelle-cle', { current: member.password }).expect(303);
    expect(asked.headers.location).toBe('/admin/mon-compte/2fa');
    const enrolPage = await t.http().get('/admin/mon-compte/2fa').set('Cookie', enrolled.cookie).expect(200);
    const secret = /data-secret="([A-Z2-7]+)"/.exec(enrolPage.text)?.[1];
    expect(secret).toBeDefined();
    expect(secret).not.toBe(enrolled.secret);
    const before = await t.dataSource.getRepository(Staff).findOneByOrFail({ id: member.id });
    // Not confirmed yet: the current key still signs in.
    t.clock.advance(31_000);
    expect((await codeLogin(totpCode(t, enrolled.secret))).status).toBe(303);
    const confirmed = await t.http().post('/admin/mon-compte/2fa').type('form').set('Cookie', enrolled.cookie).send({ code: totpCode(t, secret!) }).expect(200);
    expect([...confirmed.text.matchAll(/<li>([a-z0-9]{5}-[a-z0-9]{5})<\/li>/g)]).toHaveLength(10);
    const after = await t.dataSource.getRepository(Staff).findOneByOrFail({ id: member.id });
    expect(after.totpSecret).not.toBe(before.totpSecret);
    await panel(enrolled.cookie).expect(200);

    t.clock.advance(31_000);
    expect((await codeLogin(totpCode(t, enrolled.secret))).status).toBe(401);
    expect((await codeLogin(totpCode(t, secret!))).status).toBe(303);
    t.clock.reset();

    const lines = await linesOf(member.id);
    expect(lines.map((l) => [l.action, l.staffId])).toEqual([
      ['create', null],
      ['enrolTwoFactor', member.id],
      ['newRecoveryCodes', member.id],
      ['enrolTwoFactor', member.id],
    ]);
    expect(lines[2].changes).toEqual({ twoFactorRecovery: { before: REDACTED, after: REDACTED } });
    const everything = JSON.stringify(lines);
    for (const value of [secret!, enrolled.secret, ...codes, ...enrolled.recoveryCodes]) expect(everything).not.toContain(value);
  });
});
