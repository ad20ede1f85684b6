import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_STAFF_PASSWORD, StaffAccounts } from '../src/staff/staff-accounts.service.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { Staff } from '../src/staff/staff.entity.js';
import { PASSWORD, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { freshMysqlDatabase, MYSQL_URL } from './support/databases.js';
import { enrolTotp, loggedInStaff, mountWhoami, newStaff, postLogin, sessionCookie, totpCode } from './support/staff.js';

const MINUTE = 60_000;

describe('staff login at /admin/login (SPEC S1, §4b)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ CITY_NAME: 'Ville de Baie-Comeau' }, { mount: mountWhoami });
  });
  afterAll(() => t.close());

  it('shows a French login page with the city name, English on request, with no inline script or style', async () => {
    const page = await t.http().get('/admin/login').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).toContain('Ville de Baie-Comeau');
    expect(page.text).toContain('Connexion du personnel');
    expect(page.text).toMatch(/name="email"/);
    expect(page.text).toMatch(/name="password"/);
    expect(page.text).not.toMatch(/<script|style=/);
    const english = await t.http().get('/admin/login').set('Accept-Language', 'en-CA,en;q=0.9').expect(200);
    expect(english.text).toContain('Staff login');
    await t.http().get('/admin/personnel.css').expect(200).expect('Content-Type', /text\/css/);
  });

  it('sends an anonymous visitor to the login page, and answers 401 problem+json under /admin/api', async () => {
    await t.http().get('/admin/whoami').expect(302).expect('Location', '/admin/login');
    const api = await t.http().get('/admin/api/whoami').expect(401);
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('logs a clerk in and lets the gate through with the staff member as adminUser', async () => {
    const clerk = await newStaff(t, 'clerk');
    const cookie = await loggedInStaff(t, clerk);
    const me = await t.http().get('/admin/whoami').set('Cookie', cookie).expect(200);
    expect(me.body).toEqual({ id: clerk.id, email: clerk.email, title: 'Test clerk', role: 'clerk', locale: 'fr' });
    const row = await t.dataSource.getRepository(Staff).findOneByOrFail({ id: clerk.id });
    expect(row.lastLoginAt).not.toBeNull();
  });

  it('gives one answer for an unknown address, a wrong password and a deactivated account', async () => {
    const clerk = await newStaff(t, 'clerk');
    const gone = await newStaff(t, 'clerk');
    await t.app.get(StaffAccounts).setActive(gone.id, false, { kind: 'system' });
    const normalise = (text: string, email: string) => text.replace(`value="${email}"`, 'value=""');
    const wrong = await postLogin(t, clerk.email, 'Pas-le-bon-mot-2');
    const unknownEmail = uniqueEmail('inconnu');
    const unknown = await postLogin(t, unknownEmail, 'Pas-le-bon-mot-2');
    const inactive = await postLogin(t, gone.email, gone.password);
    for (const [answer, email] of [[wrong, clerk.email], [unknown, unknownEmail], [inactive, gone.email]] as const) {
      expect(answer.res.status).toBe(401);
      expect(answer.cookie).toBeUndefined();
      expect(normalise(answer.res.text, email)).toBe(normalise(wrong.res.text, clerk.email));
    }
    expect(wrong.res.text).toContain('L’adresse courriel ou le mot de passe est incorrect.');
  });

  it('takes the address in any case', async () => {
    const clerk = await newStaff(t, 'clerk');
    const { res } = await postLogin(t, `  ${clerk.email.toUpperCase()} `, clerk.password);
    expect(res.status).toBe(303);
  });

  it('sets an HttpOnly, SameSite=Lax cookie on /admin only, signed, and a new session id at login', async () => {
    const clerk = await newStaff(t, 'clerk');
    const first = await postLogin(t, clerk.email, clerk.password);
    const header = (first.res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('guichet_personnel='))!;
    expect(header).toMatch(/; Path=\/admin(;|$)/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).not.toMatch(/; Secure/);
    expect(decodeURIComponent(first.cookie!.split('=')[1])).toMatch(/^s:[^.]+\.[\w+/-]+$/);

    // Logging in again from that session (or with a cookie someone planted) gives another id; the old one is dead.
    const again = await postLogin(t, clerk.email, clerk.password, { cookie: first.cookie });
    expect(again.res.status).toBe(303);
    expect(again.cookie).not.toBe(first.cookie);
    await t.http().get('/admin/whoami').set('Cookie', again.cookie!).expect(200);
    await t.http().get('/admin/whoami').set('Cookie', first.cookie!).expect(302);

    // A forged signature is no session.
    const forged = first.cookie!.replace(/\.[^.]+$/, '.AAAA');
    await t.http().get('/admin/whoami').set('Cookie', forged).expect(302);
  });

  it('ends a session after 30 minutes idle', async () => {
    const cookie = await loggedInStaff(t, await newStaff(t, 'clerk'));
    t.clock.advance(29 * MINUTE);
    await t.http().get('/admin/whoami').set('Cookie', cookie).expect(200);
    t.clock.advance(29 * MINUTE);
    await t.http().get('/admin/whoami').set('Cookie', cookie).expect(200);
    t.clock.advance(31 * MINUTE);
    await t.http().get('/admin/whoami').set('Cookie', cookie).expect(302).expect('Location', '/admin/login');
  });

  it('ends a session 8 hours after login, however active', async () => {
    const cookie = await loggedInStaff(t, await newStaff(t, 'clerk'));
    for (let elapsed = 0; elapsed < 8 * 60 - 20; elapsed += 20) {
      t.clock.advance(20 * MINUTE);
      await t.http().get('/admin/whoami').set('Cookie', cookie).expect(200);
    }
    t.clock.advance(25 * MINUTE);
    await t.http().get('/admin/whoami').set('Cookie', cookie).expect(302);
  });

  it('logs out with a POST, destroying the session; a GET only shows the button', async () => {
    const clerk = await newStaff(t, 'clerk');
    const cookie = await loggedInStaff(t, clerk);
    const out = await t.http().post('/admin/logout').set('Cookie', cookie).expect(303).expect('Location', '/admin/login');
    expect(String(out.headers['set-cookie'])).toMatch(/guichet_personnel=;/);
    await t.http().get('/admin/whoami').set('Cookie', cookie).expect(302);

    const other = await loggedInStaff(t, clerk);
    expect((await t.http().get('/admin/logout').set('Cookie', other).expect(200)).text).toContain('<form class="logout" method="post" action="/admin/logout">');
    await t.http().get('/admin/whoami').set('Cookie', other).expect(200);
  });

  it('ends every session of a staff member at once on deactivation or a password change', async () => {
    const accounts = t.app.get(StaffAccounts);
    const clerk = await newStaff(t, 'clerk');
    const one = await loggedInStaff(t, clerk);
    const two = await loggedInStaff(t, clerk);
    await accounts.setActive(clerk.id, false, { kind: 'system' });
    await t.http().get('/admin/whoami').set('Cookie', one).expect(302);
    await t.http().get('/admin/whoami').set('Cookie', two).expect(302);
    await accounts.setActive(clerk.id, true, { kind: 'system' });
    await t.http().get('/admin/whoami').set('Cookie', two).expect(302);

    const three = await loggedInStaff(t, clerk);
    await accounts.changePassword(clerk.id, 'Nouveau-mot-de-passe-9', { kind: 'system' });
    await t.http().get('/admin/whoami').set('Cookie', three).expect(302);
    expect((await postLogin(t, clerk.email, clerk.password)).res.status).toBe(401);
    const four = await loggedInStaff(t, { email: clerk.email, password: 'Nouveau-mot-de-passe-9' });

    // A hash changed by any other path (the panel's own edit) ends the sessions as well.
    const other = await newStaff(t, 'clerk', 'Autre-mot-de-passe-4');
    await t.dataSource.getRepository(Staff).update({ id: clerk.id }, { passwordHash: other.passwordHash });
    await t.http().get('/admin/whoami').set('Cookie', four).expect(302);
  });

  it('refuses a login form posted from another site', async () => {
    const clerk = await newStaff(t, 'clerk');
    const res = await t
      .http()
      .post('/admin/login')
      .type('form')
      .set('Origin', 'https://attaquant.example')
      .send({ email: clerk.email, password: clerk.password })
      .expect(403);
    expect(sessionCookie(res)).toBeUndefined();
    await t.http().post('/admin/login').type('form').set('Sec-Fetch-Site', 'cross-site').send({ email: clerk.email, password: clerk.password }).expect(403);
    // The service's public address (PUBLIC_URL) is its own origin, behind a proxy too.
    await t.http().post('/admin/login').type('form').set('Origin', 'http://api.test').set('X-Forwarded-For', uniqueIp()).send({ email: clerk.email, password: clerk.password }).expect(303);

    // Under /admin/api a forged request, even with a valid session, gets problem+json.
    const cookie = await loggedInStaff(t, clerk);
    const api = await t.http().post('/admin/api/whoami').set('Cookie', cookie).set('Origin', 'https://attaquant.example').expect(403);
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(api.body.code).toBe('forbidden');
  });

  it('throttles wrong passwords per account, in parallel, with a French 429 page and Retry-After', async () => {
    const clerk = await newStaff(t, 'clerk');
    const answers = await Promise.all(Array.from({ length: 8 }, () => postLogin(t, clerk.email, 'Pas-le-bon-mot-2')));
    const statuses = answers.map((answer) => answer.res.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const refused = answers.find((answer) => answer.res.status === 429)!.res;
    expect(refused.headers['content-type']).toMatch(/text\/html/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.text).toContain('Trop de tentatives de connexion. Réessayez dans');
    // Even the right password waits now.
    expect((await postLogin(t, clerk.email, clerk.password)).res.status).toBe(429);
  });

  it('throttles per IP across accounts', async () => {
    const ip = uniqueIp();
    const answers = [];
    for (let i = 0; i < 50; i++) answers.push((await postLogin(t, uniqueEmail('balayage'), 'Pas-le-bon-mot-2', { ip })).res.status);
    expect(answers.every((status) => status === 401)).toBe(true);
    expect((await postLogin(t, uniqueEmail('balayage'), 'Pas-le-bon-mot-2', { ip })).res.status).toBe(429);
  });
});

describe("the staff member's language, kept on their account", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' }, { mount: mountWhoami });
  });
  afterAll(() => t.close());

  it('saves fr or en on the staff row, which the panel session and the sign-in pages then follow', async () => {
    const clerk = await newStaff(t, 'clerk');
    const cookie = await loggedInStaff(t, clerk);
    const saved = await t.http().post('/admin/mon-compte/langue').type('form').set('Cookie', cookie).send({ locale: 'en' }).expect(204);
    expect(String(saved.headers['set-cookie'])).toMatch(/guichet_langue=en; .*HttpOnly/);
    expect((await t.dataSource.getRepository(Staff).findOneByOrFail({ id: clerk.id })).locale).toBe('en');
    // Audited as the staff member's own change of their row.
    const line = await t.dataSource.getRepository(AuditEntry).findOneByOrFail({ resource: 'staff', recordId: String(clerk.id), action: 'update' });
    expect(line).toMatchObject({ staffId: clerk.id, changes: { locale: { before: 'fr', after: 'en' } } });
    expect((await t.http().get('/admin/whoami').set('Cookie', cookie).expect(200)).body.locale).toBe('en');
    const account = await t.http().get('/admin/mon-compte').set('Cookie', cookie).expect(200);
    expect(account.text).toContain('<html lang="en">');
    expect(account.text).toContain('value="en" lang="en" checked');

    // After logout the login page of this browser stays in English, whatever Accept-Language says.
    await t.http().post('/admin/logout').set('Cookie', cookie).expect(303);
    const login = await t.http().get('/admin/login').set('Cookie', 'guichet_langue=en').set('Accept-Language', 'fr-CA').expect(200);
    expect(login.text).toContain('Staff login');

    // A browser's form goes back to the account page, in the language just chosen.
    const again = await loggedInStaff(t, clerk);
    const back = await t.http().post('/admin/mon-compte/langue').type('form').set('Cookie', again).set('Accept', 'text/html').send({ locale: 'fr' }).expect(303);
    expect(back.headers.location).toBe('/admin/mon-compte?enregistre=1');
    const page = await t.http().get(back.headers.location).set('Cookie', again).expect(200);
    expect(page.text).toContain('Votre langue a été enregistrée.');
  });

  it('refuses another language, and anyone not signed in, with problem details', async () => {
    const clerk = await newStaff(t, 'clerk');
    const cookie = await loggedInStaff(t, clerk);
    const bad = await t.http().post('/admin/mon-compte/langue').type('form').set('Cookie', cookie).send({ locale: 'de' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await t.dataSource.getRepository(Staff).findOneByOrFail({ id: clerk.id })).locale).toBe('fr');
    await t.http().post('/admin/mon-compte/langue').type('form').send({ locale: 'en' }).expect(401);
  });
});

describe('two-factor authentication (TOTP, RFC 6238)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({}, { mount: mountWhoami });
  });
  afterAll(() => t.close());

  it('enrols from the staff member’s own page with a server-rendered QR code, then asks the code at every login', async () => {
    const clerk = await newStaff(t, 'clerk');
    const cookie = await loggedInStaff(t, clerk);
    const page = await t.http().get('/admin/mon-compte/2fa').set('Cookie', cookie).expect(200);
    expect(page.text).toMatch(/<svg[^>]*>.*<path/s);
    expect(page.text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);

    const { secret, recoveryCodes } = await enrolTotp(t, cookie);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const row = await t.dataSource.getRepository(Staff).findOneByOrFail({ id: clerk.id });
    expect(row.totpEnrolledAt).not.toBeNull();
    expect(row.totpSecret).not.toContain(secret);
    for (const code of recoveryCodes) expect(row.recoveryCodeHashes).not.toContain(code);

    t.clock.advance(31_000);
    const { res, cookie: pending } = await postLogin(t, clerk.email, clerk.password);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/login/code');
    // The password alone opens nothing.
    await t.http().get('/admin/whoami').set('Cookie', pending!).expect(302).expect('Location', '/admin/login/code');
    await t.http().get('/admin/api/whoami').set('Cookie', pending!).expect(401);
    const form = await t.http().get('/admin/login/code').set('Cookie', pending!).expect(200);
    expect(form.text).toContain('Vérification en deux étapes');

    const wrong = await t.http().post('/admin/login/code').type('form').set('Cookie', pending!).send({ code: '000000' === totpCode(t, secret) ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    const code = totpCode(t, secret);
    const done = await t.http().post('/admin/login/code').type('form').set('Cookie', pending!).send({ code }).expect(303).expect('Location', '/admin');
    const full = sessionCookie(done)!;
    expect(full).not.toBe(pending);
    await t.http().get('/admin/whoami').set('Cookie', full).expect(200);

    // The same code does not open a second session (one use per time step).
    const replay = await postLogin(t, clerk.email, clerk.password);
    await t.http().post('/admin/login/code').type('form').set('Cookie', replay.cookie!).send({ code }).expect(401);
  });

  it('accepts a recovery code once', async () => {
    const clerk = await newStaff(t, 'clerk');
    const { recoveryCodes } = await enrolTotp(t, await loggedInStaff(t, clerk));
    const first = await postLogin(t, clerk.email, clerk.password);
    const used = await t.http().post('/admin/login/code').type('form').set('Cookie', first.cookie!).send({ code: recoveryCodes[3].toUpperCase() }).expect(303);
    await t.http().get('/admin/whoami').set('Cookie', sessionCookie(used)!).expect(200);

    const second = await postLogin(t, clerk.email, clerk.password);
    await t.http().post('/admin/login/code').type('form').set('Cookie', second.cookie!).send({ code: recoveryCodes[3] }).expect(401);
    await t.http().post('/admin/login/code').type('form').set('Cookie', second.cookie!).send({ code: recoveryCodes[4] }).expect(303);
  });

  it('throttles wrong codes per staff member', async () => {
    const clerk = await newStaff(t, 'clerk');
    await enrolTotp(t, await loggedInStaff(t, clerk));
    const { cookie } = await postLogin(t, clerk.email, clerk.password);
    const answers = await Promise.all(
      Array.from({ length: 7 }, () => t.http().post('/admin/login/code').type('form').set('Cookie', cookie!).send({ code: 'aaaaa-bbbbb' })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(answers.find((answer) => answer.status === 429)!.headers['retry-after']).toBeDefined();
  });

  it('STAFF_MFA=admins (the default) sends an administrator to enrol, and nothing else opens until then', async () => {
    const admin = await newStaff(t, 'administrator');
    const { res, cookie } = await postLogin(t, admin.email, admin.password);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/mon-compte/2fa');
    await t.http().get('/admin/whoami').set('Cookie', cookie!).expect(302).expect('Location', '/admin/mon-compte/2fa');
    await t.http().get('/admin/api/whoami').set('Cookie', cookie!).expect(401);
    const page = await t.http().get('/admin/mon-compte/2fa').set('Cookie', cookie!).expect(200);
    expect(page.text).toContain('Votre compte doit utiliser la vérification en deux étapes');

    const enrolled = await enrolTotp(t, cookie!);
    expect(enrolled.cookie).not.toBe(cookie);
    const me = await t.http().get('/admin/whoami').set('Cookie', enrolled.cookie).expect(200);
    expect(me.body.role).toBe('administrator');
  });
});

describe('STAFF_MFA', () => {
  it('required: every staff member enrols; optional: nobody must', async () => {
    const required = await startApp({ STAFF_MFA: 'required' }, { mount: mountWhoami });
    try {
      const clerk = await newStaff(required, 'clerk');
      expect((await postLogin(required, clerk.email, clerk.password)).res.headers.location).toBe('/admin/mon-compte/2fa');
    } finally {
      await required.close();
    }
    const optional = await startApp({ STAFF_MFA: 'optional' }, { mount: mountWhoami });
    try {
      const admin = await newStaff(optional, 'administrator');
      expect((await postLogin(optional, admin.email, admin.password)).res.headers.location).toBe('/admin');
    } finally {
      await optional.close();
    }
  });
});

describe('the service’s own origin for the login form (issue 15, finding 10)', () => {
  const login = (app: TestApp, origin: string, staff: { email: string; password: string }) =>
    app.http().post('/admin/login').type('form').set('Origin', origin).set('X-Forwarded-For', uniqueIp()).send({ email: staff.email, password: staff.password });

  it('in development (PUBLIC_URL unset) takes the loopback spellings of its port: http://127.0.0.1:PORT/admin signs in', async () => {
    const dev = await startApp({ PUBLIC_URL: '', PORT: '3000' }, { mount: mountWhoami });
    try {
      const clerk = await newStaff(dev, 'clerk');
      for (const origin of ['http://127.0.0.1:3000', 'http://localhost:3000', 'http://[::1]:3000']) {
        const res = await login(dev, origin, clerk).expect(303);
        expect(res.headers.location).toBe('/admin');
      }
      await login(dev, 'http://127.0.0.1:4000', clerk).expect(403);
      await login(dev, 'https://attaquant.example', clerk).expect(403);
    } finally {
      await dev.close();
    }
  });

  it('with PUBLIC_URL set keeps it exact: 127.0.0.1 is another origin', async () => {
    const prod = await startApp({ PUBLIC_URL: 'http://localhost:3000', PORT: '3000' }, { mount: mountWhoami });
    try {
      const clerk = await newStaff(prod, 'clerk');
      const refused = await login(prod, 'http://127.0.0.1:3000', clerk).expect(403);
      expect(refused.text).toContain('Cette demande ne vient pas d’une page du service');
      await login(prod, 'http://localhost:3000', clerk).expect(303);
    } finally {
      await prod.close();
    }
  });
});

describe('staff sessions across instances and in production', () => {
  it('two instances on one database share a session', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'guichet-staff-'));
    const one = await startApp({ DATA_DIR: dataDir }, { mount: mountWhoami });
    const two = await startApp({ DATA_DIR: dataDir }, { mount: mountWhoami });
    try {
      const clerk = await newStaff(one, 'clerk');
      const cookie = await loggedInStaff(one, clerk);
      const me = await two.http().get('/admin/whoami').set('Cookie', cookie).expect(200);
      expect(me.body.email).toBe(clerk.email);
      await two.http().post('/admin/logout').set('Cookie', cookie).expect(303);
      await one.http().get('/admin/whoami').set('Cookie', cookie).expect(302);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('marks the cookie Secure under NODE_ENV=production', async () => {
    const secret = randomBytes(48).toString('base64url');
    const t = await startApp({ NODE_ENV: 'production', JWT_SECRET: secret, SESSION_SECRET: randomBytes(48).toString('base64url') }, { mount: mountWhoami });
    try {
      const clerk = await newStaff(t, 'clerk');
      const res = await t
        .http()
        .post('/admin/login')
        .type('form')
        .set('X-Forwarded-For', uniqueIp())
        .set('X-Forwarded-Proto', 'https')
        .send({ email: clerk.email, password: clerk.password })
        .expect(303);
      expect(String(res.headers['set-cookie'])).toMatch(/guichet_personnel=.*; Secure/);
    } finally {
      await t.close();
    }
  });

  it('lets the plain-http demonstration (STAFF_COOKIE_INSECURE=true, as in docker compose) keep its session in production', async () => {
    const env = { NODE_ENV: 'production', JWT_SECRET: randomBytes(48).toString('base64url'), SESSION_SECRET: randomBytes(48).toString('base64url') };
    const t = await startApp({ ...env, STAFF_COOKIE_INSECURE: 'true' }, { mount: mountWhoami });
    try {
      const clerk = await newStaff(t, 'clerk');
      const res = await t.http().post('/admin/login').type('form').set('X-Forwarded-For', uniqueIp()).send({ email: clerk.email, password: clerk.password }).expect(303);
      expect(String(res.headers['set-cookie'])).toMatch(/guichet_personnel=/);
      expect(String(res.headers['set-cookie'])).not.toMatch(/; Secure/);
      const me = await t.http().get('/admin/whoami').set('Cookie', sessionCookie(res)!).expect(200);
      expect(me.body.email).toBe(clerk.email);
    } finally {
      await t.close();
    }
  });
});

describe('first administrator and demo staff', () => {
  it('creates the first administrator from ADMIN_EMAIL/ADMIN_PASSWORD once, even when two instances start together', async () => {
    const database = MYSQL_URL ? await freshMysqlDatabase(MYSQL_URL) : null;
    const dataDir = mkdtempSync(join(tmpdir(), 'guichet-staff-'));
    const env = { DATA_DIR: dataDir, ADMIN_EMAIL: 'Chef.Loisirs@Ville.test', ADMIN_PASSWORD: 'Bureau-des-loisirs-7', ...(database ? { DATABASE_URL: database.url } : {}) };
    // On SQLite (one process's database) the second instance starts after the first.
    const start = () => startApp(env, { mount: mountWhoami });
    const apps = database ? await Promise.all([start(), start()]) : [await start(), await start()];
    try {
      const rows = await apps[0].dataSource.getRepository(Staff).find();
      expect(rows.map((row) => [row.email, row.role, row.active])).toEqual([['chef.loisirs@ville.test', 'administrator', true]]);
      expect(rows[0].passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const { res } = await postLogin(apps[1], 'chef.loisirs@ville.test', 'Bureau-des-loisirs-7');
      expect(res.headers.location).toBe('/admin/mon-compte/2fa');
    } finally {
      await Promise.all(apps.map((app) => app.close()));
      await database?.drop();
    }
  });

  it('creates one demo staff member per role in the embedded mode and prints their logins', async () => {
    const t = await startApp({ DEMO_DATA: 'true', DATABASE_URL: '' }, { mount: mountWhoami });
    try {
      const rows = await t.dataSource.getRepository(Staff).find({ order: { id: 'ASC' } });
      expect(rows.map((row) => [row.email, row.role])).toEqual([
        ['prepose@ville.test', 'clerk'],
        ['superviseure@ville.test', 'supervisor'],
        ['admin@ville.test', 'administrator'],
      ]);
      const line = t.logs.find((entry) => entry.includes('Demo staff'))!;
      expect(line).toContain('prepose@ville.test (clerk)');
      expect(line).toContain(DEMO_STAFF_PASSWORD);
      const cookie = await loggedInStaff(t, { email: 'prepose@ville.test', password: DEMO_STAFF_PASSWORD });
      await t.http().get('/admin/whoami').set('Cookie', cookie).expect(200);
    } finally {
      await t.close();
    }
  });
});

void PASSWORD;
