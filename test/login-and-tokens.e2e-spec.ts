import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { In } from 'typeorm';
import { RefreshToken } from '../src/auth/refresh-token.entity.js';
import { JWT_AUDIENCE, JWT_ISSUER } from '../src/auth/strategies.js';
import { LIMITS } from '../src/security/throttle.service.js';
import { hashToken } from '../src/common/tokens.js';
import { PASSWORD, PORTAL_URL, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { linkIn, tokenIn } from './support/mailbox.js';
import { confirmedResident, loggedInResident, signupBody } from './support/residents.js';
import { portalBoot } from './support/portal.js';

describe('login, refresh rotation, logout, password reset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());
  // A test that moves the clock leaves the next one on the real time.
  afterEach(() => t.clock.reset());

  const login = (email: string, password: string, ip = uniqueIp()) => t.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  it('answers an unknown address and a wrong password with the same 401 body', async () => {
    const { email } = await confirmedResident(t);
    const wrong = await login(email, 'Mauvais-mot-2-passe');
    const unknown = await login(uniqueEmail('inconnu'), 'Mauvais-mot-2-passe');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.headers['content-type']).toBe(wrong.headers['content-type']);
  });

  it('tells email_not_verified only to whoever knows the password', async () => {
    const email = uniqueEmail();
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    expect((await login(email, 'Mauvais-mot-2-passe')).status).toBe(401);
    const right = await login(email, PASSWORD);
    expect(right.status).toBe(403);
    expect(right.body.code).toBe('email_not_verified');
  });

  it('validates the login body', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ email: '' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });

  it('throttles repeated failures per account (429 with Retry-After), even with the right password then', async () => {
    const { email } = await confirmedResident(t);
    for (let i = 0; i < 5; i++) expect((await login(email, `Mauvais-${i}-Passe`)).status).toBe(401);
    const blocked = await login(email, 'Mauvais-6-Passe');
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('too_many_requests');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(email, PASSWORD)).status).toBe(429);
  });

  it('lets exactly the limit of parallel wrong passwords for one account be evaluated; the rest get 429', async () => {
    const { email } = await confirmedResident(t);
    const { points } = LIMITS.loginFailuresPerAccount;
    const results = await Promise.all(Array.from({ length: points + 20 }, (_, i) => login(email, `Mauvais-${i}-Passe`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(points);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    for (const blocked of results.filter((r) => r.status === 429)) expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(email, PASSWORD)).status).toBe(429);
  });

  it('throttles failures per IP across accounts, also when they arrive at once', async () => {
    const ip = uniqueIp();
    const { points } = LIMITS.loginFailuresPerIp;
    const results = await Promise.all(Array.from({ length: points + 10 }, () => login(uniqueEmail('devine'), 'Mauvais-1-Passe', ip)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(points);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    const blocked = await login(uniqueEmail('devine'), 'Mauvais-1-Passe', ip);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    // Another address is not affected.
    expect((await login(uniqueEmail('devine'), 'Mauvais-1-Passe')).status).toBe(401);
  });

  it('forgets earlier failures after a successful login', async () => {
    const { email } = await confirmedResident(t);
    for (let i = 0; i < 4; i++) await login(email, `Mauvais-${i}-Passe`).expect(401);
    await login(email, PASSWORD).expect(200);
    for (let i = 0; i < 4; i++) await login(email, `Mauvais-${i}-Passe`).expect(401);
    await login(email, PASSWORD).expect(200);
  });

  it('rotates refresh tokens; replaying a spent one revokes the whole chain', async () => {
    const resident = await loggedInResident(t);
    const first = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: resident.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(resident.refreshToken);
    await t.http().get('/api/v1/me').set('Authorization', `Bearer ${first.body.accessToken}`).expect(200);

    const replay = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: resident.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('refresh_token_invalid');
    // The newest token of the chain died with it.
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(401);

    const refreshTokens = t.dataSource.getRepository(RefreshToken);
    const newest = await refreshTokens.findOneByOrFail({ tokenHash: hashToken(first.body.refreshToken) });
    expect(newest.revokedAt).toBeInstanceOf(Date);
    const chain = await refreshTokens.findBy({ familyId: newest.familyId });
    expect(chain).toHaveLength(2);
    expect(chain.every((row) => row.revokedAt !== null)).toBe(true);
    // Stored as hashes only: the tokens themselves are nowhere in the table.
    expect(await refreshTokens.countBy({ tokenHash: In([resident.refreshToken, first.body.refreshToken]) })).toBe(0);
  });

  it('keeps separate logins independent and revokes one chain on logout', async () => {
    const resident = await loggedInResident(t);
    const other = await login(resident.email, resident.password).expect(200);
    await t.http().post('/api/v1/auth/logout').send({ refreshToken: resident.refreshToken }).expect(204);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: resident.refreshToken }).expect(401);
    const rotated = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.body.refreshToken }).expect(200);
    other.body.refreshToken = rotated.body.refreshToken;
    await t.http().post('/api/v1/auth/logout').send({ refreshToken: 'inconnu' }).expect(204);
    await t.http().post('/api/v1/auth/logout').send({}).expect(401);
    // With only the bearer token: every login of the account ends.
    await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${other.body.accessToken}`).expect(204);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.body.refreshToken }).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: 'inconnu' }).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({}).expect(400);
  });

  it('ends a login’s access tokens with it, not only after their 15 minutes: logout, logout everywhere, a replayed refresh token', async () => {
    const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    const resident = await loggedInResident(t);
    const other = (await login(resident.email, resident.password).expect(200)).body as { accessToken: string; refreshToken: string };
    await me(resident.accessToken).expect(200);
    await me(other.accessToken).expect(200);

    // One login ends: its token is refused at once, with the API's 401; the other login goes on.
    await t.http().post('/api/v1/auth/logout').send({ refreshToken: resident.refreshToken }).expect(204);
    const refused = await me(resident.accessToken).expect(401);
    expect(refused.body).toMatchObject({ status: 401, code: 'unauthorized' });
    await me(other.accessToken).expect(200);

    // A replayed refresh token ends its login, the access tokens of its chain included.
    const rotated = (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200)).body as { accessToken: string };
    await me(rotated.accessToken).expect(200);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
    await me(rotated.accessToken).expect(401);
    await me(other.accessToken).expect(401);

    // Logout everywhere with the bearer token alone.
    const third = (await login(resident.email, resident.password).expect(200)).body as { accessToken: string };
    const fourth = (await login(resident.email, resident.password).expect(200)).body as { accessToken: string };
    await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${third.accessToken}`).expect(204);
    await me(third.accessToken).expect(401);
    await me(fourth.accessToken).expect(401);
  });

  it('resets a password by email link: once, 1 hour, and every session is revoked', async () => {
    const resident = await loggedInResident(t);
    const ip = uniqueIp();
    const unknown = await t.http().post('/api/v1/auth/password/forgot').set('X-Forwarded-For', ip).send({ email: uniqueEmail('inconnu') });
    const known = await t.http().post('/api/v1/auth/password/forgot').set('X-Forwarded-For', ip).send({ email: resident.email.toUpperCase() });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);

    const mail = await t.mailbox.last(resident.email);
    expect(mail.text).toContain("Ce lien est valide pour 1 heure et ne peut être utilisé qu'une seule fois.");
    expect(linkIn(mail).pathname).toBe('/portail/mot-de-passe');
    const token = tokenIn(mail);

    const weak = await t.http().post('/api/v1/auth/password/reset').send({ token, password: 'faible', passwordConfirmation: 'faible' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0]).toMatchObject({ field: 'password', code: 'password_too_short' });

    const newPassword = 'Nouveau-mot-2-passe';
    await t.http().post('/api/v1/auth/password/reset').send({ token, password: newPassword, passwordConfirmation: newPassword }).expect(204);
    const again = await t.http().post('/api/v1/auth/password/reset').send({ token, password: newPassword, passwordConfirmation: newPassword });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('link_invalid');

    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: resident.refreshToken }).expect(401);
    await t.http().get('/api/v1/me').set('Authorization', `Bearer ${resident.accessToken}`).expect(401);
    await login(resident.email, resident.password).expect(401);
    await login(resident.email, newPassword).expect(200);
    expect((await t.mailbox.last(resident.email)).subject).toContain('Votre mot de passe a été modifié');
  });

  it('changes the password with the current one; a wrong one is a field error counted as a failed login; every login ends and the owner is told', async () => {
    const resident = await loggedInResident(t);
    const other = await login(resident.email, resident.password).expect(200);
    const change = (body: Record<string, string>, token = resident.accessToken, ip = uniqueIp()) =>
      t.http().post('/api/v1/me/password').set('X-Forwarded-For', ip).set('Authorization', `Bearer ${token}`).send(body);
    const next = 'Riviere-gelee-2031';

    await t.http().post('/api/v1/me/password').send({ currentPassword: resident.password, password: next, passwordConfirmation: next }).expect(401);
    const wrong = await change({ currentPassword: 'Pas-le-bon-2031', password: next, passwordConfirmation: next }).expect(400);
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', code: 'current_password_invalid', message: 'Le mot de passe actuel est incorrect' }]);
    const weak = await change({ currentPassword: resident.password, password: 'faible', passwordConfirmation: 'faible' }).expect(400);
    expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'password', code: 'password_too_short' })]);
    const mismatch = await change({ currentPassword: resident.password, password: next, passwordConfirmation: `${next}x` }).expect(400);
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ field: 'passwordConfirmation', code: 'password_mismatch' })]);
    await login(resident.email, resident.password).expect(200);

    await change({ currentPassword: resident.password, password: next, passwordConfirmation: next }).expect(204);
    for (const refreshToken of [resident.refreshToken, other.body.refreshToken as string]) await t.http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(401);
    // The access tokens of every login ended with them.
    for (const token of [resident.accessToken, other.body.accessToken as string]) await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
    await login(resident.email, resident.password).expect(401);
    const fresh = (await login(resident.email, next).expect(200)).body.accessToken as string;
    const mail = await t.mailbox.last(resident.email);
    expect(mail.subject).toBe('Votre mot de passe a été modifié — Ville de Baie-Comeau');
    expect(mail.text).toContain('Toutes vos sessions ont été fermées.');

    // Wrong current passwords count as failed logins of the account: past the limit, 429 even with the right one.
    for (let i = 0; i < LIMITS.loginFailuresPerAccount.points; i++) await change({ currentPassword: `Faux-${i}-Passe`, password: next, passwordConfirmation: next }, fresh).expect(400);
    const limited = await change({ currentPassword: next, password: 'Autre-mot-2-passe', passwordConfirmation: 'Autre-mot-2-passe' }, fresh).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await login(resident.email, next).expect(429);
  });

  it('limits password resets per IP, bogus links included, even when they arrive at once', async () => {
    const ip = uniqueIp();
    const { points } = LIMITS.emailRequestsPerIp;
    const reset = (token: string) =>
      t.http().post('/api/v1/auth/password/reset').set('X-Forwarded-For', ip).send({ token, password: 'Nouveau-mot-2-passe', passwordConfirmation: 'Nouveau-mot-2-passe' });
    const results = await Promise.all(Array.from({ length: points + 5 }, (_, i) => reset(`bogus-${i}`)));
    expect(results.filter((r) => r.status === 400 && r.body.code === 'link_invalid')).toHaveLength(points);
    const blocked = results.filter((r) => r.status === 429);
    expect(blocked).toHaveLength(5);
    expect(Number(blocked[0].headers['retry-after'])).toBeGreaterThan(0);
  });

  it("serves the reset link's page from the portal, without sending its token on as a referrer", async () => {
    // Its form and the green box that follows are walked in Chromium (test/portal-browser.e2e-spec.ts).
    const page = await t.http().get('/portail/mot-de-passe?token=abc').expect(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(portalBoot(page.text)).toMatchObject({ locale: 'fr', portalUrl: PORTAL_URL });
  });

  it('answers 410 for an expired reset link', async () => {
    const { email } = await confirmedResident(t);
    await t.http().post('/api/v1/auth/password/forgot').set('X-Forwarded-For', uniqueIp()).send({ email }).expect(202);
    const token = tokenIn(await t.mailbox.last(email));
    // Valid for 1 hour: at the hour it has expired.
    t.clock.advance(3_600_000);
    const res = await t.http().post('/api/v1/auth/password/reset').send({ token, password: 'Nouveau-mot-2-passe', passwordConfirmation: 'Nouveau-mot-2-passe' });
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('link_expired');
  });

  it('stops accepting an access token once it has expired, even one it accepted before', async () => {
    const resident = await loggedInResident(t);
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
    const shortLived = t.app.get(JwtService).sign({ sub: me.body.id, typ: 'access' }, { expiresIn: 1 });
    await t.http().get('/api/v1/me').set('Authorization', `Bearer ${shortLived}`).expect(200);
    t.clock.advance(2_000);
    await t.http().get('/api/v1/me').set('Authorization', `Bearer ${shortLived}`).expect(401);
  });

  it('refuses an access token without an expiry, even one signed with the real secret', async () => {
    const resident = await loggedInResident(t);
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const claims = { sub: me.body.id, typ: 'access', iat: now, iss: JWT_ISSUER, aud: JWT_AUDIENCE };
    const res = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${signHs256(claims, t.config.jwtSecret)}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthorized');
    // The same claims with an expiry pass: the refusal is about the missing exp alone.
    await t.http().get('/api/v1/me').set('Authorization', `Bearer ${signHs256({ ...claims, exp: now + 60 }, t.config.jwtSecret)}`).expect(200);
  });
});

/** A JWT signed by hand, so that a test controls every claim (JwtService always adds exp). */
function signHs256(claims: object, secret: string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
