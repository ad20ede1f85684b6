import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawRequest, startApp, type TestApp } from './support/app.js';
import { loginEveryRole } from './support/staff.js';
import type { StaffRole } from '../src/staff/staff-user.js';

/**
 * The panel's requests as an outside tester sent them (issue 15, findings 4, 6 and 7): files posted
 * to any /admin route, a logout from a link on another site, and other spellings of AdminJS's API
 * paths.
 */
describe('the panel’s requests', () => {
  let t: TestApp;
  let cookies: Record<StaffRole, string>;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookies } = await loginEveryRole(t));
  });
  afterAll(async () => t?.close());

  /** Exactly these headers and bytes (a body shorter than announced, a path as typed). */
  const raw = (method: string, path: string, headers: Record<string, string>, body: Buffer | string) => rawRequest(t, method, path, headers, body);

  describe('uploads', () => {
    let uploads: string;
    // formidable writes to os.tmpdir(), asked per request: a folder of this test's own, so that
    // nothing else is counted (jest's process.env is a copy: TMPDIR set here would not reach node:os).
    beforeEach(() => {
      uploads = mkdtempSync(join(tmpdir(), 'guichet-uploads-'));
      jest.spyOn(os, 'tmpdir').mockReturnValue(uploads);
    });
    afterEach(() => {
      jest.restoreAllMocks();
      rmSync(uploads, { recursive: true, force: true });
    });

    const BOUNDARY = '----guichet-test-boundary';
    const multipart = (parts: Array<{ name: string; filename?: string; content: Buffer | string }>, closed = true) =>
      Buffer.concat([
        ...parts.map((part) =>
          Buffer.concat([
            Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"\r\nContent-Type: application/octet-stream` : ''}\r\n\r\n`),
            Buffer.from(part.content),
            Buffer.from('\r\n'),
          ]),
        ),
        Buffer.from(closed ? `--${BOUNDARY}--\r\n` : ''),
      ]);

    it('leaves no file behind, whoever posts what to whichever /admin route, and refuses files with a 4xx', async () => {
      const small = { name: 'photo', filename: 'photo.jpg', content: Buffer.alloc(300_000, 1) };
      const oversized = { name: 'photo', filename: 'big.jpg', content: Buffer.alloc(1_500_000, 2) };
      const field = { name: 'phone', content: '418 555 0142' };
      const bodies = {
        'a small file': multipart([field, small]),
        'a file over 1 MB': multipart([field, oversized]),
        'a truncated body': multipart([field, small], false),
        'a file part cut short': multipart([field, small]).subarray(0, 200_000),
      };
      const routes = ['/admin', '/admin/api/resources/persons/actions/list', '/admin/api/resources/persons/actions/new', '/admin/api/resources/threads/actions/list', '/admin/login', '/admin/nowhere'];
      const failures: string[] = [];
      for (const who of ['supervisor', 'clerk', 'administrator', 'anonymous'] as const) {
        for (const method of ['GET', 'POST']) {
          for (const path of routes) {
            for (const [what, body] of Object.entries(bodies)) {
              const headers: Record<string, string> = { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': String(body.length), Origin: 'http://api.test' };
              if (who !== 'anonymous') headers.Cookie = cookies[who];
              const res = await raw(method, path, headers, body);
              if (res.status >= 500) failures.push(`${who} ${method} ${path} with ${what}: ${res.status} ${res.text.slice(0, 120)}`);
            }
          }
        }
      }
      // The bytes of a file as a body of its own (formidable keeps application/octet-stream as a file).
      const octets = await raw('POST', '/admin/api/resources/households/actions/new', { 'Content-Type': 'application/octet-stream', 'Content-Length': '300000', Cookie: cookies.administrator, Origin: 'http://api.test' }, Buffer.alloc(300_000, 3));
      expect([octets.status, failures, readdirSync(uploads).length]).toEqual([415, [], 0]);
      const refused = await raw('POST', '/admin/api/resources/households/actions/new', { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, Cookie: cookies.clerk, Origin: 'http://api.test' }, bodies['a small file']);
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(refused.text)).toMatchObject({ code: 'file_not_accepted', detail: expect.stringMatching(/fichier/) });
      expect(failures).toEqual([]);
      expect(readdirSync(uploads)).toEqual([]);
    });
  });

  describe('logout', () => {
    it('shows a page with the « Se déconnecter » button on a GET, and signs out on a same-origin POST only', async () => {
      const { cookies: own } = await loginEveryRole(t);
      const page = await t.http().get('/admin/logout').set('Cookie', own.clerk).expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toMatch(/<form[^>]* method="post" action="\/admin\/logout"><button type="submit">Se déconnecter<\/button><\/form>/);
      expect(page.headers['set-cookie']).toBeUndefined();
      // Still signed in: a link from anywhere signs nobody out.
      await t.http().get('/admin/api/resources/persons/actions/list').set('Cookie', own.clerk).expect(200);
      // Another site's form: refused, still signed in.
      await t.http().post('/admin/logout').set('Cookie', own.clerk).set('Origin', 'https://ailleurs.example').expect(403);
      await t.http().post('/admin/logout').set('Cookie', own.clerk).set('Sec-Fetch-Site', 'cross-site').expect(403);
      await t.http().get('/admin/api/resources/persons/actions/list').set('Cookie', own.clerk).expect(200);
      // The panel's own button.
      await t.http().post('/admin/logout').set('Cookie', own.clerk).set('Origin', 'http://api.test').expect(303).expect('Location', '/admin/login');
      await t.http().get('/admin/api/resources/persons/actions/list').set('Cookie', own.clerk).expect(401);
      // Signed out already: the GET says so with the login page's link, in English for an English browser.
      const after = await t.http().get('/admin/logout').set('Accept-Language', 'en').expect(200);
      expect(after.text).toContain('Log out');
    });
  });

  describe('role check', () => {
    it('refuses a clerk every spelling of the staff resource’s API: 403 or 404, never the data', async () => {
      const paths = [
        '/admin/api/resources/staff/actions/list',
        '/admin/API/resources/staff/actions/list',
        '/admin/api/RESOURCES/staff/actions/list',
        '/admin/api/resources/STAFF/actions/list',
        '/admin/api/resources/staff/actions/LIST',
        '/admin/Api/Resources/Staff/Actions/List',
        '/ADMIN/api/resources/staff/actions/list',
        '/admin//api/resources/staff/actions/list',
        '/admin/api//resources/staff/actions/list',
        '/admin/api/resources//staff/actions/list',
        '/admin/api/resources/staff//actions/list',
        '/admin/api%2Fresources%2Fstaff%2Factions%2Flist',
        '/admin/api/resources%2Fstaff/actions/list',
        '/admin/api/resources/staff/actions/list/',
        '/admin/./api/resources/staff/actions/list',
        '/admin/api/./resources/staff/actions/list',
        '/admin/x/../api/resources/staff/actions/list',
        '/admin/api/resources/%73taff/actions/list',
        '/admin/api/resources/staff/actions/%6Cist',
        '/admin/api/resources/staff/actions/search',
        '/admin/api/resources/staff/actions/search/',
        '/admin/API/resources/staff/actions/search/a',
        '/admin/API/resources/staff/records/1/show',
        '/admin/api/resources/staff/records/1/SHOW',
        '/admin/resources/STAFF',
        '/admin/Resources/staff',
      ];
      const failures: string[] = [];
      for (const path of paths) {
        const res = await raw('GET', path, { Cookie: cookies.clerk }, '');
        if (res.status !== 403 && res.status !== 404) failures.push(`${path}: ${res.status} ${res.text.slice(0, 100)}`);
      }
      expect(failures).toEqual([]);
      // The administrator's own spelling still works.
      expect((await raw('GET', '/admin/api/resources/staff/actions/list', { Cookie: cookies.administrator }, '')).status).toBe(200);
    });
  });
});
