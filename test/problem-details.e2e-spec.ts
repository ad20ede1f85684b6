import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ForbiddenException, ParseIntPipe } from '@nestjs/common';
import { Router, type Request, type Response } from 'express';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { signupBody } from './support/residents.js';

/** Issue #6: every answer is problem details with one of our codes, whatever the input. */
describe('problem details for every input (issue #6)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(
      {},
      {
        // A router of its own outside Nest (as the panel's, now behind the staff gate at /admin), which must see the raw body.
        mount: (app) => {
          const admin = Router();
          admin.post('/echo', (req: Request, res: Response) => {
            const chunks: Buffer[] = [];
            req.on('data', (chunk: Buffer) => chunks.push(chunk));
            req.on('end', () => res.json({ parsedBefore: req.body !== undefined, raw: Buffer.concat(chunks).toString('utf8') }));
          });
          admin.get('/guarded', () => {
            throw new ForbiddenException();
          });
          admin.get('/piped', async (_req, _res, next) => {
            try {
              await new ParseIntPipe().transform('abc', { type: 'param', data: 'id' });
            } catch (error) {
              next(error);
            }
          });
          app.use('/extern', admin);
        },
      },
    );
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown) =>
    t.http().post(path).set('X-Forwarded-For', uniqueIp()).set('Content-Type', 'application/json').send(JSON.stringify(body));
  const fieldCodes = (body: { errors?: Array<{ field: string; code: string }> }) => Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.code]));

  function requestBody(overrides: Record<string, unknown> = {}) {
    return {
      applicant: { firstName: 'Camille', lastName: 'Tremblay', birthDate: '1988/02/29' },
      address: { civicNumber: '1234', street: 'boulevard La Salle', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
      members: [{ firstName: 'Zoé', lastName: 'Tremblay', birthDate: '2018-08-08', relationship: 'child' }],
      email: uniqueEmail('demande'),
      phone: '418-296-8100',
      consent: true,
      ...overrides,
    };
  }

  describe('status codes Nest and express answer on their own', () => {
    it('names a 403 from a guard `forbidden` and a 400 from a pipe `bad_request`, not not_found or malformed_json', async () => {
      const forbidden = await t.http().get('/extern/guarded');
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers['content-type']).toContain('application/problem+json');
      expect(forbidden.body).toMatchObject({ code: 'forbidden', title: 'Accès refusé' });
      const piped = await t.http().get('/extern/piped').set('Accept-Language', 'en');
      expect(piped.status).toBe(400);
      expect(piped.body).toMatchObject({ code: 'bad_request', title: 'Bad request' });
    });

    it('answers a wrong method with 405 and Allow, an unknown path with 404', async () => {
      for (const [method, path, allow] of [
        ['get', '/api/v1/auth/login', 'POST'],
        ['delete', '/api/v1/me', 'GET, HEAD'],
        ['post', '/health', 'GET, HEAD'],
        ['put', '/api/v1/dossier-requests', 'POST'],
      ] as const) {
        const res = await t.http()[method](path);
        expect(`${method} ${path} ${res.status} ${res.headers.allow}`).toBe(`${method} ${path} 405 ${allow}`);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
      }
      for (const path of ['/api/v1/auth/nothing', '/nothing', '/extern/nothing']) {
        const res = await t.http().get(path);
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('not_found');
        expect(res.headers.allow).toBeUndefined();
      }
    });
  });

  describe("Node's HTTP parser", () => {
    /** A raw request, for what an HTTP client library would refuse to send. */
    function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
      const { port } = t.app.getHttpServer().address() as { port: number };
      return new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        let data = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (data += chunk));
        socket.on('error', reject);
        socket.on('close', () => {
          const [head, ...rest] = data.split('\r\n\r\n');
          resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: rest.join('\r\n\r\n') });
        });
      });
    }

    it('answers headers or a URL over 16 kB with 431 problem details, bad bytes with 400', async () => {
      for (const request of [
        `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        `GET /health?${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      ]) {
        const res = await raw(request);
        expect(res.status).toBe(431);
        expect(res.headers).toContain('content-type: application/problem+json');
        expect(JSON.parse(res.body)).toMatchObject({ status: 431, code: 'headers_too_large', title: 'En-têtes trop volumineux' });
      }
      for (const request of ['GET /health HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n', 'GET /he alth HTTP/1.1\r\n\r\n', '\u0001\u0002\r\n\r\n']) {
        const res = await raw(request);
        expect(res.status).toBe(400);
        expect(res.headers).toContain('content-type: application/problem+json');
        expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'bad_request' });
      }
    });
  });

  describe('field codes', () => {
    it('refuses a lone surrogate in every email field with a field error, not a 500', async () => {
      const cases: Array<[string, object]> = [
        ['/api/v1/auth/signup', signupBody('\ud800')],
        ['/api/v1/auth/resend-verification', { email: 'a\ud800@exemple.ca' }],
        ['/api/v1/auth/password/forgot', { email: '\ud800' }],
        ['/api/v1/auth/login', { email: '\udfff@exemple.ca', password: 'x' }],
        ['/api/v1/dossier-requests', requestBody({ email: '\ud800' })],
      ];
      for (const [path, body] of cases) {
        const res = await post(path, body);
        expect(`${path} ${res.status} ${JSON.stringify(fieldCodes(res.body))}`).toBe(`${path} 400 {"email":"characters_invalid"}`);
      }
    });

    it('answers one of our codes for members, applicant and address that are not objects', async () => {
      for (const [override, expected] of [
        [{ members: [[]] }, { members: 'invalid_type' }],
        [{ members: [1] }, { members: 'invalid_type' }],
        [{ members: [null, 'x'] }, { members: 'invalid_type' }],
        [{ applicant: [1] }, { applicant: 'invalid_type' }],
        [{ address: [[]] }, { address: 'invalid_type' }],
      ] as const) {
        const res = await post('/api/v1/dossier-requests', requestBody(override));
        expect(res.status).toBe(400);
        expect(fieldCodes(res.body)).toEqual(expected);
        expect(res.body.errors.map((e: { message: string }) => e.message)).not.toContain(expect.stringMatching(/nested property/));
      }
    });

    it('counts lengths as the database does, on what it stores', async () => {
      // U+FE0F is invisible to validator.js' isLength but is a code point of MariaDB's VARCHAR(100).
      const selectors = 'a\uFE0F'.repeat(100);
      expect((await post('/api/v1/auth/signup', signupBody(uniqueEmail(), { firstName: selectors }))).body.errors).toEqual([
        { field: 'firstName', code: 'too_long', message: 'Ce champ est trop long' },
      ]);
      const r = await post('/api/v1/dossier-requests', requestBody({ applicant: { firstName: 'Camille', lastName: selectors, birthDate: '1988/02/29' }, address: { ...requestBody().address, city: selectors } }));
      expect(fieldCodes(r.body)).toEqual({ 'applicant.lastName': 'too_long', 'address.city': 'too_long' });
      // 187 characters as typed, 307 once lower-cased as stored: « İ » becomes « i » and a combining dot.
      const growing = `${'a'.repeat(60)}@${Array(4).fill('İ'.repeat(30)).join('.')}.ca`;
      for (const path of ['/api/v1/auth/signup', '/api/v1/dossier-requests']) {
        const res = await post(path, path.endsWith('signup') ? signupBody(growing) : requestBody({ email: growing }));
        expect(fieldCodes(res.body)).toEqual({ email: 'email_invalid' });
      }
      const longExtension = await post('/api/v1/dossier-requests', requestBody({ phone: '418-296-8100 poste 12345678901234567890' }));
      expect(fieldCodes(longExtension.body)).toEqual({ phone: 'phone_invalid' });
    });

    it('keeps names to letters, marks, spaces, apostrophes, hyphens and periods', async () => {
      for (const [name, code] of [
        ['Camille\r\nBcc: x@exemple.ca', 'characters_invalid'],
        ['Cam\u0000ille', 'characters_invalid'],
        ['\u202Eellimac', 'characters_invalid'],
        ['Camille\u2066', 'characters_invalid'],
        ['Camille https://hameçon.test', 'name_invalid'],
        ['Camille <b>', 'name_invalid'],
        ['R2-D2', 'name_invalid'],
        ['---', 'name_invalid'],
      ]) {
        const signup = await post('/api/v1/auth/signup', signupBody(uniqueEmail(), { lastName: name }));
        expect(`${JSON.stringify(name)} ${JSON.stringify(fieldCodes(signup.body))}`).toBe(`${JSON.stringify(name)} {"lastName":"${code}"}`);
        const request = await post(
          '/api/v1/dossier-requests',
          requestBody({ applicant: { firstName: name, lastName: 'Tremblay', birthDate: '1988/02/29' }, members: [{ ...requestBody().members[0], lastName: name }] }),
        );
        expect(fieldCodes(request.body)).toEqual({ 'applicant.firstName': code, 'members.0.lastName': code });
      }
      const en = await post('/api/v1/auth/signup', signupBody(uniqueEmail(), { firstName: 'x.test/y' })).set('Accept-Language', 'en');
      expect(en.body.errors[0].message).toBe('A name may contain only letters, spaces, apostrophes, hyphens and periods');
      for (const name of ["Marie-Ève O'Neil", 'D’Amours', 'St. Pierre', 'Nguyê\u0303n', 'Łukasz', 'ʻOlani']) {
        await post('/api/v1/auth/signup', signupBody(uniqueEmail(), { firstName: name, lastName: name })).expect(202);
      }
    });
  });

  describe('createApp scoping', () => {
    it('parses JSON only under /api: a router outside it receives the raw body', async () => {
      const res = await t.http().post('/extern/echo').set('Content-Type', 'application/json').send('{"a": 1}').expect(200);
      expect(res.body).toEqual({ parsedBefore: false, raw: '{"a": 1}' });
      // Under /api, JSON is still parsed and validated.
      const api = await post('/api/v1/auth/login', { email: 'x@exemple.ca' });
      expect(fieldCodes(api.body)).toEqual({ password: 'required' });
    });
  });
});
