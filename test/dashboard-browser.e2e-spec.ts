import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../src/common/actor.js';
import { DossierRequestsService } from '../src/dossier-requests/dossier-requests.service.js';
import { MailboxDesk } from '../src/mailbox/mailbox-desk.service.js';
import { CHROMIUM, hasChromium, launchForApp, openPanelPage } from './support/browser.js';
import { startApp, type TestApp } from './support/app.js';
import { freshMysqlDatabase, MYSQL_URL, type FreshDatabase } from './support/databases.js';
import { cityTime, queueArrivals } from './support/queues.js';
import { loggedInResident } from './support/residents.js';
import { newStaff } from './support/staff.js';

/** Screenshots of the screens: CI keeps the folder (SCREENSHOTS_DIR) as an artifact. */
const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const describeInBrowser = hasChromium ? describe : describe.skip;

/**
 * The panel's home in a real browser (issue 18): a supervisor reads what their role can do, clicks
 * a figure and lands on the list it counts, sees the twelve weeks drawn (chart.js from the panel's
 * own bundle: every request stays on the service's host) and as a table; a clerk's home says what
 * a clerk can do.
 */
describeInBrowser(`the panel’s home in a real browser${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let t: TestApp;
  let database: FreshDatabase | undefined;
  let browser: Browser;

  beforeAll(async () => {
    database = MYSQL_URL ? await freshMysqlDatabase(MYSQL_URL) : undefined;
    t = await startApp({ STAFF_MFA: 'optional', ...(database ? { DATABASE_URL: database.url } : {}) });
    const arrive = queueArrivals(t, await loggedInResident(t));
    const clerkRow = await newStaff(t, 'clerk');
    const clerk: Actor = { kind: 'staff', staffId: clerkRow.id, role: 'clerk' };
    const requests = t.app.get(DossierRequestsService);
    const desk = t.app.get(MailboxDesk);
    // Weeks with something in them: answered in time, answered late, still waiting.
    for (const [received, answered] of [['2026-10-06T09:00:00', '2026-10-06T15:00:00'], ['2026-10-20T10:00:00', '2026-10-26T10:00:00'], ['2026-11-10T09:00:00', '2026-11-11T09:00:00'], ['2026-11-17T09:00:00', null]] as const) {
      const id = await arrive.thread(received);
      if (answered) await arrive.at(answered, () => desk.reply(id, 'Voici la réponse.', clerk));
    }
    // Three requests past due (due 25, 26 and 27 November), one in time, one taken.
    for (const received of ['2026-11-20T09:00:00', '2026-11-23T09:00:00', '2026-11-24T09:00:00', '2026-11-27T11:00:00']) await arrive.request(received);
    const taken = await arrive.request('2026-11-26T10:00:00');
    await arrive.at('2026-11-26T11:00:00', () => requests.take(taken, clerk));
    t.clock.set(cityTime('2026-11-30T10:00:00'));
    browser = await launchForApp(t);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.drop();
  });

  async function signIn(role: 'clerk' | 'supervisor' | 'administrator'): Promise<{ page: Page; outside: string[]; problems: string[] }> {
    const { page, outside, problems } = await openPanelPage(browser);
    const staff = await newStaff(t, role);
    await page.goto('http://api.test/admin/login');
    await page.fill('#email', staff.email);
    await page.fill('#password', staff.password);
    await page.click('button[type=submit]');
    await page.waitForURL('http://api.test/admin');
    return { page, outside, problems };
  }

  /** The whole home in one screenshot: AdminJS scrolls its content inside the page, so the window is made as tall as it. */
  async function tall(page: Page, name: string): Promise<void> {
    const viewport = page.viewportSize()!;
    await page.setViewportSize({ width: viewport.width, height: 3000 });
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
    await page.setViewportSize(viewport);
  }

  async function expectAccessible(page: Page): Promise<void> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  }

  it('takes a supervisor from a figure to the list it counts, draws the twelve weeks, and says a supervisor reads and assigns', async () => {
    const { page, outside, problems } = await signIn('supervisor');
    await page.getByRole('heading', { name: 'Les files en ce moment' }).waitFor();
    // What the role can do, from the role table: reading and assigning, nothing else.
    await page.getByText(/^Votre rôle\u00a0: superviseur ou superviseure/).waitFor();
    const requestTasks = await page.locator('[data-tasks="dossier_requests"]').textContent();
    expect(requestTasks).toBe('Vous pouvez\u00a0: consulter les demandes\u00a0; confier une demande à un préposé ou une préposée.');
    expect(await page.locator('[data-tasks="threads"]').textContent()).not.toMatch(/répondre|prendre/);
    expect(await page.locator('[data-tasks="persons"]').textContent()).toBe('Vous pouvez\u00a0: consulter les fiches.');

    // The chart (a canvas drawn by chart.js) and its table.
    const chart = page.getByRole('img', { name: /^Graphique\s: volume reçu/ });
    await chart.waitFor();
    const size = await chart.evaluate((canvas) => [(canvas as unknown as { width: number }).width, (canvas as unknown as { height: number }).height]);
    expect(Math.min(...size)).toBeGreaterThan(100);
    await page.getByText('Voir les données du graphique en tableau').click();
    const weeks = page.getByRole('table', { name: 'Volume reçu et part répondue dans les délais, par semaine' });
    await weeks.waitFor();
    expect(await weeks.locator('tbody tr').count()).toBe(12);
    // Week of Monday 16 November: the thread of the 17th and the request of the 20th, neither answered, both past due.
    const week = weeks.getByRole('row', { name: /^16 nov\./ }).getByRole('cell');
    expect(await week.allTextContents()).toEqual(['1', '0\u00a0%', '1', '0\u00a0%']);
    // Week of Monday 5 October: answered in the day.
    expect(await weeks.getByRole('row', { name: /^5 oct\./ }).getByRole('cell').allTextContents()).toEqual(['1', '100\u00a0%', '0', '—']);
    await expectAccessible(page);
    await tall(page, 'dashboard-supervisor');

    // « Hors délai » of the requests: 3, and the list it opens shows those 3.
    const requests = page.getByRole('table', { name: 'Demandes de numéro de dossier', exact: true });
    const overdue = requests.getByRole('row', { name: /^Hors délai/ }).getByRole('link');
    expect(await overdue.textContent()).toBe('3');
    await overdue.click();
    await page.waitForURL(/\/admin\/resources\/dossier_requests\?/);
    await page.getByRole('heading', { name: 'Demandes de numéro de dossier', level: 2 }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    expect(await page.locator('table tbody tr').count()).toBe(3);
    await page.screenshot({ path: `${SHOTS}/dashboard-overdue-list.png` });

    // The oldest items lead to their pages.
    await page.goto('http://api.test/admin');
    const oldest = page.getByRole('region', { name: 'En attente depuis le plus longtemps' });
    await oldest.getByRole('link').first().waitFor();
    expect(await oldest.getByRole('listitem').count()).toBe(5 + 1);
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('tells a clerk what a clerk can do', async () => {
    const { page, outside, problems } = await signIn('clerk');
    await page.getByText(/^Votre rôle\u00a0: préposé ou préposée/).waitFor();
    const requestTasks = await page.locator('[data-tasks="dossier_requests"]').textContent();
    expect(requestTasks).toMatch(/prendre une demande en charge.*approuver une demande.*refuser une demande/);
    expect(requestTasks).not.toMatch(/confier/);
    expect(await page.locator('[data-tasks="threads"]').textContent()).toMatch(/répondre au résident/);
    await page.getByRole('heading', { name: 'Les files en ce moment' }).waitFor();
    await expectAccessible(page);
    await tall(page, 'dashboard-clerk');
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });
});
