import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { Registration } from '../src/registrations/registration.entity.js';
import { CHROMIUM, closeContext, hasChromium, launchChromium, openPortal, signInToPortal } from './support/browser.js';
import { PORTAL_URL, startApp, type TestApp } from './support/app.js';
import { createOffering, linkedResident } from './support/registrations.js';

const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');
const describeInBrowser = hasChromium ? describe : describe.skip;

/**
 * A family registers two children from the portal (issue 17): « Activités », the places left, the
 * members chosen together, the hold with its countdown, the checkout, « Mes inscriptions »; axe-core
 * on each page, on a desktop and on a 390 px phone.
 */
describeInBrowser(`registering two children from the portal${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startApp();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const [tag, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`holds two seats for siblings and confirms them (${tag})`, async () => {
      const offering = await createOffering(t, { capacity: 6 });
      const activity = await t.dataSource.query('SELECT name FROM activities WHERE id = ?', [offering.activityId]);
      const resident = await linkedResident(t, [
        { role: 'holder', firstName: 'Camille', lastName: 'Tremblay', birthDate: '1985-04-12' },
        { role: 'child', firstName: 'Léa', lastName: 'Tremblay', birthDate: '2016-06-01' },
        { role: 'child', firstName: 'Noé', lastName: 'Tremblay', birthDate: '2019-02-14' },
      ]);

      const visit = await openPortal(browser, t, { locale: 'fr-CA', viewport, tag, shots: SHOTS });
      const { page } = visit;
      try {
        await signInToPortal(page, resident);

        await page.goto(`${PORTAL_URL}/activites?q=${encodeURIComponent(offering.code)}`);
        const card = page.locator('.offerings > li', { hasText: activity[0].name });
        await card.waitFor();
        expect(await card.locator('dd', { hasText: '/ 6' }).textContent()).toContain('6');
        await visit.look('activites');
        await card.getByLabel('Léa Tremblay').check();
        await card.getByLabel('Noé Tremblay').check();
        await card.getByRole('button', { name: 'Réserver les places' }).click();
        const hold = page.locator('.hold');
        await hold.waitFor();
        expect(await hold.locator('.countdown').textContent()).toMatch(/^(1\d|20) min \d\d s$/);
        expect(await hold.textContent()).toContain('170,00');
        await visit.look('reservation');
        await hold.getByRole('button', { name: "Confirmer l'inscription" }).click();
        await page.waitForURL(`${PORTAL_URL}/mes-inscriptions`);
        await page.getByText('Léa Tremblay').waitFor();
        await page.getByText('Noé Tremblay').waitFor();
        expect(await page.locator('.flash .notice.success').textContent()).toContain('Inscription confirmée');
        await visit.look('mes-inscriptions');
        expect(await t.dataSource.getRepository(Registration).countBy({ offeringId: offering.id, status: 'confirmed' })).toBe(2);
        expect(visit.problems).toEqual([]);
      } finally {
        await closeContext(visit.context);
      }
    });
  }
});
