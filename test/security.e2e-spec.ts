import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Router, type Request, type Response } from 'express';
import request from 'supertest';
import { Account } from '../src/accounts/account.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { StaffSession } from '../src/staff/staff-session.entity.js';
import { PASSWORD, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { tokenIn } from './support/mailbox.js';
import { confirmedResident, loggedInResident, signupBody } from './support/residents.js';
import { enrolTotp, loggedInStaff, loginAsStaff, newStaff, postLogin, sessionCookie, totpCode } from './support/staff.js';

const YEAR = 365 * 24 * 3_600_000;
const EVIL = 'https://malveillant.example';

/**
 * The checks docs/security.md points to that no feature's own spec makes: headers, caching, media
 * types, CORS, URLs, logs, unexpected errors, mass assignment, password handling, the end of a
 * panel session. Real HTTP through the app on the test database, as every e2e spec.
 */
describe('ASVS level 2 checks (docs/security.md)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp(
      { STAFF_MFA: 'optional' },
      {
        // A route that fails as a bug would, with an address in its message: what the last-resort handler makes of it.
        mount: (app) => {
          const broken = Router();
          broken.get('/panne', (_req: Request, _res: Response) => {
            throw new Error('cannot read the dossier of jean.tremblay@exemple.ca');
          });
          app.use('/essai', broken);
        },
      },
    );
  });
  afterAll(async () => t?.close());

  /** Outside t.http(): for answers the API document does not describe (a preflight, an unknown page). */
  const raw = () => request(t.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('answers the API and the panel with Cache-Control: no-store, tokens and personal data included; public files stay cacheable', async () => {
    const resident = await confirmedResident(t);
    const login = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send(resident).expect(200);
    const answers = [
      login,
      await t.http().get('/api/v1/me').set(bearer(login.body.accessToken)).expect(200),
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200),
      await t.http().get('/api/v1/me').expect(401),
    ];
    const { cookie } = await loginAsStaff(t, 'clerk');
    answers.push(
      await raw().get('/admin').set('Cookie', cookie).expect(200),
      await raw().get('/admin/api/resources/persons/actions/list').set('Cookie', cookie).expect(200),
      await raw().get('/admin/mon-compte').set('Cookie', cookie).expect(200),
      await raw().get('/admin/login').expect(200),
    );
    for (const res of answers) expect(`${res.status} ${res.headers['cache-control']}`).toBe(`${res.status} no-store`);
    // Files without anyone's data keep their own policy.
    expect((await raw().get('/portail/portail.js').expect(200)).headers['cache-control']).toBe('public, max-age=300');
    expect((await raw().get('/admin/brand/logo.svg').expect(200)).headers['cache-control']).toBe('public, max-age=3600');
  });

  it('refuses a body that is not JSON with 415 unsupported_media_type before any route runs; JSON and no body pass', async () => {
    const email = uniqueEmail();
    const body = signupBody(email);
    const refused = [
      await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).set('Content-Type', 'text/plain').send(JSON.stringify(body)),
      await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).type('form').send(body),
      await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).field('email', email).field('password', PASSWORD),
      await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).set('Content-Type', 'application/xml').send(`<login><email>${email}</email></login>`),
    ];
    for (const res of refused) {
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 415, code: 'unsupported_media_type', detail: 'Envoyez le corps en JSON (application/json).' });
    }
    expect(await t.dataSource.getRepository(Account).countBy({ email })).toBe(0);
    expect(await t.mailbox.for(email)).toHaveLength(0);

    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).set('Content-Type', 'application/json; charset=utf-8').send(JSON.stringify(body)).expect(202);
    const resident = await loggedInResident(t);
    await t.http().post('/api/v1/auth/logout').set(bearer(resident.accessToken)).expect(204);
  });

  it('sends no CORS header: another site’s page reads nothing of the API, and its preflight is refused', async () => {
    const resident = await loggedInResident(t);
    const read = await t.http().get('/api/v1/me').set(bearer(resident.accessToken)).set('Origin', EVIL).expect(200);
    const preflight = await raw()
      .options('/api/v1/me')
      .set('Origin', EVIL)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');
    expect(preflight.status).toBe(405);
    for (const res of [read, preflight]) {
      expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('sets the security headers on API answers as on pages: nosniff, no framing, a CSP, HSTS, no X-Powered-By', async () => {
    for (const res of [await t.http().get('/api/v1/registration-periods').expect(200), await t.http().get('/api/v1/me').expect(401), await raw().get('/nowhere').expect(404)]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('keeps tokens out of URLs: no secret in any query parameter of the API, none in the panel’s redirects', () => {
    const query = Object.entries(t.openapi.document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        ((operation as { parameters?: Array<{ in: string; name: string }> }).parameters ?? []).filter((p) => p.in === 'query').map((p) => `${method.toUpperCase()} ${path} ?${p.name}`),
      ),
    );
    // The one token in a URL is the single-use link of an old confirmation email, which only redirects (and is redacted from the logs).
    expect(query.filter((q) => /token|password|secret|key|session|code/i.test(q))).toEqual(['GET /api/v1/auth/verify-email ?token']);
  });

  it('reads a repeated query parameter as no valid value, never as a list or the first of them', async () => {
    const resident = await loggedInResident(t);
    const page = await t.http().get('/api/v1/me/messages?page=1&page=2').set(bearer(resident.accessToken)).expect(400);
    expect(page.body.errors).toEqual([expect.objectContaining({ field: 'page' })]);
    await t.http().get('/api/v1/me/messages?page=1&pageSize=5').set(bearer(resident.accessToken)).expect(200);
    // An old email link with two tokens: the confirmation page gets none of them.
    const link = await t.http().get('/api/v1/auth/verify-email?token=aaa&token=bbb').expect(303);
    expect(link.headers.location).toBe(`${t.config.portalUrl}/confirmation?token=`);
  });

  it('makes session ids and tokens of at least 128 random bits, and keeps nothing else in the browser', async () => {
    const clerk = await newStaff(t, 'clerk');
    const { res, cookie } = await postLogin(t, clerk.email, clerk.password);
    const sid = decodeURIComponent(cookie!.split('=')[1]).replace(/^s:/, '').split('.')[0];
    expect(sid).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    // The session cookie and the language of the sign-in pages, nothing more.
    expect((res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0].replace(/=.*/, '=')).sort()).toEqual(['guichet_langue=', 'guichet_personnel=']);
    expect(String(res.headers['set-cookie'])).toMatch(/guichet_langue=fr;/);
    const resident = await loggedInResident(t);
    expect(resident.refreshToken).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect((await raw().get('/portail/portail.js').expect(200)).text).not.toMatch(/localStorage|sessionStorage|indexedDB|document\.cookie/);
  });

  it('keeps the staff session id in its cookie only: never in a redirect, a page or the body of an answer', async () => {
    const clerk = await newStaff(t, 'clerk');
    const { res, cookie } = await postLogin(t, clerk.email, clerk.password);
    const sid = decodeURIComponent(cookie!.split('=')[1]).replace(/^s:/, '').split('.')[0];
    const pages = [res, await raw().get('/admin').set('Cookie', cookie!), await raw().get('/admin/mon-compte').set('Cookie', cookie!), await raw().get('/admin/api/resources/persons/actions/list').set('Cookie', cookie!)];
    for (const page of pages) {
      expect(String(page.headers.location ?? '')).not.toContain(sid);
      expect(page.text ?? '').not.toContain(sid);
    }
  });

  it('logs every request with its status and who by number, never a password, code, recovery code, session id or link token: one JSON object per line, in UTC', async () => {
    t.logs.length = 0;
    // Staff: a login, enrolment, a login with a TOTP code, one with a recovery code, a new password.
    const clerk = await newStaff(t, 'clerk', 'Mot-de-passe-du-commis-7');
    const first = await loggedInStaff(t, clerk);
    const { secret, recoveryCodes, cookie } = await enrolTotp(t, first);
    t.clock.advance(31_000);
    const withCode = await postLogin(t, clerk.email, clerk.password);
    const code = totpCode(t, secret);
    await raw().post('/admin/login/code').type('form').set('Cookie', withCode.cookie!).send({ code }).expect(303);
    const withRecovery = await postLogin(t, clerk.email, clerk.password);
    await raw().post('/admin/login/code').type('form').set('Cookie', withRecovery.cookie!).send({ code: recoveryCodes[0] }).expect(303);
    const next = 'Nouveau-passe-du-commis-8';
    const changed = await raw().post('/admin/mon-compte/mot-de-passe').type('form').set('Cookie', cookie).send({ current: clerk.password, password: next, confirm: next }).expect(303);
    const renewed = sessionCookie(changed)!;
    // Residents: a reset by email link, a wrong login, a token in a URL, a line break and a forged log line in a path.
    const resident = await confirmedResident(t);
    await t.http().post('/api/v1/auth/password/forgot').set('X-Forwarded-For', uniqueIp()).send({ email: resident.email }).expect(202);
    const resetToken = tokenIn(await t.mailbox.last(resident.email));
    const newPassword = 'Aurore-boreale-2031';
    await t.http().post('/api/v1/auth/password/reset').set('X-Forwarded-For', uniqueIp()).send({ token: resetToken, password: newPassword, passwordConfirmation: newPassword }).expect(204);
    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: resident.email, password: 'Pas-le-bon-2031' }).expect(401);
    await raw().get(`/api/v1/auth/verify-email?token=${resetToken}`).expect(303);
    await raw().get('/api/v1/nothing%0A%7B%22level%22%3A60%2C%22msg%22%3A%22forged%22%7D').expect(404);
    const login = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: resident.email, password: newPassword }).expect(200);
    const me = await t.http().get('/api/v1/me').set(bearer(login.body.accessToken)).set('X-Request-Id', 'asvs-me').expect(200);
    // A dead session (its id was replaced at the code step), then the one the new password renewed.
    await raw().get('/admin/api/resources/persons/actions/list').set('Cookie', withCode.cookie!).set('X-Request-Id', 'asvs-panel').expect(401);
    await raw().get('/admin/api/resources/persons/actions/list').set('Cookie', renewed).set('X-Request-Id', 'asvs-panel-ok').expect(200);

    // Each request's access line: its status (the guards' decisions) and who, by number only.
    const access = (id: string) => t.logs.map((line) => JSON.parse(line) as { req?: { id: string; account?: number; staff?: number }; res?: { statusCode: number } }).find((entry) => entry.req?.id === id);
    expect(access('asvs-me')).toMatchObject({ req: { method: 'GET', url: '/api/v1/me', account: me.body.id }, res: { statusCode: 200 } });
    expect(access('asvs-panel')).toMatchObject({ res: { statusCode: 401 } });
    expect(access('asvs-panel')?.req?.staff).toBeUndefined();
    expect(access('asvs-panel-ok')).toMatchObject({ req: { staff: clerk.id }, res: { statusCode: 200 } });
    const sids = [first, cookie, renewed, withCode.cookie!, withRecovery.cookie!].map((c) => decodeURIComponent(c.split('=')[1]).replace(/^s:/, '').split('.')[0]);
    const all = t.logs.join('');
    for (const secretValue of [clerk.password, next, secret, code, ...recoveryCodes, ...sids, resident.password, newPassword, resetToken, resident.email, clerk.email]) {
      expect(all).not.toContain(secretValue);
    }
    expect(all).toContain('token=[redacted]');
    const lines = all.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      const entry = JSON.parse(line) as { time: string; msg?: string };
      expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(entry.msg).not.toBe('forged');
    }
  });

  it('answers an unexpected error with a generic 500 problem and the request id, and logs the cause without the address', async () => {
    t.logs.length = 0;
    const res = await raw().get('/essai/panne').set('X-Request-Id', 'asvs-panne-1').set('Accept-Language', 'en');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['x-request-id']).toBe('asvs-panne-1');
    expect(res.body).toMatchObject({ status: 500, code: 'internal_error', title: 'Internal error' });
    expect(res.text).not.toMatch(/dossier|jean|exemple|Error|\.ts|\.js:\d+/);
    const logged = t.logs.map((line) => JSON.parse(line) as { requestId?: string; err?: { message?: string; stack?: string }; level: number });
    const cause = logged.find((entry) => entry.requestId === 'asvs-panne-1' && entry.err);
    expect(cause?.level).toBe(50);
    expect(cause?.err?.message).toBe('cannot read the dossier of [address]');
    expect(t.logs.join('')).not.toContain('jean.tremblay@exemple.ca');
  });

  it('ignores the fields a caller may not set: a sign-up cannot confirm itself, a clerk’s edit keeps to its record and its editable fields', async () => {
    const email = uniqueEmail();
    const forged = { ...signupBody(email), emailVerifiedAt: '2020-01-01T00:00:00Z', id: 999_999, passwordHash: 'x', locale: 'en', role: 'administrator' };
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(forged).expect(202);
    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ email });
    expect(account.emailVerifiedAt).toBeNull();
    expect(account.id).not.toBe(999_999);
    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password: PASSWORD }).expect(403);

    const { cookie } = await loginAsStaff(t, 'clerk');
    const [target] = (await createHousehold(t.dataSource, [{ birthDate: '1979-03-03', role: 'holder' }])).persons;
    const [other] = (await createHousehold(t.dataSource, [{ birthDate: '1981-04-04', role: 'holder' }])).persons;
    const persons = t.dataSource.getRepository(Person);
    const [before, otherBefore] = await Promise.all([persons.findOneByOrFail({ id: target.id }), persons.findOneByOrFail({ id: other.id })]);
    // AdminJS reads the record's id from the form it merged: an `id` naming another person must not move the edit there.
    await raw()
      .post(`/admin/api/resources/persons/records/${before.id}/edit`)
      .set('Cookie', cookie)
      .field('phone', '418 555 0177')
      .field('accountId', String(account.id))
      .field('lastNameKey', 'zzz')
      .field('id', String(other.id))
      .expect(200);
    const after = await persons.findOneByOrFail({ id: before.id });
    expect(after).toEqual({ ...before, phone: '418-555-0177', updatedAt: after.updatedAt });
    expect(await persons.findOneByOrFail({ id: other.id })).toEqual(otherBefore);
  });

  it('reads % and _ in a panel search as the characters they are, never as SQL wildcards', async () => {
    const { cookie } = await loginAsStaff(t, 'clerk');
    const [person] = (await createHousehold(t.dataSource, [{ birthDate: '1985-05-05', role: 'holder' }])).persons;
    await t.dataSource.getRepository(Person).update(person.id, { email: `joker.${person.id}@exemple.ca` });
    const byEmail = async (prefix: string) =>
      ((await raw().get(`/admin/api/resources/persons/actions/list?filters.email=${encodeURIComponent(prefix)}`).set('Cookie', cookie).expect(200)).body.records as Array<{ id: number }>).map((r) => Number(r.id));
    expect(await byEmail(`joker.${person.id}@`)).toEqual([person.id]);
    for (const wildcard of ['%', `joker_${person.id}`, `%${person.id}@`, `joker.${person.id}@exemple.c_`]) expect(await byEmail(wildcard)).toEqual([]);
  });

  it('lists no folder and serves no hidden or server file', async () => {
    const { cookie } = await loginAsStaff(t, 'clerk');
    for (const path of ['/.git/config', '/.env', '/data/secrets.json', '/package.json', '/api/v1/', '/portail/../package.json', '/admin/brand/../../package.json', '/admin/brand/.DS_Store']) {
      const res = await raw().get(path).set('Cookie', cookie);
      expect(`${path} ${res.status}`).toBe(`${path} 404`);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    // A folder of the panel's files: the login page for a stranger, a 404 for staff.
    expect((await raw().get('/admin/brand/').expect(302)).headers.location).toBe('/admin/login');
    await raw().get('/admin/brand/').set('Cookie', cookie).expect(404);
  });

  it('keeps a password whole: 64 to 128 characters of any Unicode, spaces and emoji included, never cut; 129 refused', async () => {
    const long = `Été 🏒 à Baie-Comeau ${'x'.repeat(120)}`;
    const password = [...long].slice(0, 128).join('');
    expect([...password]).toHaveLength(128);
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email, { password, passwordConfirmation: password })).expect(202);
    await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(await t.mailbox.last(email)) }).expect(200);
    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password }).expect(200);
    // The same but for its last character, or cut short: refused.
    for (const other of [`${password.slice(0, -1)}y`, password.slice(0, 72), password.slice(0, 64)]) {
      await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password: other }).expect(401);
    }
    const sixtyFour = `${'Été 🏒 '.repeat(9)}Comeau-1`.slice(0, 64);
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(uniqueEmail(), { password: sixtyFour, passwordConfirmation: sixtyFour })).expect(202);
    const tooLong = `${password}z`;
    const refused = await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(uniqueEmail(), { password: tooLong, passwordConfirmation: tooLong })).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'password', code: 'password_too_long' })]);
  });

  it('stores each password as argon2id (19 MiB, t=2, p=1) with a salt of its own, even for the same password', async () => {
    const one = await confirmedResident(t);
    const two = await confirmedResident(t);
    expect(one.password).toBe(two.password);
    const [a, b] = await Promise.all([one, two].map(({ email }) => t.dataSource.getRepository(Account).findOneByOrFail({ email })));
    for (const { passwordHash } of [a, b]) expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22,}\$[A-Za-z0-9+/]{43,}$/);
    const salt = (hash: string) => hash!.split('$')[4];
    expect(salt(a.passwordHash!)).not.toBe(salt(b.passwordHash!));
    expect(a.passwordHash).not.toBe(b.passwordHash);
  });

  it('never asks for a new password over time: a password set years ago still logs in', async () => {
    const resident = await confirmedResident(t);
    const clerk = await newStaff(t, 'clerk');
    t.clock.advance(3 * YEAR);
    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send(resident).expect(200);
    await loggedInStaff(t, clerk);
  });

  it('lets password managers fill and paste: each password field says what it holds, and no page handles paste', async () => {
    const { cookie } = await loginAsStaff(t, 'clerk');
    const pages = [
      ['staff login', (await raw().get('/admin/login').expect(200)).text],
      ['staff account', (await raw().get('/admin/mon-compte').set('Cookie', cookie).expect(200)).text],
      ['portal reset', (await raw().get('/portail/mot-de-passe?token=x').expect(200)).text],
    ] as const;
    for (const [name, html] of pages) {
      const fields = html.match(/<input[^>]*type="password"[^>]*>/g) ?? [];
      expect(`${name}: ${fields.length > 0}`).toBe(`${name}: true`);
      for (const field of fields) expect(field).toMatch(/autocomplete="(current-password|new-password)"/);
      expect(html).not.toMatch(/onpaste|oncopy|autocomplete="off"|<script(?![^>]*\ssrc=)/i);
    }
    expect((await raw().get('/portail/portail.js').expect(200)).text).not.toMatch(/paste|clipboard/i);
  });

  it('ends the panel session at logout: the server’s row, the cookie and what the browser kept of the panel', async () => {
    const clerk = await newStaff(t, 'clerk');
    const cookie = await loggedInStaff(t, clerk);
    const sid = decodeURIComponent(cookie.split('=')[1]).replace(/^s:/, '').split('.')[0];
    const row = { id: createHash('sha256').update(sid).digest('hex') };
    expect(await t.dataSource.getRepository(StaffSession).countBy(row)).toBe(1);
    // Over plain http browsers ignore Clear-Site-Data (and warn): only over https, here through the trusted proxy.
    expect((await raw().get('/admin/logout').set('Cookie', await loggedInStaff(t, clerk)).expect(302)).headers['clear-site-data']).toBeUndefined();
    const out = await raw().post('/admin/logout').set('Cookie', cookie).set('X-Forwarded-Proto', 'https').expect(303);
    expect(out.headers['clear-site-data']).toBe('"cache", "storage"');
    expect(String(out.headers['set-cookie'])).toMatch(/guichet_personnel=; Path=\/admin; Expires=Thu, 01 Jan 1970/);
    expect(await t.dataSource.getRepository(StaffSession).countBy(row)).toBe(0);
    // The old cookie, replayed (the back button, a copy): nothing.
    await raw().get('/admin/api/resources/persons/actions/list').set('Cookie', cookie).expect(401);
    expect((await raw().get('/admin').set('Cookie', cookie).expect(302)).headers.location).toBe('/admin/login');
    expect(sessionCookie(out) ?? '').toBe('guichet_personnel=');
  });
});
