import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Account } from '../src/accounts/account.entity.js';
import { EmailToken } from '../src/accounts/email-token.entity.js';
import { PASSWORD, PORTAL_URL, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { linkIn, tokenIn } from './support/mailbox.js';
import { confirmedResident, signupBody } from './support/residents.js';

describe('sign-up → email → confirmation → login → /me (A1–A4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());
  // A test that moves the clock leaves the next one on the real time.
  afterEach(() => t.clock.reset());

  it('walks the seed steps 3 to 5 end to end', async () => {
    const email = uniqueEmail('camille');
    const signup = await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(`  ${email.toUpperCase()} `));
    expect(signup.status).toBe(202);

    // Step 4: the email, in French, with the seed's text, HTML and plain text.
    const mail = await t.mailbox.last(email);
    expect(mail.subject).toContain('Confirmez votre adresse courriel');
    expect(mail.text).toContain('Camille,');
    expect(mail.text).toContain('Vous avez complété les informations minimales pour la création de votre compte.');
    expect(mail.text).toContain('Confirmation de mon adresse courriel');
    expect(mail.text).toContain("Ce lien est valide pour 24 heures et ne peut être utilisé qu'une seule fois.");
    expect(mail.text).toContain("Si vous n'avez pas demandé cela, vous pouvez ignorer ce courriel.");
    expect(mail.html).toContain('>Confirmation de mon adresse courriel</a>');
    expect(mail.html).toContain(linkIn(mail).toString().replace(/&/g, '&amp;'));

    // The account cannot be used before the address is confirmed.
    const early = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password: PASSWORD });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('email_not_verified');

    // The link confirms and sends the browser to the portal with the success notice.
    const link = linkIn(mail);
    const confirm = await t.http().get(`${link.pathname}${link.search}`);
    expect(confirm.status).toBe(303);
    expect(confirm.headers.location).toBe(`${PORTAL_URL}?notice=account_confirmed`);

    // Step 5: login, then /me.
    const login = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: email.toUpperCase(), password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(typeof login.body.accessToken).toBe('string');
    expect(typeof login.body.refreshToken).toBe('string');

    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, firstName: 'Camille', lastName: 'Tremblay', onboarding: 'link_dossier', locale: 'fr' });
    expect(me.body).not.toHaveProperty('passwordHash');
  });

  it('lands a second visit of a used link on "account confirmed" again, activating nothing (mail scanners, A4)', async () => {
    const { email } = await confirmedResident(t);
    const mail = await t.mailbox.last(email);
    const before = await t.dataSource.getRepository(Account).findOneByOrFail({ email });
    const link = linkIn(mail);
    const again = await t.http().get(`${link.pathname}${link.search}`);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(`${PORTAL_URL}?notice=account_confirmed`);
    const after = await t.dataSource.getRepository(Account).findOneByOrFail({ email });
    expect(after.emailVerifiedAt).toEqual(before.emailVerifiedAt);
  });

  it('answers link_expired after 24 hours and link_invalid for an unknown token', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const mail = await t.mailbox.last(email);
    t.clock.advance(24 * 3_600_000);

    const link = linkIn(mail);
    const expired = await t.http().get(`${link.pathname}${link.search}`);
    expect(expired.headers.location).toBe(`${PORTAL_URL}?notice=link_expired`);
    const expiredJson = await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(mail) });
    expect(expiredJson.status).toBe(410);
    expect(expiredJson.body.code).toBe('link_expired');
    expect((await t.dataSource.getRepository(Account).findOneByOrFail({ email })).emailVerifiedAt).toBeNull();

    for (const query of ['?token=not-a-real-token', '', '?token=']) {
      const invalid = await t.http().get(`/api/v1/auth/verify-email${query}`);
      expect(invalid.status).toBe(303);
      expect(invalid.headers.location).toBe(`${PORTAL_URL}?notice=link_invalid`);
    }
  });

  it('confirms through the JSON route too: 200, then 400 link_invalid for a bad token', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const token = tokenIn(await t.mailbox.last(email));
    const ok = await t.http().post('/api/v1/auth/verify-email').send({ token });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'confirmed' });
    const bad = await t.http().post('/api/v1/auth/verify-email').send({ token: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('link_invalid');
    const missing = await t.http().post('/api/v1/auth/verify-email').send({});
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'token', code: 'required', message: 'Ce champ est requis' }]);
  });

  it('replaces a pending sign-up: new data, a fresh link, and the older link dies', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const first = await t.mailbox.last(email);
    const newPassword = 'Autre-Mot-2-passe';
    await t
      .http()
      .post('/api/v1/auth/signup')
      .set('X-Forwarded-For', uniqueIp())
      .send(signupBody(email, { firstName: 'Alex', password: newPassword, passwordConfirmation: newPassword }))
      .expect(202);
    const mails = await t.mailbox.for(email);
    expect(mails).toHaveLength(2);
    const second = mails[1];
    expect(second.text).toContain('Alex,');
    expect(tokenIn(second)).not.toBe(tokenIn(first));

    const old = linkIn(first);
    expect((await t.http().get(`${old.pathname}${old.search}`)).headers.location).toBe(`${PORTAL_URL}?notice=link_invalid`);
    const fresh = linkIn(second);
    expect((await t.http().get(`${fresh.pathname}${fresh.search}`)).headers.location).toBe(`${PORTAL_URL}?notice=account_confirmed`);

    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password: PASSWORD }).expect(401);
    const login = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password: newPassword }).expect(200);
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body.firstName).toBe('Alex');
  });

  it('resends a fresh link for a pending account; older links die', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const first = await t.mailbox.last(email);
    await t.http().post('/api/v1/auth/resend-verification').set('X-Forwarded-For', uniqueIp()).send({ email }).expect(202);
    const second = await t.mailbox.last(email);
    expect(tokenIn(second)).not.toBe(tokenIn(first));
    await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(first) }).expect(400);
    await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(second) }).expect(200);
  });

  it('stores tokens only as hashes', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const token = tokenIn(await t.mailbox.last(email));
    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ email });
    const rows = await t.dataSource.getRepository(EmailToken).findBy({ accountId: account.id });
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).not.toContain(token);
    expect(rows[0].expiresAt.getTime() - rows[0].createdAt.getTime()).toBeGreaterThan(24 * 3600_000 - 5000);
    expect(rows[0].expiresAt.getTime() - rows[0].createdAt.getTime()).toBeLessThanOrEqual(24 * 3600_000 + 5000);
    expect(account.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('sends English emails to a resident who signed up in English', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('Accept-Language', 'en-CA,en;q=0.9').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const mail = await t.mailbox.last(email);
    expect(mail.subject).toContain('Confirm your email address');
    expect(mail.text).toContain('This link is valid for 24 hours and can be used only once.');
  });

  it('shows the notice on the built-in portal: a green box for account_confirmed', async () => {
    const page = await t.http().get('/portail?notice=account_confirmed');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('class="notice success"');
    expect(page.text).toContain('Votre compte a été créé');
    const expired = await t.http().get('/portail?notice=link_expired');
    expect(expired.text).toContain('class="notice error"');
    expect(expired.text).toContain('Ce lien a expiré');
    const english = await t.http().get('/portail?notice=account_confirmed').set('Accept-Language', 'en');
    expect(english.text).toContain('Your account has been created');
    const unknown = await t.http().get('/portail?notice=<script>alert(1)</script>');
    expect(unknown.status).toBe(200);
    expect(unknown.text).not.toContain('<script>alert(1)</script>');
  });

  it('takes a burst of concurrent sign-ups, including two for one address, without losing any', async () => {
    const emails = Array.from({ length: 24 }, () => uniqueEmail('rafale'));
    const twice = emails[0];
    const responses = await Promise.all(
      [...emails, twice].map((email) => t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email))),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 202));
    for (const email of emails) expect(await t.dataSource.getRepository(Account).countBy({ email })).toBe(1);
    const links = await t.mailbox.for(twice);
    expect(links.length).toBeGreaterThanOrEqual(1);
    // Whatever the order, the newest link is the one that works.
    const newest = linkIn(links[links.length - 1]);
    expect((await t.http().get(`${newest.pathname}${newest.search}`)).headers.location).toBe(`${PORTAL_URL}?notice=account_confirmed`);
  });
});
