import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import type { Actor } from '../src/common/actor.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { DossierRequestsService } from '../src/dossier-requests/dossier-requests.service.js';
import { MailboxDesk } from '../src/mailbox/mailbox-desk.service.js';
import { startApp, type TestApp } from './support/app.js';
import { freshMysqlDatabase, MYSQL_URL, type FreshDatabase } from './support/databases.js';
import { queueArrivals } from './support/queues.js';
import { loggedInResident } from './support/residents.js';
import { loginEveryRole, newStaff } from './support/staff.js';
import { hasChromium, launchForApp } from './support/browser.js';

const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

/** America/Toronto in November–December is UTC−5. */
const at = (local: string) => new Date(`${local}-05:00`);

/**
 * The supervisors' queues (SPEC §4b, `GET /admin/api/queues`): on a database of its own (the counts
 * are exact), threads and requests received at known instants, answered or not, then the figures
 * at Monday 30 November 2026, 10:00 in the city, on the default calendar (72 business hours = three
 * business days; no holiday that week).
 */
describe('GET /admin/api/queues', () => {
  let t: TestApp;
  let database: FreshDatabase | undefined;
  let cookies: Awaited<ReturnType<typeof loginEveryRole>>['cookies'];
  let clerk: Actor;
  let clerkId: number;
  let resident: Awaited<ReturnType<typeof loggedInResident>>;

  beforeAll(async () => {
    database = MYSQL_URL ? await freshMysqlDatabase(MYSQL_URL) : undefined;
    t = await startApp({ STAFF_MFA: 'optional', ...(database ? { DATABASE_URL: database.url } : {}) });
    resident = await loggedInResident(t);
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  const thread = (receivedLocal: string) => queueArrivals(t, resident).thread(receivedLocal);
  const request = (receivedLocal: string) => queueArrivals(t, resident).request(receivedLocal);
  const act = (local: string, work: () => Promise<unknown>) => queueArrivals(t, resident).at(local, work);

  it('answers 401 problem details without a staff session', async () => {
    const res = await t.http().get('/admin/api/queues').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('unauthorized');
  });

  it('counts what waits for the city, what is late or due soon, each clerk’s load, and the response times in business hours', async () => {
    const clerkRow = await newStaff(t, 'clerk');
    clerkId = clerkRow.id;
    clerk = { kind: 'staff', staffId: clerkId, role: 'clerk' };
    const desk = t.app.get(MailboxDesk);
    const requests = t.app.get(DossierRequestsService);

    // Threads. Answered 3 business hours after receipt, in time:
    const answered = await thread('2026-11-23T09:00:00');
    await act('2026-11-23T12:00:00', () => desk.reply(answered, 'Voici la réponse.', clerk));
    // Answered Friday 20 November 09:00, a day after its due time (Thursday 19, 09:00): 96 business hours.
    const answeredLate = await thread('2026-11-16T09:00:00');
    await act('2026-11-20T09:00:00', () => desk.reply(answeredLate, 'Désolée du délai.', clerk));
    // Due Friday 27 November 10:00, never answered, held by the clerk: late.
    const overdue = await thread('2026-11-24T10:00:00');
    await act('2026-11-24T11:00:00', () => desk.take(overdue, clerk));
    // Due Wednesday 2 December 09:00: 47 business hours left on Monday 10:00.
    await thread('2026-11-27T09:00:00');
    // Due Monday 30 November 14:00: 4 business hours left, due soon.
    await thread('2026-11-25T14:00:00');

    // Requests. Asked for information a business day after submission, in time:
    const asked = await request('2026-11-24T10:00:00');
    await act('2026-11-25T10:00:00', async () => {
      await requests.take(asked, clerk);
      await requests.askInfo(asked, 'Quelle est la date de naissance de Zoé ?', clerk);
    });
    // Due Thursday 3 December 09:00, nobody's yet.
    await request('2026-11-30T09:00:00');
    // Due Monday 30 November 12:00, taken by the clerk: due soon.
    const soon = await request('2026-11-25T12:00:00');
    await act('2026-11-30T09:30:00', () => requests.take(soon, clerk));

    t.clock.set(at('2026-11-30T10:00:00'));
    ({ cookies } = await loginEveryRole(t));
    const res = await t.http().get('/admin/api/queues').set('Cookie', cookies.supervisor).expect(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const body = res.body;
    expect(body).toMatchObject({ generatedAt: '2026-11-30T10:00:00.000-05:00', windowDays: 30, dueSoonHours: 8 });

    const clerkName = clerkRow.displayName;
    const others = body.mailbox.perClerk.filter((c: { staffId: number }) => c.staffId !== clerkId);
    // loginEveryRole's own clerk holds nothing and is listed too.
    expect(others.every((c: { open: number; overdue: number }) => c.open === 0 && c.overdue === 0)).toBe(true);
    expect(body.mailbox).toMatchObject({
      open: 3,
      overdue: 1,
      dueSoon: 1,
      unassigned: 2,
      waitingForResident: 2,
      firstResponseHours: { p50: 3, p90: 96 },
      // Of three that can be judged (two answered, one past due), one in time.
      withinSlaShare: 0.333,
    });
    expect(body.mailbox.perClerk).toContainEqual({ staffId: clerkId, name: clerkName, open: 1, overdue: 1 });

    expect(body.requests).toMatchObject({
      open: 2,
      overdue: 0,
      dueSoon: 1,
      unassigned: 1,
      waitingForResident: 1,
      firstResponseHours: { p50: 24, p90: 24 },
      withinSlaShare: 1,
    });
    expect(body.requests.perClerk).toContainEqual({ staffId: clerkId, name: clerkName, open: 1, overdue: 0 });

    // The request keeps its first response: a later answer does not move it.
    const first = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id: asked });
    expect(first.firstResponseAt?.toISOString()).toBe(at('2026-11-25T10:00:00').toISOString());
    expect(first.responseMinutes).toBe(24 * 60);
  });

  (hasChromium ? it : it.skip)('shows the figures on the panel’s home, in French, as tables a screen reader can read', async () => {
    const browser = await launchForApp(t);
    try {
      const page = await (await browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 1000 } })).newPage();
      const supervisor = await newStaff(t, 'supervisor');
      await page.goto('http://api.test/admin/login');
      await page.fill('#email', supervisor.email);
      await page.fill('#password', supervisor.password);
      await page.click('button[type=submit]');
      await page.waitForURL('http://api.test/admin');
      await page.getByRole('heading', { name: 'Les files en ce moment' }).waitFor();
      const mailbox = page.getByRole('table', { name: 'Boîte des inscriptions', exact: true });
      const row = (table: typeof mailbox, name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell');
      expect(await row(mailbox, 'À traiter').textContent()).toBe('3');
      expect(await row(mailbox, 'Hors délai').textContent()).toBe('1');
      expect(await row(mailbox, 'Première réponse').textContent()).toBe('3 / 96');
      expect(await row(mailbox, 'Répondues dans les délais').textContent()).toBe('33\u00a0%');
      const requests = page.getByRole('table', { name: 'Demandes de numéro de dossier', exact: true });
      expect(await row(requests, 'Échéance dans moins de 8 h ouvrables').textContent()).toBe('1');
      expect(await row(requests, 'Répondues dans les délais').textContent()).toBe('100\u00a0%');
      await page.screenshot({ path: `${SHOTS}/panel-home-queues.png`, fullPage: true });
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('is open to every staff role, each sees the same figures', async () => {
    const [clerkView, adminView] = await Promise.all([
      t.http().get('/admin/api/queues').set('Cookie', cookies.clerk).expect(200),
      t.http().get('/admin/api/queues').set('Cookie', cookies.administrator).expect(200),
    ]);
    expect(clerkView.body.mailbox.open).toBe(3);
    expect(adminView.body.requests.open).toBe(2);
  });
});
