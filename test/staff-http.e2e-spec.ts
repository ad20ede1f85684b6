import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from './support/app.js';
import { loginAsStaff, newStaff, postLogin } from './support/staff.js';

/**
 * The staff's HTTP under Nest (issue 15): the sign-in pages, the queues' figures and the attachments
 * are controllers behind StaffGuard, the session runs before them and before AdminJS, and neither
 * side swallows the other's paths.
 */
describe('Staff HTTP: controllers, guard and session in front of the panel', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'admins' });
  });
  afterAll(async () => t?.close());

  it('serves the sign-in pages and the panel at /admin only, never under the API prefix', async () => {
    const login = await t.http().get('/admin/login').expect(200);
    expect(login.headers['content-type']).toMatch(/^text\/html/);
    expect(login.headers['cache-control']).toBe('no-store');
    for (const path of ['/api/v1/admin/login', '/api/v1/admin/api/queues', '/ADMIN/login', '/Admin/api/queues']) {
      const res = await t.http().get(path);
      expect(`${path} ${res.status}`).toBe(`${path} 404`);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // Signed in, the login page sends back to AdminJS's dashboard, which the same session opens.
    const { cookie } = await loginAsStaff(t, 'clerk');
    await t.http().get('/admin/login').set('Cookie', cookie).expect(302).expect('Location', '/admin');
    const panel = await t.http().get('/admin').set('Cookie', cookie).expect(200);
    expect(panel.text).toContain('REDUX_STATE');
  });

  it('lets a signed-in member read the queues and the attachments, and sends everyone else to the step of the sign-in they are at', async () => {
    const { cookie } = await loginAsStaff(t, 'supervisor');
    const queues = await t.http().get('/admin/api/queues').set('Cookie', cookie).expect(200);
    expect(queues.headers['cache-control']).toBe('private, no-store');
    const missing = await t.http().get('/admin/mailbox/attachments/999999').set('Cookie', cookie).expect(404);
    expect(missing.body.code).toBe('attachment_not_found');
    await t.http().get('/admin/mailbox/attachments/abc').set('Cookie', cookie).expect(404);

    // Nobody: 401 problem details for the JSON, the login page for a download.
    expect((await t.http().get('/admin/api/queues').expect(401)).body.code).toBe('unauthorized');
    await t.http().get('/admin/mailbox/attachments/1').expect(302).expect('Location', '/admin/login');

    // An administrator past the password but not enrolled (STAFF_MFA=admins) opens neither.
    const admin = await newStaff(t, 'administrator');
    const { res, cookie: halfway } = await postLogin(t, admin.email, admin.password);
    expect(res.headers.location).toBe('/admin/mon-compte/2fa');
    expect((await t.http().get('/admin/api/queues').set('Cookie', halfway!).expect(401)).body.code).toBe('unauthorized');
    await t.http().get('/admin/mailbox/attachments/1').set('Cookie', halfway!).expect(302).expect('Location', '/admin/mon-compte/2fa');
  });

  it('refuses a POST from another site before any staff page runs, and logs out with a same-origin POST', async () => {
    const { cookie } = await loginAsStaff(t, 'clerk');
    const forged = await t.http().post('/admin/logout').set('Cookie', cookie).set('Origin', 'https://evil.example').expect(403);
    expect(forged.headers['content-type']).toMatch(/^text\/html/);
    await t.http().get('/admin/api/queues').set('Cookie', cookie).expect(200);
    await t.http().post('/admin/logout').set('Cookie', cookie).set('Origin', 'http://api.test').expect(303).expect('Location', '/admin/login');
    await t.http().get('/admin/api/queues').set('Cookie', cookie).expect(401);
  });
});
