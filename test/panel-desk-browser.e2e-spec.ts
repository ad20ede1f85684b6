import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { HouseholdPhone } from '../src/dossiers/household-phone.entity.js';
import { ReplyTemplate } from '../src/desk/reply-template.entity.js';
import { ReplyTemplates } from '../src/desk/reply-templates.service.js';
import { Thread } from '../src/mailbox/thread.entity.js';
import { ThreadMessage } from '../src/mailbox/thread-message.entity.js';
import { CHROMIUM, hasChromium, launchForApp } from './support/browser.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { birthDateForAge, createHousehold } from './support/dossiers.js';
import { loggedInResident } from './support/residents.js';
import { newStaff } from './support/staff.js';

const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');
const describeInBrowser = hasChromium ? describe : describe.skip;

/** The clerk's desk in a real browser (issue 18): a reply with a template beside the resident's family, and the search box at the top. */
describeInBrowser(`the clerk’s desk in a real browser${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startApp({ STAFF_MFA: 'optional' });
    browser = await launchForApp(t);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(role: 'clerk' | 'administrator' = 'clerk'): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const staff = await newStaff(t, role);
    await page.goto('http://api.test/admin/login');
    await page.fill('#email', staff.email);
    await page.fill('#password', staff.password);
    await page.click('button[type=submit]');
    await page.waitForURL('http://api.test/admin');
    return { page, problems };
  }

  async function expectAccessible(page: Page): Promise<void> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  }

  /** A family (holder linked to a resident account, spouse, a child of 9) and a thread of the holder. */
  async function familyWithThread(lastName: string) {
    const { household, persons } = await createHousehold(t.dataSource, [
      { firstName: 'Éloïse', lastName, birthDate: '1984-03-14', role: 'holder' },
      { firstName: 'Marc', lastName, birthDate: '1982-07-02', role: 'spouse' },
      { firstName: 'Léo', lastName, birthDate: birthDateForAge(9, t.clock.today(), -10), role: 'child' },
    ]);
    await t.dataSource.getRepository(HouseholdPhone).update({ householdId: household.id }, { number: '418-589-7731' });
    const resident = await loggedInResident(t);
    const auth = `Bearer ${resident.accessToken}`;
    await t.http().post('/api/v1/me/dossier/link').set('Authorization', auth).set('X-Forwarded-For', uniqueIp()).send({ dossierNumber: persons[0].dossierNumber, birthDate: '1984-03-14' }).expect(200);
    const res = await t.http().post('/api/v1/me/messages').set('Authorization', auth).send({ category: 'address_change', subject: 'Nous avons déménagé', body: 'Notre nouvelle adresse : 45, rue des Érables.' }).expect(201);
    return { household, persons, resident, thread: { id: res.body.id as number, reference: res.body.reference as string } };
  }

  it('lets a clerk reply with a template: chosen, filled for the resident, edited, sent; the resident’s family beside the form', async () => {
    await t.app.get(ReplyTemplates).create({ title: 'Changement d’adresse effectué', category: 'address_change', bodyFr: 'Bonjour {prénom} {nom},\n\nVotre nouvelle adresse est inscrite (référence {référence}).' }, { kind: 'system' });
    const family = await familyWithThread('Côté');
    const { page, problems } = await signedIn();

    // The thread's page: the conversation, and the resident with their family beside it.
    await page.goto(`http://api.test/admin/resources/threads/records/${family.thread.id}/show`);
    const context = page.getByTestId('resident-context');
    await context.getByRole('heading', { name: 'Le résident' }).waitFor();
    await context.getByText(`Famille n° ${family.household.id}`).waitFor();
    await context.getByRole('link', { name: 'Léo Côté' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/panel-thread-context.png`, fullPage: true });
    // A yes/no field in the clerk's words, not AdminJS's « No ».
    const unverified = page.locator('section, div').filter({ has: page.getByText('Expéditeur non vérifié', { exact: true }) }).last();
    expect(await unverified.innerText()).toContain('Non');
    expect(await unverified.innerText()).not.toMatch(/\bNo\b/);
    await context.getByText('9 ans', { exact: true }).waitFor();
    await context.getByText('418-589-7731 (maison)').waitFor();
    await expectAccessible(page);

    await page.goto(`http://api.test/admin/resources/threads/records/${family.thread.id}/reply`);
    await page.getByLabel('Réponse type', { exact: false }).selectOption({ label: 'Changement d’adresse effectué' });
    const body = page.getByLabel('Réponse au résident', { exact: false });
    await expect(body.inputValue()).resolves.toBe(`Bonjour Éloïse Côté,\n\nVotre nouvelle adresse est inscrite (référence ${family.thread.reference}).`);
    await body.press('End');
    await body.pressSequentially('\nBonne journée !');
    await page.getByTestId('resident-context').getByRole('link', { name: 'Marc Côté' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/panel-thread-reply-template.png`, fullPage: true });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Répondre' }).click();
    await page.getByText('La réponse a été mise en file d’envoi', { exact: false }).waitFor();
    const sent = await t.dataSource.getRepository(ThreadMessage).find({ where: { threadId: family.thread.id, author: 'staff' } });
    // (A form sends its line breaks as CRLF.)
    expect(sent.map((m) => m.body.replace(/\r\n/g, '\n'))).toEqual([`Bonjour Éloïse Côté,\n\nVotre nouvelle adresse est inscrite (référence ${family.thread.reference}).\nBonne journée !`]);
    expect((await t.dataSource.getRepository(Thread).findOneByOrFail({ id: family.thread.id })).status).toBe('answered');
    expect(problems).toEqual([]);
  });

  it('lets an administrator write a reply template in the panel, its placeholders named on the form', async () => {
    const { page, problems } = await signedIn('administrator');
    await page.goto('http://api.test/admin/resources/reply_templates/actions/new');
    await page.getByLabel('Titre').fill('Réponse reçue');
    await page.getByLabel('Texte en français', { exact: false }).fill('Bonjour {prénom},\nNous répondrons au plus tard {échéance}.');
    await page.screenshot({ path: `${SHOTS}/panel-reply-template-new.png`, fullPage: true });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    // AdminJS's new form goes back to the list, where the template is.
    await page.waitForURL(/\/admin\/resources\/reply_templates(\?.*)?$/);
    await page.getByRole('cell', { name: 'Réponse reçue' }).first().waitFor();
    const [template] = await t.dataSource.getRepository(ReplyTemplate).find({ where: { title: 'Réponse reçue' } });
    expect(template.bodyFr.replace(/\r\n/g, '\n')).toBe('Bonjour {prénom},\nNous répondrons au plus tard {échéance}.');
    await page.screenshot({ path: `${SHOTS}/panel-reply-templates.png`, fullPage: true });
    expect(problems).toEqual([]);
  });

  it('finds from the search box at the top a family by phone, a person by name without accents, and a refused request by its reference', async () => {
    const family = await familyWithThread('Bélanger-Thériault');
    const email = uniqueEmail('demande');
    const res = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send({
      applicant: { firstName: 'Zoé', lastName: 'Vézina', birthDate: '1990-01-01' },
      address: { civicNumber: '12', street: 'rue Principale', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
      members: [], email, phone: '418 296-8100', consent: true,
    }).expect(201);
    const request = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
    await t.dataSource.getRepository(DossierRequest).update({ id: request.id }, { status: 'rejected', rejectionReason: 'duplicate', decidedAt: new Date() });
    const { page, problems } = await signedIn();

    const box = page.getByRole('searchbox', { name: 'Rechercher une personne, une famille, une demande ou une conversation' });
    await box.fill('(418) 589-7731');
    await box.press('Enter');
    await page.waitForURL(/\/admin\/pages\/recherche\?q=/);
    const households = page.getByTestId('search-households');
    await households.getByRole('link', { name: `Famille n° ${family.household.id}`, exact: false }).waitFor();
    await page.screenshot({ path: `${SHOTS}/panel-search-phone.png`, fullPage: true });
    await expectAccessible(page);

    await box.fill('belanger-theriault eloise');
    await box.press('Enter');
    await page.getByTestId('search-persons').getByRole('link', { name: 'Bélanger-Thériault, Éloïse' }).waitFor();
    await page.getByTestId('search-threads').getByRole('link', { name: family.thread.reference }).waitFor();
    await page.screenshot({ path: `${SHOTS}/panel-search-name.png`, fullPage: true });

    await box.fill(request.reference.toLowerCase());
    await box.press('Enter');
    const requests = page.getByTestId('search-requests');
    await requests.getByText('Refusée', { exact: false }).waitFor();
    await page.screenshot({ path: `${SHOTS}/panel-search-reference.png`, fullPage: true });
    await requests.getByRole('link', { name: request.reference }).click();
    await page.waitForURL(`http://api.test/admin/resources/dossier_requests/records/${request.id}/show`);
    await page.getByTestId('resident-context').getByRole('heading', { name: 'Le résident' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/panel-request-context.png`, fullPage: true });
    expect(problems).toEqual([]);
  });
});
