import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { IncidentsService } from '../src/privacy/incidents.service.js';
import { RetentionJob } from '../src/privacy/retention-job.service.js';
import { CHROMIUM, hasChromium, launchForApp } from './support/browser.js';
import { startApp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { newStaff } from './support/staff.js';
import { pdfText } from './support/pdf.js';

const describeInBrowser = hasChromium ? describe : describe.skip;
/** Screenshots of the screens: CI keeps the folder (SCREENSHOTS_DIR) as an artifact. */
const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');

/** Law 25's screens in a real browser: the export from a person's page, the retention periods, the incidents register. */
describeInBrowser(`Law 25 in the panel, in a real browser${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
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

  async function signedIn(role: 'clerk' | 'administrator'): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 850 }, acceptDownloads: true });
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

  async function noSeriousViolation(page: Page): Promise<void> {
    const { violations } = await new AxeBuilder({ page }).include('[data-testid="person-file"]').analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  }

  it('lets an administrator export a person’s file from their page: « Exporter le dossier (Loi 25) », then the PDF, audited', async () => {
    const { persons } = await createHousehold(t.dataSource, [
      { firstName: 'Geneviève', lastName: 'Lévesque-Ouellet', birthDate: '1979-09-21', role: 'holder' },
      { firstName: 'Zoé', lastName: 'Lévesque-Ouellet', birthDate: '2016-02-29', role: 'child' },
    ]);
    const { page, problems } = await signedIn('administrator');
    await page.goto(`http://api.test/admin/resources/persons/records/${persons[0].id}/show`);
    await page.getByText('Exporter le dossier (Loi 25)').first().click();
    await page.getByTestId('person-file').waitFor();
    await page.screenshot({ path: join(SHOTS, 'panel-person-file.png') });
    await noSeriousViolation(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('person-file-pdf').click()]);
    expect(download.suggestedFilename()).toBe(`dossier-${persons[0].dossierNumber}.pdf`);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf)).toContain('Geneviève Lévesque-Ouellet');
    expect(await t.dataSource.getRepository(AuditEntry).findBy({ resource: 'persons', recordId: String(persons[0].id), action: 'export' })).toEqual([expect.objectContaining({ note: 'PDF' })]);
    expect(problems).toEqual([]);
  });

  it('offers no export to a clerk', async () => {
    const { persons } = await createHousehold(t.dataSource, [{ firstName: 'Rémi', lastName: 'Gauthier', birthDate: '1990-01-01', role: 'holder' }]);
    const { page } = await signedIn('clerk');
    await page.goto(`http://api.test/admin/resources/persons/records/${persons[0].id}/show`);
    await page.getByText('Gauthier', { exact: false }).first().waitFor();
    expect(await page.getByText('Exporter le dossier (Loi 25)').count()).toBe(0);
  });

  it('shows the retention periods and the incidents register’s form in French', async () => {
    const { page, problems } = await signedIn('administrator');
    await page.goto('http://api.test/admin/resources/retention_settings');
    await page.getByText('Conversations fermées').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'panel-retention-settings.png') });
    await page.goto('http://api.test/admin/resources/privacy_incidents/actions/new');
    await page.getByText('Date de l’incident').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'panel-incident-new.png') });

    // An entry recorded (through the register's service), then its page.
    const [y, m, d] = t.clock.today().split('-').map(Number);
    const admin = await newStaff(t, 'administrator');
    const id = await t.app.get(IncidentsService).create(
      {
        occurredOn: t.clock.today(),
        discoveredOn: t.clock.today(),
        description: 'Un courriel de confirmation d’inscription envoyé au mauvais parent.',
        informationConcerned: 'Nom de l’enfant, groupe et horaire',
        personsConcerned: 'Un enfant inscrit et ses parents',
        personsCount: '3',
        seriousRisk: 'false',
        riskAssessment: 'Le destinataire a confirmé avoir supprimé le courriel.',
        commissionNote: 'Non requis : aucun risque de préjudice sérieux',
        personsNotifiedOn: t.clock.today(),
        personsNote: 'Par téléphone',
        measures: 'Vérification de l’adresse courriel au comptoir.',
      },
      { kind: 'staff', staffId: admin.id, role: 'administrator' },
    );
    await page.goto(`http://api.test/admin/resources/privacy_incidents/records/${id}/show`);
    await page.getByText('Le destinataire a confirmé', { exact: false }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'panel-incident-show.png') });
    await page.goto('http://api.test/admin/resources/privacy_incidents');
    await page.getByText('Un courriel de confirmation', { exact: false }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'panel-incidents.png') });

    // A purge run, then the runs' list.
    t.clock.set(t.clock.at(y, m, d, 10));
    await t.app.get(RetentionJob).runIfDue();
    await page.goto('http://api.test/admin/resources/retention_runs');
    await page.getByText('Demandes refusées anonymisées').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'panel-retention-runs.png') });
    expect(problems).toEqual([]);
  });
});
