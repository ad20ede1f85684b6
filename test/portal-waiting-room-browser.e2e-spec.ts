import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { WaitingRoomEntry } from '../src/registrations/waiting-room.entity.js';
import { CHROMIUM, closeContext, hasChromium, launchChromium, openPortal, signInToPortal } from './support/browser.js';
import { PORTAL_URL, startApp, type TestApp } from './support/app.js';
import { asFamily, createOffering, linkedFamilies, linkedResident } from './support/registrations.js';

const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');
const describeInBrowser = hasChromium ? describe : describe.skip;
const MINUTE = 60_000;
const DAY = 86_400_000;
/** One household admitted every 10 s: a place after the first waits, measurably, on the test clock. */
const ENV = { ADMISSION_PER_MINUTE: '6', ADMISSION_MINUTES: '20', WAITING_ROOM_MINUTES: '15' };

/**
 * The waiting room as a family meets it (R5, issue 17): « Réserver les places » before the opening
 * leads to « Salle d'attente », which says the place is drawn at the opening, then shows the place
 * drawn and the estimated wait without a reload, and brings the family back to its offering when its
 * turn comes; axe-core on each state.
 */
describeInBrowser(`the waiting room in the portal${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startApp(ENV);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('waits for the draw, shows the place drawn and the wait, then lets the family hold its seats', async () => {
    // An opening of its own, on a day no other test uses (a room concerns every offering opening that day).
    const opensAt = new Date(Date.UTC(2045, 0, 1, 0, 0) + randomInt(0, 20_000) * 3 * DAY + 23 * 3_600_000);
    t.clock.set(new Date(opensAt.getTime() - 10 * MINUTE));
    const offering = await createOffering(t, { capacity: 30, residentsOpenAt: opensAt, nonResidentsOpenAt: new Date(opensAt.getTime() + 7 * DAY), closesAt: new Date(opensAt.getTime() + 30 * DAY) });
    const activity = await t.dataSource.query('SELECT name FROM activities WHERE id = ?', [offering.activityId]);

    const resident = await linkedResident(t, [
      { role: 'holder', firstName: 'Camille', lastName: 'Bouchard', birthDate: '1985-04-12' },
      { role: 'child', firstName: 'Zoé', lastName: 'Bouchard', birthDate: '2017-03-02' },
    ]);
    const household = resident.household;
    // Eleven other families in the room before the opening: the draw puts this one among twelve.
    const others = await linkedFamilies(t, 11);
    for (const family of others) await asFamily(t, family).post('/me/waiting-room', {}).expect(200);

    const visit = await openPortal(browser, t, { locale: 'fr-CA', viewport: { width: 1280, height: 900 }, tag: 'desktop', shots: SHOTS });
    const { page } = visit;
    try {
      await signInToPortal(page, resident);

      // Before the opening: the hold leads to the room, which says the place is drawn at the opening.
      await page.goto(`${PORTAL_URL}/activites?q=${encodeURIComponent(offering.code)}`);
      const card = page.locator('.offerings > li', { hasText: activity[0].name });
      await card.waitFor();
      await card.getByLabel('Zoé Bouchard').check();
      await card.getByRole('button', { name: 'Réserver les places' }).click();
      await page.waitForURL(/\/salle-d-attente\?code=/);
      await page.getByRole('heading', { name: "Salle d'attente" }).waitFor();
      await page.getByText('Votre place sera tirée au sort à l’ouverture.').waitFor();
      expect(await page.locator('.card').textContent()).toContain('Ouverture :');
      await visit.look('salle-d-attente-avant');

      // The opening: the page's next look (every 5 s) makes or reads the draw and shows the place.
      t.clock.set(new Date(opensAt.getTime() + 1_000));
      const ours = async () => (await t.dataSource.getRepository(WaitingRoomEntry).findOneByOrFail({ householdId: household.id, opensAt })).position;
      let position: number | null = null;
      for (let waited = 0; waited < 30_000 && position === null; waited += 250) {
        position = await ours();
        if (position === null) await page.waitForTimeout(250);
      }
      expect(position).not.toBeNull();
      if (position! > 1) {
        // Not admitted yet: the place and the wait, without a reload (the URL stays the room's).
        await page.locator('.position', { hasText: `Votre place : ${position}` }).waitFor({ timeout: 20_000 });
        expect(await page.locator('.card').textContent()).toContain('Attente estimée : environ');
        await page.getByText('Les inscriptions sont ouvertes.', { exact: false }).waitFor();
        expect(page.url()).toContain('/salle-d-attente');
        await visit.look('salle-d-attente-place');
        // Its turn: position p is admitted (p − 1) × 10 s after the opening.
        t.clock.set(new Date(opensAt.getTime() + (position! - 1) * 10_000 + 1_000));
      }
      // Admitted: back to the offering it was holding, with the green box, and the hold goes through.
      await page.waitForURL(`${PORTAL_URL}/activites?q=${encodeURIComponent(offering.code)}`, { timeout: 20_000 });
      expect(await page.locator('.flash .notice.success').textContent()).toContain("C'est votre tour");
      const again = page.locator('.offerings > li', { hasText: activity[0].name });
      await again.waitFor();
      await visit.look('salle-d-attente-admise');
      await again.getByLabel('Zoé Bouchard').check();
      await again.getByRole('button', { name: 'Réserver les places' }).click();
      // The countdown counts on the service's clock (the API's Date), decades from this browser's here.
      await page.locator('.hold').waitFor();
      expect(await page.locator('.hold').textContent()).toContain('85,00');
      expect(await page.locator('.hold .countdown').textContent()).toMatch(/^(1\d|20) min \d\d s$/);
      await visit.look('salle-d-attente-reservation');
      expect(visit.problems).toEqual([]);
    } finally {
      await closeContext(visit.context);
    }
  }, 180_000);
});
