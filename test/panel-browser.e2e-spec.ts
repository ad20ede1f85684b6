import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchForApp } from './support/browser.js';
import { startApp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { newStaff } from './support/staff.js';

const describeInBrowser = hasChromium ? describe : describe.skip;

/**
 * The panel in a real browser: a clerk finds and edits a person, a supervisor only reads; every
 * request stays on the service's host (http://api.test, PUBLIC_URL, answered by the app under test).
 */
describeInBrowser(`the panel in a real browser${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let t: TestApp;
  let browser: Browser;
  let person: { id: number; dossierNumber: string };
  const lastName = `Lévesque-Ouellet${'abcdefghij'[Date.now() % 10]}${'klmnopqrst'[Math.floor(Date.now() / 10) % 10]}`;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    person = (await createHousehold(t.dataSource, [{ lastName, firstName: 'Béatrice', birthDate: '2015-06-01', role: 'holder' }])).persons[0];
    browser = await launchForApp(t);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(): Promise<{ page: Page; outside: string[]; problems: string[] }> {
    const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 850 } });
    const outside: string[] = [];
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.host === 'api.test') return route.continue();
      outside.push(url.toString());
      return route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Cross-Origin-Opener-Policy|status of 4\d\d/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return { page, outside, problems };
  }

  async function login(page: Page, role: 'clerk' | 'supervisor'): Promise<void> {
    const staff = await newStaff(t, role);
    await page.goto('http://api.test/admin/login');
    await page.fill('#email', staff.email);
    await page.fill('#password', staff.password);
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    if (page.url() !== 'http://api.test/admin') {
      await page.screenshot({ path: '/tmp/panel-login-failed.png' });
      throw new Error(`login ended at ${page.url()}: ${(await page.textContent('body'))?.slice(0, 300)}`);
    }
  }

  async function expectAccessible(page: Page): Promise<void> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  }

  it('lets a clerk find a person by dossier number and by a last name without accents, and shows a French error for a future date of birth', async () => {
    const { page, outside, problems } = await open();
    await page.goto('http://api.test/admin/login');
    await expectAccessible(page);
    await page.screenshot({ path: '/tmp/panel-login.png' });
    await login(page, 'clerk');

    await page.goto(`http://api.test/admin/resources/persons?filters.dossierNumber=${person.dossierNumber}`);
    await page.getByRole('cell', { name: person.dossierNumber }).waitFor();
    const typed = lastName.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().slice(0, 14);
    await page.goto(`http://api.test/admin/resources/persons?filters.lastName=${encodeURIComponent(typed)}`);
    await page.getByRole('cell', { name: lastName }).waitFor();
    await page.getByRole('cell', { name: '2015-06-01' }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: '/tmp/panel-list.png' });

    await page.goto(`http://api.test/admin/resources/persons/records/${person.id}/edit`);
    await page.getByRole('button', { name: 'Enregistrer' }).waitFor();
    // AdminJS's date picker: an input without a name, showing the date as AAAA/MM/JJ.
    const birth = page.locator('input[value="2015/06/01"]');
    await birth.fill('2999/01/01');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('La date ne peut pas être dans le futur').waitFor();
    await page.screenshot({ path: '/tmp/panel-edit-error.png' });
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows a supervisor the same record without an edit button, and refuses a forged edit with 403', async () => {
    const { page, outside } = await open();
    await login(page, 'supervisor');
    await page.goto(`http://api.test/admin/resources/persons/records/${person.id}/show`);
    await page.getByText(lastName).first().waitFor();
    expect(await page.getByRole('button', { name: 'Modifier' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Modifier' }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/panel-supervisor-show.png' });
    const status = await page.evaluate(async (id) => {
      const body = new FormData();
      body.append('birthDate', '2010-01-01');
      return (await fetch(`/admin/api/resources/persons/records/${id}/edit`, { method: 'POST', body })).status;
    }, person.id);
    expect(status).toBe(403);
    expect(outside).toEqual([]);
  });
});
