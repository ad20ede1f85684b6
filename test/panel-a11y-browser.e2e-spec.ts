import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { CHROMIUM, hasChromium, launchForApp } from './support/browser.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold, dossierRequestForm } from './support/dossiers.js';
import { loggedInResident } from './support/residents.js';
import { newStaff } from './support/staff.js';

const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const describeInBrowser = hasChromium ? describe : describe.skip;
const PANEL = 'http://api.test/admin';
/** A part of a page's name (`A11Y_ONLY=thread`): only those lists and pages, while working on one screen. */
const only = (name: string) => !process.env.A11Y_ONLY || name.includes(process.env.A11Y_ONLY);

/** The page's own globals, for the functions run in it (the tests compile without the DOM's types). */
interface PageElement {
  parentElement: PageElement | null;
  getBoundingClientRect(): { right: number };
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getAttribute(name: string): string | null;
}
declare const document: { body: PageElement; documentElement: { scrollWidth: number }; querySelectorAll(selector: string): ArrayLike<PageElement> };
declare const window: { innerWidth: number };
declare function getComputedStyle(element: PageElement): { backgroundColor: string };

/** A node of Chromium's accessibility tree (CDP's Accessibility domain), as far as this test reads it. */
interface AxNode {
  ignored?: boolean;
  role?: { value: string };
  name?: { value: string };
  properties?: Array<{ name: string; value: { value: unknown } }>;
}

/** What a page's look found: axe's serious and critical violations, and what the page's boxes cut. */
interface Look {
  page: string;
  violations: string[];
  cut: string[];
}

/**
 * The pages a clerk works on, one after the other at 1280 px, as a clerk: the home, each list of
 * the sidebar, a record's page, the edit forms and the actions' forms. On each, axe-core (WCAG 2.0
 * and 2.1 A and AA, best practices) finds no serious or critical violation, the page has one main
 * landmark and a level-1 heading, and no table runs past its card (its last column's right edge
 * stays within the card, or the card scrolls it).
 */
describeInBrowser(`the panel’s pages for a clerk, with axe-core at 1280 px${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    browser = await launchForApp(t);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 850 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const clerk = await newStaff(t, 'clerk');
    await page.goto(`${PANEL}/login`);
    await page.fill('#email', clerk.email);
    await page.fill('#password', clerk.password);
    await page.click('button[type=submit]');
    await page.waitForURL(PANEL);
    return { page, problems };
  }

  /** Waits for the page's content (AdminJS fetches it after the shell), then looks at it. */
  async function look(page: Page, name: string): Promise<Look> {
    await page.locator('h1, h2').first().waitFor({ timeout: 15_000 }).catch(async (error: Error) => {
      await page.screenshot({ path: `${SHOTS}/panel-a11y-${name}-failed.png`, fullPage: true });
      throw new Error(`${name} (${page.url()}): ${error.message}`);
    });
    // AdminJS draws its rows after the heading: settle on the table or the record before judging.
    await page.waitForLoadState('networkidle');
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const cut = await page.evaluate(() => {
      const found: string[] = [];
      for (const table of Array.from(document.querySelectorAll('table'))) {
        // Its card: the nearest white box around it (a list's wrapper, a record's panel).
        let card: PageElement | null = table.parentElement;
        while (card && card !== document.body && getComputedStyle(card).backgroundColor !== 'rgb(255, 255, 255)') card = card.parentElement;
        if (!card || card === document.body) continue;
        const edge = card.getBoundingClientRect().right;
        // Every row's last cell (the actions of a list's row), not only the header's.
        const last = Math.max(...Array.from(table.querySelectorAll('tr > :last-child')).map((cell) => cell.getBoundingClientRect().right));
        if (last > edge + 1) found.push(`${table.getAttribute('data-css') ?? 'a table'}: its last column ends at ${Math.round(last)} px, its card at ${Math.round(edge)} px`);
      }
      if (document.documentElement.scrollWidth > window.innerWidth + 1) found.push(`the page is ${document.documentElement.scrollWidth} px wide`);
      return found;
    });
    // The landmarks and headings as Chromium's accessibility tree exposes them to a screen reader
    // (AdminJS's titles are h2 elements that brand/a11y.js raises to level 1 with aria-level).
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    await cdp.detach();
    const exposed = nodes.filter((n) => !n.ignored);
    const mains = exposed.filter((n) => n.role?.value === 'main').length;
    const titles = exposed.filter((n) => n.role?.value === 'heading' && n.properties?.some((p) => p.name === 'level' && p.value.value === 1)).map((n) => n.name?.value);
    if (mains !== 1) cut.push(`${mains} main landmarks`);
    if (titles.length !== 1) cut.push(`level-1 headings: ${JSON.stringify(titles)}`);
    await page.screenshot({ path: `${SHOTS}/panel-a11y-${name}.png`, fullPage: true });
    return { page: name, violations: serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')})`), cut };
  }

  it('walks the home, every list, a record, the edit forms and the actions’ forms without a serious axe violation or a cut table', async () => {
    // What the clerk works on: a request, a thread, a family.
    const request = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send(dossierRequestForm(uniqueEmail('a11y'))).expect(201);
    const { id: requestId } = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: request.body.reference });
    const resident = await loggedInResident(t);
    const thread = await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).send({ category: 'address_change', subject: 'Déménagement', body: 'Bonjour, nous avons déménagé.' }).expect(201);
    const { household, persons } = await createHousehold(t.dataSource, [
      { firstName: 'Marie', lastName: 'Tremblay-Côté', birthDate: '1980-03-14', role: 'holder' },
      { firstName: 'Léa', lastName: 'Tremblay-Côté', birthDate: '2015-06-01', role: 'child' },
    ]);
    // Long email addresses, the person's own and their account's (a link in the persons' list), as a real list has them.
    await t.dataSource.getRepository(Person).update({ id: persons[0].id }, { email: `marie-eve.tremblay-cote.${Date.now()}@courriel-de-la-famille.exemple.ca` });
    await t.http().post('/api/v1/me/dossier/link').set('Authorization', `Bearer ${resident.accessToken}`).set('X-Forwarded-For', uniqueIp()).send({ dossierNumber: persons[0].dossierNumber, birthDate: '1980-03-14' }).expect(200);

    const { page, problems } = await signedIn();
    const looks: Look[] = [await look(page, 'home')];
    // Every list of the sidebar, its sections opened.
    const sections = ['Dossiers', 'Résidents', 'Inscriptions', 'Configuration'];
    await page.evaluate((names) => localStorage.setItem('sidebarElements', JSON.stringify(Object.fromEntries(names.map((n) => [n, true])))), sections);
    await page.reload();
    await page.locator('[data-css="sidebar"] a[href^="/admin/resources/"]').first().waitFor();
    const lists = await page.locator('[data-css="sidebar"] a[href^="/admin/resources/"]').evaluateAll((links) => links.map((a) => (a as unknown as PageElement).getAttribute('href')!));
    expect(lists.length).toBeGreaterThan(3);
    for (const href of lists.filter(only)) {
      await page.goto(`http://api.test${href}`);
      const id = href.split('/')[3].split('?')[0];
      // The list's rows (or its empty state) are in.
      await page.locator('table tbody tr, [data-css$="no-records"]').first().waitFor({ state: 'attached' }).catch(() => undefined);
      looks.push(await look(page, `list-${id}`));
    }
    const pages: Array<[string, string]> = [
      ['request-show', `resources/dossier_requests/records/${requestId}/show`],
      ['request-take', `resources/dossier_requests/records/${requestId}/take`],
      ['request-ask', `resources/dossier_requests/records/${requestId}/askInfo`],
      ['request-reject', `resources/dossier_requests/records/${requestId}/reject`],
      ['thread-show', `resources/threads/records/${thread.body.id}/show`],
      ['thread-reply', `resources/threads/records/${thread.body.id}/reply`],
      ['thread-note', `resources/threads/records/${thread.body.id}/note`],
      ['household-show', `resources/households/records/${household.id}/show`],
      ['household-edit', `resources/households/records/${household.id}/edit`],
      ['household-add-member', `resources/households/records/${household.id}/addMember`],
      ['household-phones', `resources/households/records/${household.id}/editPhones`],
      ['person-show', `resources/persons/records/${persons[1].id}/show`],
      ['person-edit', `resources/persons/records/${persons[1].id}/edit`],
    ];
    for (const [name, path] of pages.filter(([name]) => only(name))) {
      await page.goto(`${PANEL}/${path}`);
      looks.push(await look(page, name));
      if (name === 'request-take') {
        // Approving needs the request in review: taken by this clerk.
        await page.getByRole('button', { name: 'Prendre en charge' }).click();
        await page.getByText('La demande vous est assignée et est en traitement').waitFor();
        await page.goto(`${PANEL}/resources/dossier_requests/records/${requestId}/approve`);
        looks.push(await look(page, 'request-approve'));
      }
    }
    // The queue says its default filter, and its drawer shows it; « Tout afficher » lifts it.
    await page.goto(`${PANEL}/resources/dossier_requests`);
    await page.getByTestId('default-filters').getByText('Filtre par défaut — Statut\u00a0: À traiter.').waitFor();
    await page.getByText('Filtrer', { exact: true }).click();
    await page.locator('#filter-status').waitFor();
    expect(await page.getByLabel('Statut', { exact: true }).count()).toBe(1);
    await page.getByText('À traiter', { exact: true }).last().waitFor();
    looks.push(await look(page, 'requests-filters'));
    // Clearing the status asks for every status (an empty filter would be the default again).
    await page.locator('#filter-status').focus();
    await page.keyboard.press('Backspace');
    await page.getByRole('button', { name: 'Appliquer' }).click();
    await page.waitForURL(/filters\.status=all/);
    await page.goto(`${PANEL}/resources/dossier_requests`);
    await page.getByRole('link', { name: 'Tout afficher' }).click();
    await page.waitForURL(/filters\.status=all/);
    expect(await page.getByTestId('default-filters').count()).toBe(0);

    // A page the clerk's role does not open: a page saying so, not JSON.
    const denied = await page.goto(`${PANEL}/resources/staff`);
    expect(denied?.status()).toBe(403);
    await page.getByRole('heading', { name: 'Accès refusé', level: 1 }).waitFor();
    await page.getByText('« administrateur ou administratrice »', { exact: false }).waitFor();
    looks.push(await look(page, 'forbidden'));
    await page.getByRole('link', { name: 'Retour à l’accueil du panneau' }).click();
    await page.waitForURL(PANEL);

    expect(looks.filter((l) => l.violations.length || l.cut.length)).toEqual([]);
    expect(problems).toEqual([]);
  }, 600_000);
});
