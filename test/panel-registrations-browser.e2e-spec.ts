import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { Offering } from '../src/activities/offering.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import { CHROMIUM, expectNoSeriousViolations, hasChromium, launchForApp, panelPage } from './support/browser.js';
import { startApp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { createOffering } from './support/registrations.js';

const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const describeInBrowser = hasChromium ? describe : describe.skip;

/** The counter and the class list in a real browser (SPEC §4b `activities`, `registrations`), French first. */
describeInBrowser(`registrations in the panel, in a real browser${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let t: TestApp;
  let browser: Browser;
  let offering: Offering;
  let family: { id: number; children: number[] };

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    offering = await createOffering(t, { capacity: 4 });
    const { household, persons } = await createHousehold(t.dataSource, [
      { role: 'holder', birthDate: '1984-03-03', firstName: 'Julie', lastName: 'Bouchard' },
      { role: 'child', birthDate: '2018-05-01', firstName: 'Léa', lastName: 'Bouchard' },
      { role: 'child', birthDate: '2024-02-02', firstName: 'Noé', lastName: 'Bouchard' },
    ]);
    family = { id: household.id, children: persons.slice(1).map((p) => p.id) };
    browser = await launchForApp(t);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });


  it('registers a child at the counter (the too-young sibling refused by name), then shows the class list', async () => {
    const page = await panelPage(browser, t, 'clerk');
    await page.goto(`http://api.test/admin/resources/activities/records/${offering.id}/register`);
    await page.getByLabel('Numéro de la famille').fill(String(family.id));
    await page.getByRole('button', { name: 'Afficher les membres' }).click();
    await page.getByLabel(/Bouchard, Noé/).check();
    await page.getByLabel(/Bouchard, Léa/).check();
    await page.getByRole('button', { name: 'Inscrire au comptoir' }).click();
    await page.getByText('Noé Bouchard aura 2 ans le 2027-01-09', { exact: false }).waitFor();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: `${SHOTS}/panel-register-refused.png`, fullPage: true });
    expect(await t.dataSource.getRepository(Registration).countBy({ offeringId: offering.id })).toBe(0);

    await page.getByLabel(/Bouchard, Noé/).uncheck();
    await page.getByRole('button', { name: 'Inscrire au comptoir' }).click();
    await page.getByText('La personne est inscrite').first().waitFor();

    await page.goto(`http://api.test/admin/resources/activities/records/${offering.id}/show`);
    await page.getByRole('link', { name: 'Liste de classe (personnes inscrites)' }).click();
    await page.getByRole('cell', { name: 'Bouchard, Léa' }).waitFor();
    await page.getByRole('cell', { name: '8', exact: true }).waitFor();
    await page.getByRole('cell', { name: '418-296-8100' }).waitFor();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: `${SHOTS}/panel-class-list.png`, fullPage: true });
  }, 180_000);
});
