import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FIELD_MESSAGES, PROBLEMS } from '../src/common/messages.js';
import '../src/problems.js';
import { isWellFormed } from '../src/common/validation.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { HOSTILE, NASTY_JSON_TEXTS } from './support/nasty-strings.js';
import { loggedInResident } from './support/residents.js';

/**
 * Every route of the OpenAPI document, each field of a valid body replaced by each hostile value:
 * whatever the input, the answer is never a 500 and always problem+json when it is an error.
 */

/** A valid body per route; a route of the document without one fails the test, so new routes get fuzzed. */
function validBodies(): Record<string, Record<string, unknown>> {
  const email = uniqueEmail('fuzz');
  return {
    'POST /api/v1/auth/signup': { firstName: 'Camille', lastName: 'Tremblay', email, password: 'Soleil-d-hiver-27', passwordConfirmation: 'Soleil-d-hiver-27' },
    'POST /api/v1/auth/verify-email': { token: 'abc' },
    'POST /api/v1/auth/resend-verification': { email },
    'POST /api/v1/auth/login': { email, password: 'Soleil-d-hiver-27' },
    'POST /api/v1/auth/refresh': { refreshToken: 'abc' },
    'POST /api/v1/auth/logout': { refreshToken: 'abc' },
    'POST /api/v1/auth/password/forgot': { email },
    'POST /api/v1/auth/password/reset': { token: 'abc', password: 'Soleil-d-hiver-27', passwordConfirmation: 'Soleil-d-hiver-27' },
    'POST /api/v1/me/dossier/link': { dossierNumber: '100234', birthDate: '1985/04/12' },
    'POST /api/v1/me/password': { currentPassword: 'Soleil-d-hiver-27', password: 'Nouveau-mot-2-passe', passwordConfirmation: 'Nouveau-mot-2-passe' },
    'POST /api/v1/dossier-requests': {
      applicant: { firstName: 'Camille', lastName: 'Tremblay', birthDate: '1988/02/29' },
      address: { civicNumber: '1234', street: 'boulevard La Salle', apartment: '3', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
      members: [{ firstName: 'Zoé', lastName: 'Tremblay', birthDate: '2018-08-08', relationship: 'child' }],
      email,
      phone: '418-296-8100',
      consent: true,
    },
    'POST /api/v1/me/messages': { category: 'address_change', subject: 'Nouvelle adresse', body: 'Bonjour,\nnous avons déménagé.' },
    'POST /api/v1/me/messages/{id}/replies': { body: 'Une précision.' },
    'POST /api/v1/me/waiting-room': {},
    'POST /api/v1/me/holds': { code: 'NAT-ETOILE-SAM9', personIds: [1, 2] },
    'POST /api/v1/me/registrations': { holdIds: [1] },
    'POST /api/v1/me/waitlist': { code: 'NAT-ETOILE-SAM9', personIds: [1] },
    'POST /api/v1/me/waitlist/{id}/accept': {},
  };
}


/** Every path to a leaf of a JSON value, array items included. */
function leaves(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return [path, ...value.flatMap((item, i) => leaves(item, [...path, i]))];
  if (value && typeof value === 'object') return [path, ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))];
  return [path];
}

function replaced(body: unknown, path: Array<string | number>, value: unknown): unknown {
  if (!path.length) return value;
  const copy = (Array.isArray(body) ? [...body] : { ...(body as object) }) as Record<string | number, unknown>;
  copy[path[0]] = replaced(copy[path[0]], path.slice(1), value);
  return copy;
}

describe('fuzz: hostile values in every field of every route', () => {
  let t: TestApp;
  let token: string;
  let routes: Array<{ method: string; path: string }>;
  beforeAll(async () => {
    t = await startApp();
    token = (await loggedInResident(t)).accessToken;
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
  });
  afterAll(() => t.close());

  function send(method: string, path: string, body?: unknown) {
    const req = t
      .http()
      [method.toLowerCase() as 'post']
      (path)
      .set('X-Forwarded-For', uniqueIp())
      .set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(body));
  }

  function expectNoServerError(res: { status: number; headers: Record<string, string>; body: unknown }, what: string) {
    if (res.status >= 500) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
    if (res.status >= 400) expect(res.headers['content-type']).toContain('application/problem+json');
  }

  /** The problem's code and its field codes are ours (declared in a feature's `*.errors.ts`), never a sentence. */
  function expectOurCodes(res: { status: number; body: { code?: string; errors?: Array<{ code: string; message: string }> } }, what: string) {
    if (res.status >= 400 && !Object.hasOwn(PROBLEMS, String(res.body.code))) throw new Error(`${what}: problem code ${JSON.stringify(res.body.code)}`);
    for (const error of res.body.errors ?? []) {
      if (!Object.hasOwn(FIELD_MESSAGES, error.code)) throw new Error(`${what}: field code ${JSON.stringify(error.code)}`);
    }
  }

  /** Checks an answer; what is wrong with it goes to `failures` (every case runs, all failures are listed). */
  function check(failures: string[], res: Parameters<typeof expectNoServerError>[0] & Parameters<typeof expectOurCodes>[0], what: string) {
    try {
      expectNoServerError(res, what);
      expectOurCodes(res, what);
    } catch (error) {
      failures.push((error as Error).message.slice(0, 300));
    }
  }

  it('has a valid body for every route that takes one', () => {
    const bodies = validBodies();
    const posts = routes.filter((r) => r.method === 'POST').map((r) => `${r.method} ${r.path}`);
    expect(posts.filter((r) => !(r in bodies))).toEqual([]);
  });

  it('never answers 500 to a hostile field value', async () => {
    const failures: string[] = [];
    for (const [route, body] of Object.entries(validBodies())) {
      const [method, path] = route.split(' ');
      for (const leaf of leaves(body)) {
        for (const value of HOSTILE) {
          const mutated = replaced(body, leaf, value);
          const what = `${route} ${leaf.join('.') || '(body)'}=${JSON.stringify(value).slice(0, 40)}`;
          check(failures, await send(method, path, mutated), what);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('never answers 500 to a body that is not JSON, nested thousands of levels deep, or too large', async () => {
    const failures: string[] = [];
    for (const { method, path } of routes.filter((r) => r.method === 'POST')) {
      for (const text of NASTY_JSON_TEXTS) {
        const res = await send(method, path.replace('{id}', '1')).set('Content-Type', 'application/json').send(text);
        check(failures, res, `${method} ${path} ${JSON.stringify(text.slice(0, 30))}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('never answers 500 to a hostile query string or path', async () => {
    const failures: string[] = [];
    for (const { method, path } of routes) {
      for (const value of HOSTILE.filter((v) => typeof v === 'string')) {
        const encoded = isWellFormed(value as string) ? encodeURIComponent(value as string) : '%ED%A0%80';
        const query = `?token=${encoded}&notice=${encoded.slice(0, 100)}`;
        check(failures, await send(method, `${path}${query}`), `${method} ${path}${query.slice(0, 60)}`);
      }
      for (const suffix of ['/%', '/%00', '/..%2f', '/x'.repeat(200), '/%F0%9F']) {
        check(failures, await send(method, `${path}${suffix}`), `${method} ${path}${suffix.slice(0, 20)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
