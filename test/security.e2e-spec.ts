import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Router, type Request, type Response } from 'express';
import request from 'supertest';
import { Account } from '../src/accounts/account.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { StaffSession } from '../src/staff/staff-session.entity.js';
import { PASSWORD, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { portalScript } from './support/portal.js';
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
    const script = portalScript((await raw().get('/portail').expect(200)).text);
    expect((await raw().get(script).expect(200)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
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
    // The portal keeps the access token in memory and never sees the refresh token (an HttpOnly cookie).
    const bundle = (await raw().get(portalScript((await raw().get('/portail').expect(200)).text)).expect(200)).text;
    expect(bundle).not.toMatch(/localStorage|sessionStorage|indexedDB|guichet_refresh/);
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
      // Under /portail a person meets the portal's « Page introuvable » (a page, no file); elsewhere problem details.
      expect(res.headers['content-type']).toContain(path.startsWith('/portail/') ? 'text/html' : 'application/problem+json');
      expect(res.text).not.toContain('"name": "guichet-loisirs"');
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
    ] as const;
    for (const [name, html] of pages) {
      const fields = html.match(/<input[^>]*type="password"[^>]*>/g) ?? [];
      expect(`${name}: ${fields.length > 0}`).toBe(`${name}: true`);
      for (const field of fields) expect(field).toMatch(/autocomplete="(current-password|new-password)"/);
      expect(html).not.toMatch(/onpaste|oncopy|autocomplete="off"|<script(?![^>]*\ssrc=)/i);
    }
    // The portal's password fields are drawn by its script: their autocomplete is checked in Chromium (test/portal-browser.e2e-spec.ts).
    expect((await raw().get(portalScript((await raw().get('/portail').expect(200)).text)).expect(200)).text).not.toMatch(/onpaste|clipboard/i);
  });

  it('ends the panel session at logout: the server’s row, the cookie and what the browser kept of the panel', async () => {
    const clerk = await newStaff(t, 'clerk');
    const cookie = await loggedInStaff(t, clerk);
    const sid = decodeURIComponent(cookie.split('=')[1]).replace(/^s:/, '').split('.')[0];
    const row = { id: createHash('sha256').update(sid).digest('hex') };
    expect(await t.dataSource.getRepository(StaffSession).countBy(row)).toBe(1);
    // Over plain http browsers ignore Clear-Site-Data (and warn): only over https, here through the trusted proxy.
    expect((await raw().post('/admin/logout').set('Cookie', await loggedInStaff(t, clerk)).expect(303)).headers['clear-site-data']).toBeUndefined();
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

/** The level 1 and 2 requirements of V2, V3, V4, V5, V7, V8 and V13 in ASVS 4.0.3 (its CSV export, `level2` ticked). */
const ASVS_L2 = `2.1.1 2.1.2 2.1.3 2.1.4 2.1.5 2.1.6 2.1.7 2.1.8 2.1.9 2.1.10 2.1.11 2.1.12 2.2.1 2.2.2 2.2.3 2.3.1 2.3.2 2.3.3 2.4.1 2.4.2 2.4.3
2.4.4 2.4.5 2.5.1 2.5.2 2.5.3 2.5.4 2.5.5 2.5.6 2.5.7 2.6.1 2.6.2 2.6.3 2.7.1 2.7.2 2.7.3 2.7.4 2.7.5 2.7.6 2.8.1 2.8.2 2.8.3 2.8.4 2.8.5
2.8.6 2.8.7 2.9.1 2.9.2 2.9.3 2.10.1 2.10.2 2.10.3 2.10.4 3.1.1 3.2.1 3.2.2 3.2.3 3.2.4 3.3.1 3.3.2 3.3.3 3.3.4 3.4.1 3.4.2 3.4.3 3.4.4
3.4.5 3.5.1 3.5.2 3.5.3 3.7.1 4.1.1 4.1.2 4.1.3 4.1.5 4.2.1 4.2.2 4.3.1 4.3.2 4.3.3 5.1.1 5.1.2 5.1.3 5.1.4 5.1.5 5.2.1 5.2.2 5.2.3 5.2.4
5.2.5 5.2.6 5.2.7 5.2.8 5.3.1 5.3.2 5.3.3 5.3.4 5.3.5 5.3.6 5.3.7 5.3.8 5.3.9 5.3.10 5.4.1 5.4.2 5.4.3 5.5.1 5.5.2 5.5.3 5.5.4 7.1.1 7.1.2
7.1.3 7.1.4 7.2.1 7.2.2 7.3.1 7.3.3 7.3.4 7.4.1 7.4.2 7.4.3 8.1.1 8.1.2 8.1.3 8.1.4 8.2.1 8.2.2 8.2.3 8.3.1 8.3.2 8.3.3 8.3.4 8.3.5 8.3.6
8.3.7 8.3.8 13.1.1 13.1.3 13.1.4 13.1.5 13.2.1 13.2.2 13.2.3 13.2.5 13.2.6 13.3.1 13.3.2 13.4.1 13.4.2`.split(/\s+/);

/** docs/security.md cannot drift from the code: its rows, its counts and the tests it names are checked here. */
describe('docs/security.md', () => {
  const root = join(import.meta.dirname, '..');
  const doc = readFileSync(join(root, 'docs', 'security.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| (\d+\.\d+\.\d+) \| ([^|]+) \| (met|partly|N\/A|not met) \| ([^|]+) \| ([^|]+) \|$/gm)].map(([, id, requirement, status, how, tests]) => ({
    id,
    requirement,
    status,
    how,
    keys: tests.trim() === '—' ? [] : tests.split(',').map((key) => key.trim()),
  }));
  const index = new Map([...doc.matchAll(/^\| ([A-Z]+\d+) \| `([^`]+)` \| (.+) \|$/gm)].map(([, key, file, title]) => [key, { file, title }]));

  it('has one row per ASVS 4.0.3 level 2 requirement of its seven chapters, each with a status and how', () => {
    expect(rows.map((row) => row.id)).toEqual(ASVS_L2);
    for (const row of rows) expect(`${row.id}: ${row.requirement.trim().length > 0 && row.how.trim().length > 0}`).toBe(`${row.id}: true`);
  });

  it('counts its statuses right in the preamble', () => {
    const count = (status: string) => rows.filter((row) => row.status === status).length;
    expect(doc).toContain(`**Counts.** met ${count('met')} · partly ${count('partly')} · N/A ${count('N/A')} · not met ${count('not met')} (${rows.length}).`);
  });

  it('points every met or partly row to a test, and every test key to an it() that exists in its file', () => {
    for (const row of rows) {
      if (row.status === 'met' || row.status === 'partly') expect(`${row.id}: ${row.keys.length > 0}`).toBe(`${row.id}: true`);
      for (const key of row.keys) expect(`${row.id} ${key}: ${index.has(key)}`).toBe(`${row.id} ${key}: true`);
    }
    for (const [key, { file, title }] of index) {
      const path = join(root, file);
      expect(`${key} ${file}: ${existsSync(path)}`).toBe(`${key} ${file}: true`);
      const source = readFileSync(path, 'utf8').replace(/\\'/g, "'");
      expect(`${key}: ${source.includes(`it('${title}'`) || source.includes(`it("${title}"`)}`).toBe(`${key}: true`);
    }
    // No key in the index that no row uses.
    const used = new Set(rows.flatMap((row) => row.keys));
    expect([...index.keys()].filter((key) => !used.has(key))).toEqual([]);
  });
});
