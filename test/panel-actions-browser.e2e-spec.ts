import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { Account } from '../src/accounts/account.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { Staff } from '../src/staff/staff.entity.js';
import { CHROMIUM, hasChromium, launchForApp } from './support/browser.js';
import { startApp, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { loggedInResident } from './support/residents.js';
import { newStaff } from './support/staff.js';

const describeInBrowser = hasChromium ? describe : describe.skip;

/** The panel's own actions in a real browser: the confirmation screen, a POST, the French notice. */
describeInBrowser(`the panel’s actions in a real browser${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
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

  async function signedIn(role: 'clerk' | 'administrator'): Promise<{ page: Page; requests: string[]; problems: string[] }> {
    const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 850 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    page.on('pageerror', (e) => problems.push(e.message));
    const staff = await newStaff(t, role);
    await page.goto('http://api.test/admin/login');
    await page.fill('#email', staff.email);
    await page.fill('#password', staff.password);
    await page.click('button[type=submit]');
    await page.waitForURL('http://api.test/admin');
    return { page, requests, problems };
  }

  it('lets a clerk unlink a dossier: the action’s screen asks first, its button POSTs, the notice is French', async () => {
    const resident = await loggedInResident(t);
    const { id } = await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email });
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-05-05', role: 'holder' }]);
    await t.http().post('/api/v1/me/dossier/link').set('Authorization', `Bearer ${resident.accessToken}`).set('X-Forwarded-For', uniqueIp()).send({ dossierNumber: persons[0].dossierNumber, birthDate: '1980-05-05' }).expect(200);

    const { page, requests, problems } = await signedIn('clerk');
    await page.goto(`http://api.test/admin/resources/accounts/records/${id}/show`);
    await page.getByText('Délier le dossier').first().click();
    await page.getByText('Délier le dossier de ce compte ?', { exact: false }).waitFor();
    // The screen alone changed nothing.
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: persons[0].id })).accountId).toBe(id);
    // The reason is asked for: the button waits for it.
    const button = page.getByRole('button', { name: 'Délier le dossier' });
    expect(await button.isDisabled()).toBe(true);
    await page.getByLabel('Motif (obligatoire', { exact: false }).fill('Lié par erreur au dossier du voisin');
    await page.screenshot({ path: '/tmp/panel-action-unlink-reason.png' });
    await button.click();
    await page.getByText('Le dossier a été délié du compte').waitFor();
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: persons[0].id })).accountId).toBeNull();
    expect(requests).toContain(`POST /admin/api/resources/accounts/records/${id}/unlinkDossier`);
    await page.screenshot({ path: '/tmp/panel-action-unlink.png' });
    expect(problems).toEqual([]);
  });

  it('shows an administrator the new staff form with a temporary password field and « Actif » ticked, and creates what it shows', async () => {
    const { page, problems } = await signedIn('administrator');
    await page.goto('http://api.test/admin/resources/staff/actions/new');
    await page.getByText('Mot de passe temporaire').waitFor();
    expect(await page.locator('input[type=password]').count()).toBe(1);
    expect(await page.locator('input#active').isChecked()).toBe(true);
    await page.screenshot({ path: '/tmp/panel-staff-new.png' });

    const email = `actif.${Date.now().toString(36)}@ville.test`;
    await page.fill('input[name=email]', email);
    await page.fill('input[name=displayName]', 'Zoé Gagnon');
    await page.fill('input[type=password]', 'Soleil-d-hiver-27');
    // The dropdowns speak French: no « Select… ».
    expect(await page.getByText('Select...').count()).toBe(0);
    expect(await page.getByText('Choisir…').count()).toBe(2);
    await page.getByRole('combobox').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.getByText('Préposé·e', { exact: true }).click();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Le compte du personnel a été créé', { exact: false }).waitFor();
    expect(await t.dataSource.getRepository(Staff).findOneByOrFail({ email })).toMatchObject({ active: true, role: 'clerk', displayName: 'Zoé Gagnon' });
    expect(problems).toEqual([]);
  }, 120_000);

  it('speaks French in the filters: the dropdowns, and a calendar with French months in the API’s date format', async () => {
    const { page, problems } = await signedIn('administrator');
    await page.goto('http://api.test/admin/resources/dossier_requests');
    await page.getByText('Demandes de numéro de dossier').first().waitFor();
    await page.getByText('Filtrer', { exact: true }).click();
    await page.getByText('Choisir…').first().waitFor();
    expect(await page.getByText('Select...').count()).toBe(0);
    // The statuses by their French names, as on the records' pages.
    // (The drawer slides in: the keyboard opens the dropdown wherever it is.)
    await page.getByRole('combobox').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.getByText('Renseignements demandés', { exact: true }).waitFor();
    await page.screenshot({ path: '/tmp/panel-filter-select.png' });

    await page.goto('http://api.test/admin/resources/audit_log');
    await page.getByText('Filtrer', { exact: true }).click();
    const from = page.locator('.react-datepicker-wrapper input').first();
    await from.click();
    const month = new Intl.DateTimeFormat('fr-CA', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date());
    await page.locator('.react-datepicker__current-month', { hasText: month }).waitFor();
    expect(await page.getByText('Heure :').count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/panel-filter-calendar.png' });
    await page.locator('.react-datepicker__day:not(.react-datepicker__day--outside-month)').first().click();
    expect(await from.inputValue()).toMatch(/^\d{4}-\d{2}-01 \d{2}:\d{2}$/);
    expect(problems).toEqual([]);
  }, 120_000);
});
