import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchForApp } from './support/browser.js';
import { startApp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { Staff } from '../src/staff/staff.entity.js';
import { newStaff, totpCode } from './support/staff.js';

/** Screenshots of the screens: CI keeps the folder (SCREENSHOTS_DIR) as an artifact. */
const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
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

  async function login(page: Page, role: 'clerk' | 'supervisor' | 'administrator'): Promise<Staff & { password: string }> {
    const staff = await newStaff(t, role);
    await page.goto('http://api.test/admin/login');
    await page.fill('#email', staff.email);
    await page.fill('#password', staff.password);
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    if (page.url() !== 'http://api.test/admin') {
      await page.screenshot({ path: `${SHOTS}/panel-login-failed.png` });
      throw new Error(`login ended at ${page.url()}: ${(await page.textContent('body'))?.slice(0, 300)}`);
    }
    return staff;
  }

  /** A date and time as a Québec clerk reads it: « 30 novembre 2026, 14 h 05 ». */
  const QUEBEC_TIMESTAMP = /\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}, \d{1,2} h \d{2}(?!\d)/;

  async function expectAccessible(page: Page): Promise<void> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  }

  it('lets a clerk find a person by dossier number and by a last name without accents, and shows a French error for a future date of birth', async () => {
    const { page, outside, problems } = await open();
    await page.goto('http://api.test/admin/login');
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/panel-login.png` });
    await login(page, 'clerk');
    // The home says where to start, in French, with the sidebar open on a desktop screen.
    await page.getByRole('heading', { name: 'Par où commencer\u00a0?' }).waitFor();
    for (const queue of ['Demandes de numéro de dossier', 'Personnes', 'Familles']) {
      await page.locator('[data-css="sidebar"]').first().getByRole('link', { name: queue, exact: true }).waitFor({ state: 'visible' });
      expect(await page.getByRole('link', { name: queue, exact: true }).count()).toBe(2); // the sidebar's and the home's
    }
    await page.screenshot({ path: `${SHOTS}/panel-home.png` });

    await page.goto(`http://api.test/admin/resources/persons?filters.dossierNumber=${person.dossierNumber}`);
    await page.getByRole('cell', { name: person.dossierNumber }).waitFor();
    // Titled with the section, not the action (« Liste »). (An h2 that brand/a11y.js exposes as level 1 with aria-level,
    // which Chromium's accessibility tree follows; Playwright's `level` reads the tag.)
    await page.getByRole('heading', { name: 'Personnes', level: 2 }).waitFor();
    expect(await page.getByRole('heading', { name: 'Liste' }).count()).toBe(0);
    const typed = lastName.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().slice(0, 14);
    await page.goto(`http://api.test/admin/resources/persons?filters.lastName=${encodeURIComponent(typed)}`);
    await page.getByRole('cell', { name: lastName }).waitFor();
    await page.getByRole('cell', { name: '2015-06-01' }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/panel-list.png` });

    // Timestamps in a list and on a record, as « 30 novembre 2026, 14 h 05 ».
    await page.goto('http://api.test/admin/resources/households');
    await page.getByRole('heading', { name: 'Familles', level: 2 }).waitFor();
    // The rows come after the heading (AdminJS fetches them): a cell holding a timestamp, and nothing else.
    await page.getByRole('cell', { name: new RegExp(`^${QUEBEC_TIMESTAMP.source}$`) }).first().waitFor();
    await page.goto(`http://api.test/admin/resources/persons/records/${person.id}/show`);
    await page.getByRole('heading', { name: new RegExp(`^${lastName}, Béatrice`), level: 2 }).waitFor();
    expect(await page.locator('body').innerText()).toMatch(QUEBEC_TIMESTAMP);

    await page.goto(`http://api.test/admin/resources/persons/records/${person.id}/edit`);
    await page.getByRole('button', { name: 'Enregistrer' }).waitFor();
    // The date picker shows and takes dates as the API does: AAAA-MM-JJ.
    const birth = page.locator('input[value="2015-06-01"]');
    await birth.fill('2999-01-01');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('La date ne peut pas être dans le futur').waitFor();
    await page.screenshot({ path: `${SHOTS}/panel-edit-error.png` });
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
    await page.screenshot({ path: `${SHOTS}/panel-supervisor-show.png` });
    const status = await page.evaluate(async (id) => {
      const body = new FormData();
      body.append('birthDate', '2010-01-01');
      return (await fetch(`/admin/api/resources/persons/records/${id}/edit`, { method: 'POST', body })).status;
    }, person.id);
    expect(status).toBe(403);
    expect(outside).toEqual([]);
  });
  it('lets an administrator enrol TOTP from their own page (the key also as text), log out, and log in again with a code', async () => {
    const { page, outside, problems } = await open();
    const admin = await login(page, 'administrator');
    // The top bar's menu of the staff member (AdminJS opens it on hover).
    await page.locator('[data-css="logged-in"]').getByText(admin.displayName).hover();
    await page.locator('[data-css="logged-in"]').getByText('Mon compte', { exact: true }).click();
    await page.waitForURL('http://api.test/admin/mon-compte');
    await page.getByRole('link', { name: 'Activer la vérification en deux étapes' }).click();
    await page.getByRole('heading', { name: 'Activer la vérification en deux étapes' }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/panel-totp-enrol.png`, fullPage: true });
    // For whoever cannot scan the QR code: the key as text, in groups of four.
    const key = (await page.locator('.key').textContent())!.replace(/\s/g, '');
    expect(key).toMatch(/^[A-Z2-7]{16,}$/);
    await page.fill('#code', totpCode(t, key));
    await page.getByRole('button', { name: 'Activer' }).click();
    await page.getByRole('heading', { name: 'Vos codes de récupération' }).waitFor();
    expect(await page.locator('.codes li').count()).toBe(10);

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL('http://api.test/admin/login');
    await page.fill('#email', admin.email);
    await page.fill('#password', admin.password);
    await page.click('button[type=submit]');
    await page.waitForURL('http://api.test/admin/login/code');
    t.clock.advance(30_000); // a code is good once: the next one
    await page.fill('#code', totpCode(t, key));
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await page.waitForURL('http://api.test/admin');
    await page.getByRole('heading', { name: 'Par où commencer\u00a0?' }).waitFor();
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('keeps the language a staff member picks in the top bar on their account, for the panel and the sign-in pages', async () => {
    const { page, outside } = await open();
    const clerk = await login(page, 'clerk');
    await page.getByRole('button', { name: 'Français' }).click();
    const saved = page.waitForResponse((response) => response.url().endsWith('/admin/mon-compte/langue'));
    await page.getByText('English', { exact: true }).click();
    expect((await saved).status()).toBe(204);
    expect((await t.dataSource.getRepository(Staff).findOneByOrFail({ id: clerk.id })).locale).toBe('en');

    await page.goto('http://api.test/admin');
    await page.getByRole('heading', { name: 'Where to start?' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.goto('http://api.test/admin/resources/persons');
    await page.getByRole('heading', { name: 'Persons', level: 2 }).waitFor();
    await page.goto(`http://api.test/admin/resources/persons/records/${person.id}/show`);
    await page.getByRole('heading', { name: new RegExp(`^${lastName}, Béatrice`), level: 2 }).waitFor();
    await page.screenshot({ path: `${SHOTS}/panel-english-show.png` });
    expect(await page.locator('body').innerText()).toMatch(/(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4} at \d{1,2}:\d{2}\s[ap]\.m\./);

    // After logout (the top bar's menu: a POST) the sign-in page stays in English (the browser is fr-CA).
    await page.locator('[data-css="logged-in"]').getByText(clerk.displayName).hover();
    await page.locator('[data-css="logged-in"]').getByText('Log out', { exact: true }).click();
    await page.getByRole('heading', { name: 'Staff login' }).waitFor();

    // Back to French from the account page's form.
    await page.fill('#email', clerk.email);
    await page.fill('#password', clerk.password);
    await page.click('button[type=submit]');
    await page.waitForURL('http://api.test/admin');
    await page.goto('http://api.test/admin/mon-compte');
    await page.getByLabel('Français').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Votre langue a été enregistrée.').waitFor();
    await page.screenshot({ path: `${SHOTS}/panel-account.png` });
    expect((await t.dataSource.getRepository(Staff).findOneByOrFail({ id: clerk.id })).locale).toBe('fr');
    await page.goto('http://api.test/admin');
    await page.getByRole('heading', { name: 'Par où commencer\u00a0?' }).waitFor();
    expect(outside).toEqual([]);
  });
});
