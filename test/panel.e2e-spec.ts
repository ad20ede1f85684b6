import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Person } from '../src/dossiers/person.entity.js';
import { startApp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { loginAsStaff } from './support/staff.js';

/** The panel through HTTP with real staff sessions: the role matrix on AdminJS's API, CSRF, secrets, headers. */
describe('the panel at /admin', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  let personId: number;

  beforeAll(async () => {
    // STAFF_MFA=optional: these tests are about the panel, the login's second factor has its own.
    t = await startApp({ STAFF_MFA: 'optional' });
    for (const role of ['clerk', 'supervisor', 'administrator'] as const) cookies[role] = (await loginAsStaff(t, role)).cookie;
    personId = (await createHousehold(t.dataSource, [{ birthDate: '1980-05-05', role: 'holder', lastName: 'Pelletier' }])).persons[0].id;
  });
  afterAll(async () => t?.close());

  const api = (role: string) => ({
    get: (path: string) => t.http().get(`/admin/api${path}`).set('Cookie', cookies[role]),
    post: (path: string, fields: Record<string, string>) => {
      const req = t.http().post(`/admin/api${path}`).set('Cookie', cookies[role]);
      for (const [k, v] of Object.entries(fields)) req.field(k, v);
      return req;
    },
  });

  it('sends the panel in French with its own CSP, a nonce and no third-party asset', async () => {
    const res = await t.http().get('/admin').set('Cookie', cookies.clerk).expect(200);
    const csp = String(res.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'self'");
    expect(res.text).toContain(`<script nonce="${nonce}">`);
    expect(res.text).not.toContain('<script>');
    expect(res.text).not.toContain('googleapis');
    expect(res.text).not.toMatch(/(src|href)="https?:/);
    expect(res.text).toContain('<html lang="fr">');
  });

  it('lets a clerk edit a person, and refuses a supervisor’s forged edit with 403', async () => {
    await api('clerk').post(`/resources/persons/records/${personId}/edit`, { phone: '418 555 0142' }).expect(200);
    const forged = await api('supervisor').post(`/resources/persons/records/${personId}/edit`, { phone: '418 555 0199' }).expect(403);
    expect(forged.body.code).toBe('forbidden');
    await api('supervisor').get(`/resources/persons/records/${personId}/show`).expect(200);
    await api('clerk').get('/resources/staff/actions/list').expect(403);
    await api('supervisor').get('/resources/outbox/actions/list').expect(403);
    await api('clerk').post(`/resources/persons/records/${personId}/delete`, {}).expect(403);
    await api('administrator').get('/resources/staff/actions/list').expect(200);
  });

  it('shows a clerk opening a forbidden page « Accès refusé » as a French page, and keeps problem details for the API', async () => {
    const page = await t.http().get('/admin/resources/staff').set('Cookie', cookies.clerk).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(403);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).toContain('<h1>Accès refusé</h1>');
    expect(page.text).toContain('Cette page est réservée au personnel qui a le rôle «\u00a0administrateur ou administratrice\u00a0».');
    expect(page.text).toContain('Votre rôle\u00a0: préposé ou préposée.');
    expect(page.text).toContain('<a href="/admin">Retour à l’accueil du panneau</a>');
    expect(page.text).not.toMatch(/<script/);
    const audit = await t.http().get('/admin/resources/audit_log').set('Cookie', cookies.clerk).set('Accept', 'text/html').expect(403);
    expect(audit.text).toContain('«\u00a0superviseur ou superviseure\u00a0» ou «\u00a0administrateur ou administratrice\u00a0»');
    // The API, and a page asked for as JSON, answer problem details as before.
    const api = await t.http().get('/admin/api/resources/staff/actions/list').set('Cookie', cookies.clerk).set('Accept', 'text/html').expect(403);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    const json = await t.http().get('/admin/resources/staff').set('Cookie', cookies.clerk).set('Accept', 'application/json').expect(403);
    expect(json.body.code).toBe('forbidden');
  });

  it('shows a French error on the field for a future date of birth', async () => {
    const res = await api('clerk').post(`/resources/persons/records/${personId}/edit`, { birthDate: '2999-01-01' }).expect(200);
    expect(res.body.record.errors.birthDate.message).toBe('La date ne peut pas être dans le futur');
  });

  it('refuses a day that does not exist instead of moving it (AdminJS would read 1981-02-30 as March 2)', async () => {
    const before = await t.dataSource.getRepository(Person).findOneByOrFail({ id: personId });
    const res = await api('clerk').post(`/resources/persons/records/${personId}/edit`, { birthDate: '1981-02-30' }).expect(200);
    expect(res.body.record.errors.birthDate.type).toBe('date_invalid');
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: personId })).birthDate).toBe(before.birthDate);
    await api('clerk').post(`/resources/persons/records/${personId}/edit`, { birthDate: '1981-06-01' }).expect(200);
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: personId })).birthDate).toBe('1981-06-01');
  });

  it('refuses a write from another origin even with a valid session cookie', async () => {
    const before = await t.dataSource.getRepository(Person).findOneByOrFail({ id: personId });
    await api('clerk').post(`/resources/persons/records/${personId}/edit`, { phone: '418 555 0100' }).set('Origin', 'https://malveillant.example').expect(403);
    await api('clerk').post(`/resources/persons/records/${personId}/edit`, { phone: '418 555 0100' }).set('Sec-Fetch-Site', 'cross-site').expect(403);
    // A page of another host behind the same proxy (the Host says api.test, the origin does not match PUBLIC_URL).
    await api('clerk').post(`/resources/persons/records/${personId}/edit`, { phone: '418 555 0100' }).set('Host', 'autre.test').set('Origin', 'http://autre.test').expect(403);
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: personId })).phone).toBe(before.phone);
    await api('clerk').post(`/resources/persons/records/${personId}/edit`, { phone: '418 555 0100' }).set('Host', 'api.test').set('Origin', 'http://api.test').set('Sec-Fetch-Site', 'same-origin').expect(200);
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: personId })).phone).toBe('418-555-0100');
  });

  it('never sends a password hash, a TOTP secret or a token in list, show or search', async () => {
    const bodies = await Promise.all([
      api('administrator').get('/resources/accounts/actions/list'),
      api('administrator').get('/resources/staff/actions/list'),
      api('administrator').get('/resources/staff/records/1/show'),
      api('administrator').get('/resources/staff/search/test'),
      api('administrator').get('/resources/accounts/search/a'),
      api('administrator').get('/resources/outbox/actions/list'),
    ]);
    for (const res of bodies) {
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/passwordHash|totpSecret|recoveryCode|\$argon2|textBody|htmlBody/);
    }
  });

  it('answers 401 to AdminJS’s API without a session, and 404 problem details for an unknown panel route', async () => {
    await t.http().get('/admin/api/resources/persons/actions/list').expect(401);
    const res = await t.http().get('/admin/nothing-here/at-all').set('Cookie', cookies.clerk);
    expect([404]).toContain(res.status);
  });
});
