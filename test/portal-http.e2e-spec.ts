import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PORTAL_URL, startApp, uniqueIp, type TestApp } from './support/app.js';
import { portalBoot, portalScript } from './support/portal.js';
import { confirmedResident } from './support/residents.js';

const COOKIE_LOGIN = { 'X-Refresh-Token-Transport': 'cookie' };

/** The cookies an answer set, by name: value and attributes. */
function setCookies(res: { headers: Record<string, unknown> }): Record<string, { value: string; attributes: string }> {
  const raw = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return Object.fromEntries(
    raw.map((line) => {
      const [pair, ...attributes] = line.split('; ');
      const at = pair!.indexOf('=');
      return [pair!.slice(0, at), { value: pair!.slice(at + 1), attributes: attributes.join('; ') }];
    }),
  );
}

/**
 * The portal over HTTP: its one document and hashed assets (cache, CSP, 404s, escaping), and the
 * session it keeps through the API — the refresh token in an HttpOnly cookie only the auth routes
 * receive, spent with a CSRF header, never in the body the page's script reads.
 */
describe('the portal over HTTP and its cookie session', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ CITY_NAME: 'Ville de <Baie>-Comeau </script><script>alert(1)</script>' });
  });
  afterAll(() => t?.close());

  it('sends the bare address to the portal and answers the portal with security headers and no inline script', async () => {
    const root = await t.http().get('/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe(PORTAL_URL);
    const paths = [
      '/portail',
      '/portail/creer-un-compte',
      '/portail/connexion',
      '/portail/confirmation?token=x',
      '/portail/mot-de-passe?token=x',
      '/portail/mot-de-passe-oublie',
      '/portail/activer-mon-dossier',
      '/portail/lier-mon-dossier',
      '/portail/ma-famille',
      '/portail/messages/12',
      '/portail/aide',
    ];
    for (const path of paths) {
      const page = await t.http().get(path).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      const csp = page.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['cache-control']).toBe('no-cache');
      // Scripts are files; the only inline block is JSON data, which a browser never runs.
      expect(page.text.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toEqual(['<script type="application/json" id="portal-config">']);
      expect(page.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=|https?:\/\/(?!portail\.test)/);
    }
    const docs = await t.http().get('/api/docs').expect(200);
    expect(docs.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
  });

  it('escapes the city’s name in the document and in its data, whatever it holds', async () => {
    const page = await t.http().get('/portail').expect(200);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('Ville de &lt;Baie&gt;-Comeau &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(portalBoot(page.text).cityName).toBe('Ville de <Baie>-Comeau </script><script>alert(1)</script>');
  });

  it('serves hashed assets for a year, the logo, and 404s for any other name', async () => {
    const page = await t.http().get('/portail').expect(200);
    const script = await t.http().get(portalScript(page.text)).expect(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const style = /href="(\/portail\/assets\/[^"]+\.css)"/.exec(page.text)![1]!;
    expect((await t.http().get(style).expect(200)).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await t.http().get('/portail/logo').expect(200)).headers['content-type']).toBe('image/svg+xml');
    for (const path of ['/portail/assets/nope.js', '/portail/assets/..%2F..%2Fpackage.json', '/portail/assets/index.html']) {
      const missing = await t.http().get(path);
      expect(`${path} ${missing.status} ${missing.headers['content-type']}`).toBe(`${path} 404 application/problem+json; charset=utf-8`);
    }
  });

  it('answers an unknown page with 404 and the portal’s « Page introuvable », in the chosen language', async () => {
    const missing = await t.http().get('/portail/inscriptions-hiver').expect(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(portalBoot(missing.text)).toMatchObject({ notFound: true, locale: 'fr' });
    await t.http().get('/portail/messages/abc').expect(404);
    const english = await t.http().get('/portail/connexion').set('Accept-Language', 'en-CA');
    expect(english.text).toContain('<html lang="en">');
    // The switch's choice wins over the browser's languages.
    const chosen = await t.http().get('/portail/connexion').set('Accept-Language', 'en-CA').set('Cookie', 'guichet_langue=fr');
    expect(chosen.text).toContain('<html lang="fr">');
    expect(chosen.text).toContain('La plateforme d&#39;inscription en ligne a besoin de JavaScript');
    expect(chosen.text).toContain(`Pour de l’aide, joignez le Service des loisirs : ${t.config.cityContactPhone} ou ${t.config.cityContactEmail}.`);
    expect(portalBoot(chosen.text).contact).toEqual({ email: t.config.cityContactEmail, phone: t.config.cityContactPhone, hours: t.config.cityOfficeHours.fr });
  });

  it('keeps the refresh token in an HttpOnly, SameSite=Strict cookie for the auth routes, never in the body', async () => {
    const resident = await confirmedResident(t);
    const login = await t.http().post('/api/v1/auth/login').set(COOKIE_LOGIN).set('X-Forwarded-For', uniqueIp()).send(resident).expect(200);
    expect(login.body).not.toHaveProperty('refreshToken');
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const cookies = setCookies(login);
    expect(cookies.guichet_refresh!.attributes).toMatch(/Path=\/api\/v1\/auth/);
    expect(cookies.guichet_refresh!.attributes).toMatch(/HttpOnly/);
    expect(cookies.guichet_refresh!.attributes).toMatch(/SameSite=Strict/);
    expect(cookies.guichet_csrf!.attributes).not.toMatch(/HttpOnly/);
    expect(cookies.guichet_csrf!.attributes).toMatch(/SameSite=Strict/);
    // Over plain http in the tests; production sets Secure (STAFF_COOKIE_INSECURE aside).
    expect(cookies.guichet_refresh!.attributes).not.toMatch(/Secure/);
    await t.http().get('/api/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    // Without the transport header, the body carries the pair as before (other clients).
    const plain = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send(resident).expect(200);
    expect(typeof plain.body.refreshToken).toBe('string');
    expect(plain.headers['set-cookie']).toBeUndefined();
  });

  it('spends the cookie only with its CSRF header from the service’s own pages, rotates it, and ends the chain on a replay', async () => {
    const resident = await confirmedResident(t);
    const login = await t.http().post('/api/v1/auth/login').set(COOKIE_LOGIN).set('X-Forwarded-For', uniqueIp()).send(resident).expect(200);
    const first = setCookies(login);
    const jar = `guichet_refresh=${first.guichet_refresh!.value}; guichet_csrf=${first.guichet_csrf!.value}`;
    const csrf = decodeURIComponent(first.guichet_csrf!.value);

    // The cookie alone (a form or a script of another site): refused, and nothing spent.
    const bare = await t.http().post('/api/v1/auth/refresh').set('Cookie', jar).send({});
    expect(`${bare.status} ${bare.body.code}`).toBe('403 csrf_token_invalid');
    await t.http().post('/api/v1/auth/refresh').set('Cookie', jar).set('X-CSRF-Token', 'autre').send({}).expect(403);
    const crossSite = await t.http().post('/api/v1/auth/refresh').set('Cookie', jar).set('X-CSRF-Token', csrf).set('Origin', 'https://evil.test').send({});
    expect(crossSite.status).toBe(403);

    // From the portal's own page (its origin, PORTAL_URL): the same cookie still works (nothing was
    // spent above), and gives a new access token and a new cookie.
    const refreshed = await t
      .http()
      .post('/api/v1/auth/refresh')
      .set('Cookie', jar)
      .set('X-CSRF-Token', csrf)
      .set('Origin', new URL(PORTAL_URL).origin)
      .set('Sec-Fetch-Site', 'same-origin')
      .send({})
      .expect(200);
    expect(refreshed.body).not.toHaveProperty('refreshToken');
    const second = setCookies(refreshed);
    expect(second.guichet_refresh!.value).not.toBe(first.guichet_refresh!.value);
    await t.http().get('/api/v1/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(200);

    // The old cookie again is a replay: 401, the cookies cleared, and the whole login ends.
    const replay = await t.http().post('/api/v1/auth/refresh').set('Cookie', jar).set('X-CSRF-Token', csrf).send({});
    expect(`${replay.status} ${replay.body.code}`).toBe('401 refresh_token_invalid');
    expect(setCookies(replay).guichet_refresh!.attributes).toMatch(/Expires=Thu, 01 Jan 1970/);
    const next = `guichet_refresh=${second.guichet_refresh!.value}; guichet_csrf=${second.guichet_csrf!.value}`;
    await t.http().post('/api/v1/auth/refresh').set('Cookie', next).set('X-CSRF-Token', decodeURIComponent(second.guichet_csrf!.value)).send({}).expect(401);
    await t.http().get('/api/v1/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(401);
  });

  it('logs out with the cookie: the chain revoked and the cookies cleared; without a cookie or a token, 401', async () => {
    const resident = await confirmedResident(t);
    const login = await t.http().post('/api/v1/auth/login').set(COOKIE_LOGIN).set('X-Forwarded-For', uniqueIp()).send(resident).expect(200);
    const cookies = setCookies(login);
    const jar = `guichet_refresh=${cookies.guichet_refresh!.value}; guichet_csrf=${cookies.guichet_csrf!.value}`;
    const csrf = decodeURIComponent(cookies.guichet_csrf!.value);
    await t.http().post('/api/v1/auth/logout').set('Cookie', jar).send({}).expect(403);
    const out = await t.http().post('/api/v1/auth/logout').set('Cookie', jar).set('X-CSRF-Token', csrf).send({}).expect(204);
    const cleared = setCookies(out);
    expect(cleared.guichet_refresh!.attributes).toMatch(/Expires=Thu, 01 Jan 1970.*Path=\/api\/v1\/auth|Path=\/api\/v1\/auth.*Expires=Thu, 01 Jan 1970/);
    expect(cleared.guichet_csrf!.value).toBe('');
    await t.http().post('/api/v1/auth/refresh').set('Cookie', jar).set('X-CSRF-Token', csrf).send({}).expect(401);
    await t.http().get('/api/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(401);
    await t.http().post('/api/v1/auth/logout').send({}).expect(401);
  });
});
