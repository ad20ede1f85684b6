import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { loggedInResident, signupBody } from './support/residents.js';

describe('validation and problem details (SPEC §3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const signup = (body: unknown, lang?: string) => {
    const req = t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp());
    if (lang) req.set('Accept-Language', lang);
    return req.send(body as object);
  };
  const fieldCodes = (body: { errors: Array<{ field: string; code: string }> }) => Object.fromEntries(body.errors.map((e) => [e.field, e.code]));

  it('answers « Ce champ est requis » for each missing or blank field, as problem+json', async () => {
    const res = await signup({ firstName: '   ' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      type: expect.stringContaining('validation_failed'),
      title: 'Données invalides',
      status: 400,
      code: 'validation_failed',
    });
    expect(res.body.errors).toEqual(
      ['firstName', 'lastName', 'email', 'password', 'passwordConfirmation'].map((field) => ({ field, code: 'required', message: 'Ce champ est requis' })),
    );
  });

  it.each([
    ['email_invalid', { email: 'pas-un-courriel' }, 'email'],
    ['email_invalid', { email: 'a@b' }, 'email'],
    ['password_too_short', { password: 'Ab1!', passwordConfirmation: 'Ab1!' }, 'password'],
    ['password_too_long', { password: 'Aa1!'.repeat(33), passwordConfirmation: 'Aa1!'.repeat(33) }, 'password'],
    ['password_too_weak', { password: 'toutenminuscules', passwordConfirmation: 'toutenminuscules' }, 'password'],
    ['password_too_weak', { password: 'élève-école', passwordConfirmation: 'élève-école' }, 'password'],
    ['password_common', { password: 'Password1', passwordConfirmation: 'Password1' }, 'password'],
    ['password_mismatch', { passwordConfirmation: 'Soleil-d-hiver-28' }, 'passwordConfirmation'],
    ['too_long', { firstName: 'x'.repeat(101) }, 'firstName'],
    ['invalid_type', { lastName: 42 }, 'lastName'],
  ])('refuses %s', async (code, override, field) => {
    const res = await signup(signupBody(uniqueEmail(), override));
    expect(res.status).toBe(400);
    expect(fieldCodes(res.body)).toEqual({ [field]: code });
  });

  it("quotes the seed's password sentence in French and translates it with Accept-Language: en", async () => {
    const weak = signupBody(uniqueEmail(), { password: 'abcdefgh', passwordConfirmation: 'abcdefgh' });
    const fr = await signup(weak);
    expect(fr.body.errors[0].message).toBe(
      "Votre mot de passe doit être long d'au moins 8 caractères et contenir 3 des éléments suivants : lettre minuscule, lettre majuscule, chiffre, symbole.",
    );
    const en = await signup(weak, 'en');
    expect(en.headers['content-language']).toBe('en');
    expect(en.body.title).toBe('Invalid data');
    expect(en.body.errors[0].message).toMatch(/^Your password must be at least 8 characters long/);
    const required = await signup({}, 'en-US,en;q=0.9');
    expect(required.body.errors[0].message).toBe('This field is required');
  });

  it('accepts accented letters and symbols as the seed counts them', async () => {
    await signup(signupBody(uniqueEmail(), { password: 'Élève-école', passwordConfirmation: 'Élève-école' })).expect(202);
    await signup(signupBody(uniqueEmail(), { password: 'crème brûlée 9', passwordConfirmation: 'crème brûlée 9' })).expect(202);
  });

  it('treats a JSON array or no body as an empty object, and a bare JSON value as malformed', async () => {
    const post = () => t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp());
    for (const res of [await post().set('Content-Type', 'application/json').send('[1, 2]'), await post()]) {
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveLength(5);
    }
    for (const body of ['"texte"', 'null', '42']) {
      const res = await post().set('Content-Type', 'application/json').send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('malformed_json');
    }
  });

  it('answers 400 for malformed JSON, 413 over 100 kB and 404 for an unknown route, never a stack trace', async () => {
    const malformed = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('malformed_json');
    expect(malformed.headers['content-type']).toContain('application/problem+json');

    const big = await t.http().post('/api/v1/auth/signup').set('Content-Type', 'application/json').send(JSON.stringify({ firstName: 'x'.repeat(110_000) }));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');

    for (const path of ['/api/v1/nothing-here', '/nothing-here', '/api/v2/auth/signup']) {
      const missing = await t.http().get(path);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ status: 404, code: 'not_found', title: 'Ressource introuvable' });
    }
    for (const res of [malformed, big]) {
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    }
  });

  it('requires a bearer token on /me', async () => {
    const none = await t.http().get('/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('unauthorized');
    const forged = await t.http().get('/api/v1/me').set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.x');
    expect(forged.status).toBe(401);
    // Tokens about a real, confirmed account, each wrong in one way only.
    const resident = await loggedInResident(t);
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
    const jwt = t.app.get(JwtService);
    const expired = jwt.sign({ sub: me.body.id, typ: 'access' }, { expiresIn: -10 });
    const refreshLike = jwt.sign({ sub: me.body.id, typ: 'refresh' });
    const [header, payload] = resident.accessToken.split('.');
    const otherKey = `${header}.${payload}.${createHmac('sha256', 'another-secret-of-at-least-32-characters').update(`${header}.${payload}`).digest('base64url')}`;
    for (const token of [expired, refreshLike, otherKey]) {
      expect((await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    }
  });

  it('serves the OpenAPI document with every route', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    const paths = Object.keys(doc.body.paths);
    for (const path of [
      '/api/v1/auth/signup',
      '/api/v1/auth/verify-email',
      '/api/v1/auth/resend-verification',
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/auth/logout',
      '/api/v1/auth/password/forgot',
      '/api/v1/auth/password/reset',
      '/api/v1/me',
      '/health',
      '/health/ready',
    ]) {
      expect(paths).toContain(path);
    }
    expect(doc.body.paths['/api/v1/auth/login'].post.responses).toHaveProperty('429');
    expect(doc.body.components.schemas).toHaveProperty('SignupDto');
    await t.http().get('/api/docs').expect(200);
  });

  it('reports liveness and readiness', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.database.status).toBe('up');
  });
});
