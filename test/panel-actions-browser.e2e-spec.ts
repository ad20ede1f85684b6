import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { Account } from '../src/accounts/account.entity.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { Household } from '../src/dossiers/household.entity.js';
import { Membership } from '../src/dossiers/membership.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { Staff } from '../src/staff/staff.entity.js';
import { CHROMIUM, hasChromium, launchForApp } from './support/browser.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { loggedInResident } from './support/residents.js';
import { newStaff } from './support/staff.js';

const describeInBrowser = hasChromium ? describe : describe.skip;
const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

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

  it('lets a clerk fix a family: the members with their ages and links, a relationship changed by the form’s POST, a refusal on its field', async () => {
    const { household, persons } = await createHousehold(t.dataSource, [
      { firstName: 'Marie', lastName: 'Tremblay', birthDate: '1980-03-14', role: 'holder' },
      { firstName: 'Luc', lastName: 'Tremblay', birthDate: '1979-07-02', role: 'spouse' },
      { firstName: 'Léa', lastName: 'Tremblay', birthDate: '2015-06-01', role: 'child' },
    ]);
    const { page, requests, problems } = await signedIn('clerk');
    await page.goto(`http://api.test/admin/resources/households/records/${household.id}/show`);
    const members = page.getByTestId('household-members');
    await members.getByText('Tremblay, Léa').waitFor();
    expect(await members.getByText('2015-06-01').count()).toBe(1);
    expect(await members.getByRole('link', { name: 'Tremblay, Luc' }).getAttribute('href')).toBe(`/admin/resources/persons/records/${persons[1].id}/show`);
    await page.screenshot({ path: '/tmp/panel-household-members.png', fullPage: true });

    await page.getByText('Changer le lien').first().click();
    const form = page.getByTestId('family-form');
    await form.waitFor();
    expect(await t.dataSource.getRepository(Membership).findOneByOrFail({ personId: persons[1].id })).toMatchObject({ role: 'spouse' });
    await form.locator('#family-personId').selectOption(String(persons[1].id));
    await form.locator('#family-role').selectOption('holder');
    await form.locator('#family-note').fill('Changement de titulaire demandé par courriel');
    await page.screenshot({ path: '/tmp/panel-family-form.png', fullPage: true });
    await form.getByRole('button', { name: 'Changer le lien' }).click();
    await page.getByText('Le lien du membre a été changé').waitFor();
    expect(await t.dataSource.getRepository(Membership).findOneByOrFail({ personId: persons[1].id })).toMatchObject({ role: 'holder' });
    expect(await t.dataSource.getRepository(Membership).findOneByOrFail({ personId: persons[0].id })).toMatchObject({ role: 'adult' });
    expect(requests).toContain(`POST /admin/api/resources/households/records/${household.id}/setMemberRole`);
    // Back on the household's page, « Historique » shows the change.
    await page.getByText('Changement de titulaire demandé par courriel').waitFor();
    await page.locator('table').last().screenshot({ path: '/tmp/panel-family-history.png' });

    // The child named holder: the rule's sentence under the field, nothing changed.
    await page.goto(`http://api.test/admin/resources/households/records/${household.id}/setMemberRole`);
    await page.getByTestId('family-form').waitFor();
    await page.locator('#family-personId').selectOption(String(persons[2].id));
    await page.locator('#family-role').selectOption('holder');
    await page.getByTestId('family-form').getByRole('button', { name: 'Changer le lien' }).click();
    await page.getByTestId('family-form').getByText('Le titulaire doit avoir 18 ans ou plus').waitFor();
    expect(await t.dataSource.getRepository(Membership).findOneByOrFail({ personId: persons[2].id })).toMatchObject({ role: 'child' });
    await page.screenshot({ path: '/tmp/panel-family-refused.png', fullPage: true });

    // The address, on AdminJS's own edit form: the postal code normalised.
    await page.goto(`http://api.test/admin/resources/households/records/${household.id}/edit`);
    await page.locator('input[name=postalCode]').fill('g5c2k1');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Les modifications ont été enregistrées').waitFor();
    expect((await t.dataSource.getRepository(Household).findOneByOrFail({ id: household.id })).address.postalCode).toBe('G5C 2K1');

    // A member's page lists their households, with links back.
    await page.goto(`http://api.test/admin/resources/persons/records/${persons[2].id}/show`);
    const households = page.getByTestId('person-households');
    await households.getByText('boulevard La Salle').waitFor();
    expect(await households.getByRole('link').getAttribute('href')).toBe(`/admin/resources/households/records/${household.id}/show`);
    await page.screenshot({ path: '/tmp/panel-person-households.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  it('lets a clerk decide a family’s residency: the form, its confirmation, the page saying why', async () => {
    const { household } = await createHousehold(t.dataSource, [{ firstName: 'Sophie', lastName: 'Côté', birthDate: '1982-09-09', role: 'holder' }], { city: 'Québec' });
    const { page, requests, problems } = await signedIn('clerk');
    await page.goto(`http://api.test/admin/resources/households/records/${household.id}/show`);
    await page.getByText('Non résidente : la ville de l’adresse n’est pas une ville résidente').waitFor();

    await page.getByText('Changer la résidence').first().click();
    const form = page.getByTestId('family-form');
    await form.waitFor();
    await form.getByLabel('Résidence (tarif et ouverture des inscriptions)').selectOption('resident');
    await form.getByLabel('Note (raison de la modification)').fill('Propriétaire d’un chalet sur le territoire');
    await form.getByRole('button', { name: 'Changer la résidence' }).click();
    // The confirmation repeats the decision; nothing is posted yet.
    const confirm = page.getByTestId('family-confirm');
    await confirm.getByText('Résidente (décision du personnel, quelle que soit l’adresse)').waitFor();
    expect(requests).not.toContain(`POST /admin/api/resources/households/records/${household.id}/setResidency`);
    await page.screenshot({ path: `${SHOTS}/panel-residency-confirm.png`, fullPage: true });
    await confirm.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByText('La décision sur la résidence est enregistrée').waitFor();
    const why = page.getByText('Résidente, par décision du personnel (quelle que soit l’adresse)');
    await why.waitFor();
    await page.getByText('Propriétaire d’un chalet sur le territoire').first().waitFor();
    await why.scrollIntoViewIfNeeded();
    expect(await t.dataSource.getRepository(Household).findOneByOrFail({ id: household.id })).toMatchObject({ residentOverride: true });
    await page.screenshot({ path: `${SHOTS}/panel-residency-page.png`, fullPage: true });
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
    await page.getByText('Préposé ou préposée', { exact: true }).click();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Le compte du personnel a été créé', { exact: false }).waitFor();
    expect(await t.dataSource.getRepository(Staff).findOneByOrFail({ email })).toMatchObject({ active: true, role: 'clerk', displayName: 'Zoé Gagnon' });
    expect(problems).toEqual([]);
  });

  it('lets a clerk open the queue, take a request and approve it into a new household', async () => {
    const email = uniqueEmail('file');
    const lastName = `Gagnon${Date.now().toString(36).replace(/\d/g, '')}`;
    const res = await t
      .http()
      .post('/api/v1/dossier-requests')
      .set('X-Forwarded-For', uniqueIp())
      .send({
        applicant: { firstName: 'Élise', lastName, birthDate: '1979-03-14' },
        address: { civicNumber: '52', street: 'avenue Laval', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
        members: [{ firstName: 'Léo', lastName, birthDate: '2016-06-01', relationship: 'child' }],
        email,
        phone: '418 296-8100',
        consent: true,
      })
      .expect(201);
    const { id } = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });

    const { page, requests, problems } = await signedIn('clerk');
    // The queue (« À traiter », oldest first), narrowed to this request: other tests' requests share MariaDB.
    await page.goto(`http://api.test/admin/resources/dossier_requests?filters.reference=${res.body.reference}`);
    await page.getByText(res.body.reference).waitFor();
    await page.getByText('Reçue', { exact: true }).first().waitFor();
    await page.screenshot({ path: '/tmp/panel-requests-queue.png', fullPage: true });

    await page.goto(`http://api.test/admin/resources/dossier_requests/records/${id}/show`);
    await page.getByText('Prendre en charge').first().click();
    await page.getByText('Prendre cette demande en charge ?', { exact: false }).waitFor();
    expect((await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id })).status).toBe('submitted');
    await page.getByRole('button', { name: 'Prendre en charge' }).click();
    await page.getByText('La demande vous est assignée et est en traitement').waitFor();

    await page.goto(`http://api.test/admin/resources/dossier_requests/records/${id}/approve`);
    await page.getByText('Approuver cette demande ?', { exact: false }).waitFor();
    await page.getByText('Créer une nouvelle famille', { exact: false }).waitFor();
    await page.screenshot({ path: '/tmp/panel-requests-approve.png', fullPage: true });
    await page.getByRole('button', { name: 'Approuver' }).click();
    await page.getByText('La demande est approuvée', { exact: false }).waitFor();
    expect((await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id })).status).toBe('approved');
    expect(requests).toContain(`POST /admin/api/resources/dossier_requests/records/${id}/take`);
    expect(requests).toContain(`POST /admin/api/resources/dossier_requests/records/${id}/approve`);
    await page.screenshot({ path: '/tmp/panel-requests-approved.png', fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);

  it('lets a clerk answer a resident from the mailbox: the reply form POSTs, the resident gets it by email, the page shows the conversation', async () => {
    const resident = await loggedInResident(t);
    const created = await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).send({ category: 'address_change', subject: 'Déménagement', body: 'Bonjour,\n<b>nous</b> avons déménagé.' }).expect(201);
    const { id, reference } = created.body as { id: number; reference: string };

    const { page, requests, problems } = await signedIn('clerk');
    // The queue, narrowed to this thread (other test files' threads share a MariaDB database).
    await page.goto(`http://api.test/admin/resources/threads?filters.reference=${reference}`);
    await page.getByText(reference).first().waitFor();
    await page.goto(`http://api.test/admin/resources/threads/records/${id}/show`);
    // The resident's text as text: the markup is shown, never rendered.
    await page.getByTestId('thread-messages').getByText('<b>nous</b> avons déménagé.', { exact: false }).waitFor();
    await page.getByText('Répondre', { exact: true }).first().click();
    // The reply starts with its greeting, the resident's first name in it: the clerk writes below it.
    const { firstName } = await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email });
    expect(await page.locator('textarea#body').inputValue()).toBe(`Bonjour ${firstName},\n\n`);
    await page.locator('textarea#body').fill(`Bonjour ${firstName},\nVotre adresse est changée.`);
    await page.getByRole('button', { name: 'Répondre' }).click();
    await page.getByText('La réponse a été mise en file d’envoi', { exact: false }).waitFor();
    await page.getByTestId('thread-messages').getByText('Votre adresse est changée.', { exact: false }).waitFor();
    await page.screenshot({ path: '/tmp/panel-thread-answered.png', fullPage: true });
    expect(requests).toContain(`POST /admin/api/resources/threads/records/${id}/reply`);
    const mail = (await t.mailbox.for(resident.email)).find((m) => m.subject.startsWith(`[${reference}] Re :`));
    expect(mail?.text).toContain('Votre adresse est changée.');
    // One greeting: the clerk's.
    expect(mail?.text.startsWith(`Bonjour ${firstName},\nVotre adresse est changée.`)).toBe(true);
    expect(mail?.text.split(`${firstName},`)).toHaveLength(2);
    expect(problems).toEqual([]);
  }, 120_000);

  it('names each audit line’s action and section in the audit log, as the records’ history does', async () => {
    const res = await t
      .http()
      .post('/api/v1/dossier-requests')
      .set('X-Forwarded-For', uniqueIp())
      .send({
        applicant: { firstName: 'Noémie', lastName: 'Bérubé', birthDate: '1981-07-09' },
        address: { civicNumber: '8', street: 'rue Mance', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
        members: [],
        email: uniqueEmail('journal'),
        phone: '418 296-8100',
        consent: true,
      })
      .expect(201);
    const { id } = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
    const { page, problems } = await signedIn('administrator');
    await page.goto(`http://api.test/admin/resources/dossier_requests/records/${id}/take`);
    await page.getByRole('button', { name: 'Prendre en charge' }).click();
    await page.getByText('La demande vous est assignée et est en traitement').waitFor();

    await page.goto(`http://api.test/admin/resources/audit_log?filters.resource=dossier_requests&filters.recordId=${id}`);
    // « Prise en charge — demande de dossier DR-… », the request linked (src/admin/audit-view.ts).
    await page.getByRole('cell', { name: `Prise en charge — demande de dossier ${res.body.reference}` }).waitFor();
    expect(await page.getByRole('link', { name: `demande de dossier ${res.body.reference}` }).first().getAttribute('href')).toBe(`/admin/resources/dossier_requests/records/${id}/show`);
    expect(await page.getByRole('cell', { name: 'take', exact: true }).count()).toBe(0);
    expect(await page.getByRole('cell', { name: 'dossier_requests', exact: true }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/panel-audit-log.png' });
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
