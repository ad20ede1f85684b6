import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { startApp, type TestApp } from './support/app.js';
import { ResponseValidator, type ObservedResponse } from './support/openapi.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

function response(status: number, body: unknown, headers: Record<string, string> = {}): ObservedResponse {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { status, body: body ?? {}, text, headers: { 'content-type': body === undefined ? undefined : JSON_TYPE, ...headers } };
}

function problem(status: number, code: string, headers: Record<string, string> = {}): ObservedResponse {
  return response(
    status,
    { type: `https://guichet-loisirs.ca/problemes/${code}`, title: 'Titre', status, detail: 'Détail', code, instance: '/api/v1/x' },
    { 'content-type': PROBLEM_TYPE, ...headers },
  );
}

const anonymous = (method: string, url: string) => ({ method, url, authorization: false });
const withBearer = (method: string, url: string) => ({ method, url, authorization: true });

const PERIOD = { id: 1, name: 'Hiver 2027', opensAt: '2027-01-10T19:00:00.000-05:00', closesAt: '2027-01-24T23:59:00.000-05:00', requestDeadline: '2027-01-07T19:00:00.000-05:00' };
const CREATED = { reference: 'DR-2026-000001', status: 'submitted', nextPeriod: PERIOD, late: false, message: 'Reçue' };

describe('the OpenAPI document, checked against every response of t.http()', () => {
  let t: TestApp;
  let document: OpenAPIObject;
  let validator: ResponseValidator;
  beforeAll(async () => {
    t = await startApp();
    document = (await t.http().get('/api/docs-json').expect(200)).body;
    validator = new ResponseValidator(document);
  });
  afterAll(() => t.close());

  it('accepts answers that match', () => {
    expect(validator.check(anonymous('POST', '/api/v1/dossier-requests'), response(201, CREATED))).toBeNull();
    expect(validator.check(anonymous('POST', '/api/v1/dossier-requests'), response(201, { ...CREATED, nextPeriod: null }))).toBeNull();
    expect(validator.check(anonymous('POST', '/api/v1/auth/login'), problem(429, 'too_many_requests', { 'retry-after': '60' }))).toBeNull();
    expect(validator.check(anonymous('POST', '/api/v1/auth/logout'), response(204, undefined))).toBeNull();
    expect(validator.check(anonymous('GET', '/api/v1/no-such-route?x=1'), problem(404, 'not_found'))).toBeNull();
  });

  it('reports an undocumented status with the method, the path and the status', () => {
    expect(validator.check(anonymous('GET', '/health?probe=1'), response(418, { status: 'ok' }))).toMatch(
      /\(GET \/health → 418\)[\s\S]*status 418 is not documented for GET \/health \(documented: 200\)/,
    );
  });

  it('reports a body that does not match its schema, with ajv’s errors', () => {
    const wrong = { ...CREATED, late: 'no', nextPeriod: { ...PERIOD, opensAt: '2027-01-10 19:00' }, extra: 1 };
    const message = validator.check(anonymous('POST', '/api/v1/dossier-requests'), response(201, wrong));
    expect(message).toContain('POST /api/v1/dossier-requests → 201');
    expect(message).toContain('body/late must be boolean');
    expect(message).toContain('body/nextPeriod/opensAt must match format "date-time"');
    expect(message).toContain('must NOT have additional properties {"additionalProperty":"extra"}');
  });

  it('reports a problem code the operation does not list, a wrong media type, a missing header and a stray body', () => {
    expect(validator.check(anonymous('POST', '/api/v1/auth/login'), problem(401, 'link_expired'))).toContain('body/code must be equal to one of the allowed values');
    expect(validator.check(anonymous('POST', '/api/v1/auth/login'), response(401, problem(401, 'invalid_credentials').body))).toContain(
      'content type application/json is not documented (documented: application/problem+json)',
    );
    expect(validator.check(anonymous('POST', '/api/v1/auth/login'), problem(429, 'too_many_requests'))).toContain('header Retry-After is documented as required but missing');
    expect(validator.check(anonymous('POST', '/api/v1/auth/logout'), response(204, { status: 'ok' }))).toContain('a body is sent but none is documented');
  });

  it('reports an answer other than 401 without the bearer token an operation requires', () => {
    const me = { id: 1, email: 'a@b.ca', firstName: 'A', lastName: 'B', locale: 'fr', emailVerifiedAt: PERIOD.opensAt, createdAt: PERIOD.opensAt, onboarding: 'complete' };
    expect(validator.check(withBearer('GET', '/api/v1/me'), response(200, me))).toBeNull();
    expect(validator.check(anonymous('GET', '/api/v1/me'), response(200, me))).toContain('documents a required bearer token, yet answered 200 without one');
  });

  it('reports unknown routes that do not answer a 404 problem, and skips the pages outside the document', () => {
    expect(validator.check(anonymous('GET', '/api/v1/no-such-route'), response(200, {}))).toContain('no operation in the document');
    expect(validator.check(anonymous('GET', '/portail?notice=x'), { status: 200, body: {}, text: '<html>', headers: { 'content-type': 'text/html' } })).toBeNull();
    expect(validator.check(anonymous('GET', '/api/docs'), { status: 200, body: {}, text: '<html>', headers: { 'content-type': 'text/html' } })).toBeNull();
  });

  it('fails the request of t.http() whose answer the document does not describe', async () => {
    const withoutHealth200 = structuredClone(document);
    delete withoutHealth200.paths['/health'].get!.responses['200'];
    withoutHealth200.paths['/health'].get!.responses['204'] = { description: 'a deliberately wrong document' };
    const real = t.openapi;
    t.openapi = new ResponseValidator(withoutHealth200);
    try {
      await expect(t.http().get('/health').expect(200)).rejects.toThrow(/GET \/health → 200[\s\S]*status 200 is not documented/);
    } finally {
      t.openapi = real;
    }
    await t.http().get('/health').expect(200);
  });

  it('documents every operation with an id, a summary, its security and its answers', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const).filter((m) => item[m]).map((m) => ({ route: `${m.toUpperCase()} ${path}`, op: item[m]! })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(18);
    for (const { route, op } of operations) {
      expect({ route, operationId: Boolean(op.operationId), summary: Boolean(op.summary), security: Array.isArray(op.security) }).toEqual({
        route,
        operationId: true,
        summary: true,
        security: true,
      });
      expect(document.info.description).toContain(`\`${route}\``);
    }
    expect(new Set(operations.map(({ op }) => op.operationId)).size).toBe(operations.length);
    expect(document.servers?.[0].url).toBe(t.config.publicUrl);
    expect(document.paths['/api/v1/dossier-requests'].post!.security).toEqual([{}, { bearer: [] }]);
    expect(document.paths['/api/v1/me'].get!.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/api/v1/registration-periods'].get!.security).toEqual([]);
  });

  // The real list is checked by dossier-requests.e2e-spec.ts, through t.http().
  it("describes a resident's dossier requests with their persons as objects", () => {
    const persons = validator.check(
      withBearer('GET', '/api/v1/me/dossier-requests'),
      response(200, [{ reference: 'DR-2026-000001', status: 'submitted', submittedAt: PERIOD.opensAt, late: false, persons: ['Camille'] }]),
    );
    expect(persons).toContain('body/0/persons/0 must be object');
  });
});
