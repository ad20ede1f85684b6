import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { EntityManager } from 'typeorm';
import { Account } from '../src/accounts/account.entity.js';
import { EmailToken } from '../src/accounts/email-token.entity.js';
import { PASSWORD, PORTAL_URL, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { linkIn, tokenIn } from './support/mailbox.js';
import { confirmedResident, signupBody } from './support/residents.js';
import { portalBoot } from './support/portal.js';

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

    // The email's button opens the portal's confirmation page; opening it (a mail scanner does) confirms nothing.
    const link = linkIn(mail);
    expect(`${link.origin}${link.pathname}`).toBe(`${PORTAL_URL}/confirmation`);
    const page = await t.http().get(`/portail/confirmation${link.search}`);
    expect(page.status).toBe(200);
    expect(portalBoot(page.text).confirmation).toBe('usable');
    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password: PASSWORD }).expect(403);

    // Its button POSTs the token.
    const confirm = await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(mail) });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toEqual({ status: 'confirmed' });

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
    const page = await t.http().get(`/portail/confirmation${linkIn(mail).search}`);
    // The page goes straight to the home's green box « Votre compte a été créé » (test/portal-browser.e2e-spec.ts).
    expect(portalBoot(page.text).confirmation).toBe('account_confirmed');
    const again = await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(mail) });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'confirmed' });
    const after = await t.dataSource.getRepository(Account).findOneByOrFail({ email });
    expect(after.emailVerifiedAt).toEqual(before.emailVerifiedAt);
    expect(after.passwordHash).toBe(before.passwordHash);
  });

  it('confirms nothing on a GET: links already sent go to the confirmation page, which changes nothing either', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const token = tokenIn(await t.mailbox.last(email));
    const legacy = await t.http().get(`/api/v1/auth/verify-email?token=${token}`);
    expect(legacy.status).toBe(303);
    expect(legacy.headers.location).toBe(`${PORTAL_URL}/confirmation?token=${token}`);
    expect(legacy.headers['cache-control']).toBe('no-store');
    for (let i = 0; i < 2; i++) {
      const page = await t.http().get(`/portail/confirmation?token=${token}`);
      expect(page.status).toBe(200);
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(portalBoot(page.text)).toMatchObject({ locale: 'fr', confirmation: 'usable' });
    }
    expect((await t.dataSource.getRepository(Account).findOneByOrFail({ email })).emailVerifiedAt).toBeNull();
    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password: PASSWORD }).expect(403);

    for (const query of ['?token=not-a-real-token', '', '?token=']) {
      const invalid = await t.http().get(`/api/v1/auth/verify-email${query}`);
      expect(invalid.status).toBe(303);
      expect(invalid.headers.location.startsWith(`${PORTAL_URL}/confirmation?token=`)).toBe(true);
      const page = await t.http().get(`/portail/confirmation${query}`);
      expect(portalBoot(page.text).confirmation).toBe('link_invalid');
    }
    const english = await t.http().get(`/portail/confirmation?token=${token}`).set('Accept-Language', 'en-CA,en;q=0.8');
    expect(english.text).toContain('<html lang="en">');
    expect(portalBoot(english.text)).toMatchObject({ locale: 'en', confirmation: 'usable' });
  });

  it('confirms a link sent before links carried their sign-up with the data the account holds', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const token = tokenIn(await t.mailbox.last(email));
    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ email });
    await t.dataSource.getRepository(EmailToken).update({ accountId: account.id }, { firstName: null, lastName: null, passwordHash: null, locale: null });
    await t.http().post('/api/v1/auth/verify-email').send({ token }).expect(200);
    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password: PASSWORD }).expect(200);
  });

  it('answers link_expired after 24 hours, with the resend form on the page', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const mail = await t.mailbox.last(email);
    t.clock.advance(24 * 3600_000);
    try {
      const page = await t.http().get(`/portail/confirmation${linkIn(mail).search}`);
      expect(portalBoot(page.text).confirmation).toBe('link_expired');
      const expiredJson = await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(mail) });
      expect(expiredJson.status).toBe(410);
      expect(expiredJson.body.code).toBe('link_expired');
    } finally {
      t.clock.reset();
    }
    expect((await t.dataSource.getRepository(Account).findOneByOrFail({ email })).emailVerifiedAt).toBeNull();
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

  /** Two sign-ups for one pending address, the second in English with other names and another password. */
  async function signedUpTwice() {
    const email = uniqueEmail();
    const otherPassword = 'Autre-Mot-2-passe';
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    await t
      .http()
      .post('/api/v1/auth/signup')
      .set('X-Forwarded-For', uniqueIp())
      .set('Accept-Language', 'en')
      .send(signupBody(email, { firstName: 'Alex', password: otherPassword, passwordConfirmation: otherPassword }))
      .expect(202);
    const mails = await t.mailbox.for(email);
    expect(mails).toHaveLength(2);
    expect(mails[1].text).toContain('Alex,');
    return { email, otherPassword, first: tokenIn(mails[0]), second: tokenIn(mails[1]) };
  }

  const login = (email: string, password: string) => t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password });
  const bearer = async (email: string, password: string) => `Bearer ${(await login(email, password).expect(200)).body.accessToken}`;

  it('activates with each link the password of its own sign-up, never the later one; the other links die', async () => {
    const early = await signedUpTwice();
    await t.http().post('/api/v1/auth/verify-email').send({ token: early.first }).expect(200);
    await login(early.email, early.otherPassword).expect(401);
    const me = await t.http().get('/api/v1/me').set('Authorization', await bearer(early.email, PASSWORD));
    expect(me.body).toMatchObject({ firstName: 'Camille', locale: 'fr' });
    expect((await t.http().post('/api/v1/auth/verify-email').send({ token: early.second })).body.code).toBe('link_invalid');
    await login(early.email, early.otherPassword).expect(401);

    const late = await signedUpTwice();
    await t.http().post('/api/v1/auth/verify-email').send({ token: late.second }).expect(200);
    await login(late.email, PASSWORD).expect(401);
    const other = await t.http().get('/api/v1/me').set('Authorization', await bearer(late.email, late.otherPassword));
    expect(other.body).toMatchObject({ firstName: 'Alex', locale: 'en' });
    expect((await t.http().post('/api/v1/auth/verify-email').send({ token: late.first })).status).toBe(400);
    await login(late.email, PASSWORD).expect(401);

    // Nothing of the sign-ups stays on the links once one is used.
    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ email: late.email });
    const links = await t.dataSource.getRepository(EmailToken).findBy({ accountId: account.id });
    expect(links.map((l) => [l.passwordHash, l.firstName, l.lastName, l.locale])).toEqual(links.map(() => [null, null, null, null]));
  });

  it('lets exactly one of two links used at the same time confirm, with its own password', async () => {
    const { email, otherPassword, first, second } = await signedUpTwice();
    const [a, b] = await Promise.all([first, second].map((token) => t.http().post('/api/v1/auth/verify-email').send({ token })));
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const [winner, loser] = a.status === 200 ? [PASSWORD, otherPassword] : [otherPassword, PASSWORD];
    await login(email, winner).expect(200);
    await login(email, loser).expect(401);
  });

  it('answers "confirmed" to both of two POSTs of one link at the same time (a double click)', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const token = tokenIn(await t.mailbox.last(email));
    const answers = await Promise.all([0, 1].map(() => t.http().post('/api/v1/auth/verify-email').send({ token })));
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await login(email, PASSWORD).expect(200);
  });

  it('never lets a sign-up that races a confirmation change the confirmed password', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const token = tokenIn(await t.mailbox.last(email));
    const intruder = 'Intrus-Mot-2-passe';
    const [confirmed, signup] = await Promise.all([
      t.http().post('/api/v1/auth/verify-email').send({ token }),
      t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email, { password: intruder, passwordConfirmation: intruder })),
    ]);
    expect([confirmed.status, signup.status]).toEqual([200, 202]);
    await login(email, PASSWORD).expect(200);
    await login(email, intruder).expect(401);
    // Whichever came first, the intruder's link (if one was sent) can no longer confirm anything.
    for (const mail of await t.mailbox.for(email)) {
      if (/token=/.test(mail.text) && tokenIn(mail) !== token) await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(mail) }).expect(400);
    }
    await login(email, intruder).expect(401);
  });

  it('resends a fresh link carrying the latest sign-up; older links die', async () => {
    const { email, otherPassword, first, second } = await signedUpTwice();
    await t.http().post('/api/v1/auth/resend-verification').set('X-Forwarded-For', uniqueIp()).send({ email }).expect(202);
    const third = await t.mailbox.last(email);
    expect(third.subject).toContain('Confirm your email address');
    expect(tokenIn(third)).not.toBe(second);
    await t.http().post('/api/v1/auth/verify-email').send({ token: first }).expect(400);
    await t.http().post('/api/v1/auth/verify-email').send({ token: second }).expect(400);
    await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(third) }).expect(200);
    await login(email, otherPassword).expect(200);
  });

  it('answers link_invalid, not "confirmed", when its claim loses to a concurrent revocation', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const token = tokenIn(await t.mailbox.last(email));
    // Between reading the link and claiming it, another transaction revokes it (a resend, another link used).
    const update = EntityManager.prototype.update;
    let revoked = false;
    const spy = jest.spyOn(EntityManager.prototype, 'update').mockImplementation(async function (this: EntityManager, ...args: Parameters<EntityManager['update']>) {
      const [target, criteria, values] = args;
      if (!revoked && target === EmailToken && 'usedAt' in (values as object)) {
        revoked = true;
        await update.call(this, EmailToken, { id: (criteria as { id: number }).id }, { revokedAt: new Date() });
      }
      return update.apply(this, args);
    });
    try {
      const res = await t.http().post('/api/v1/auth/verify-email').send({ token });
      expect(revoked).toBe(true);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('link_invalid');
    } finally {
      spy.mockRestore();
    }
    expect((await t.dataSource.getRepository(Account).findOneByOrFail({ email })).emailVerifiedAt).toBeNull();
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
    // Whatever the order, each link is valid until one is used.
    await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(links[links.length - 1]) }).expect(200);
  });
});
