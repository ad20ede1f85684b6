import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { Offering } from '../src/activities/offering.entity.js';
import { Hold } from '../src/registrations/hold.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import { WaitingRoomEntry } from '../src/registrations/waiting-room.entity.js';
import { CHROMIUM, expectNoSeriousViolations, hasChromium, launchForApp, panelPage } from './support/browser.js';
import { startApp, type TestApp } from './support/app.js';
import { createOffering } from './support/registrations.js';
import { loginAsStaff } from './support/staff.js';

/** Screenshots of the screens: CI keeps the folder (SCREENSHOTS_DIR) as an artifact. */
const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const describeInBrowser = hasChromium ? describe : describe.skip;
const MINUTE = 60_000;
const DAY = 86_400_000;
const PRESENT = 12;

/** The supervisors' live view of a registration night (issue 17, item 6), in a real browser, French first. */
describeInBrowser(`the waiting room, live in the panel${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let t: TestApp;
  let browser: Browser;
  let opensAt: Date;
  let hot: Offering;
  let calm: Offering;
  let households: number[];

  beforeAll(async () => {
    // One household admitted every 10 s.
    t = await startApp({ STAFF_MFA: 'optional', ADMISSION_PER_MINUTE: '6', WAITING_ROOM_MINUTES: '15' });
    // A day of its own (MariaDB keeps other runs' rooms), at 19 h in the city.
    opensAt = new Date(Date.UTC(2045, 0, 1, 0, 0) + randomInt(0, 5_000) * 3 * DAY);
    t.clock.set(new Date(opensAt.getTime() - 5 * MINUTE));
    const opening = { residentsOpenAt: opensAt, nonResidentsOpenAt: new Date(opensAt.getTime() + 7 * DAY), closesAt: new Date(opensAt.getTime() + 30 * DAY) };
    calm = await createOffering(t, { ...opening, capacity: 20 });
    hot = await createOffering(t, { ...opening, capacity: 3 });
    await t.dataSource.getRepository(Registration).insert([1, 2].map((i) => ({ offeringId: hot.id, personId: 1_900_000_000 + randomInt(0, 1_000_000) + i, householdId: 1_900_000_000 + i, amount: 8500, status: 'confirmed' as const })));
    // Households in the room before the opening (ids no real household has), one a second.
    const first = 800_000_000 + randomInt(0, 1_000_000) * 100;
    households = Array.from({ length: PRESENT }, (_, i) => first + i);
    await t.dataSource.getRepository(WaitingRoomEntry).insert(households.map((householdId, i) => ({ opensAt, householdId, accountId: null, position: null, joinedAt: new Date(opensAt.getTime() - (PRESENT - i) * 1_000) })));
    browser = await launchForApp(t);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });


  /** The section of this test's opening (others' may be listed on a shared database). */
  const section = (page: Page) => page.getByTestId('opening').filter({ has: page.getByRole('heading', { name: `Ouverture du ${t.clock.iso(opensAt).slice(0, 10)} ${t.clock.iso(opensAt).slice(11, 19)}` }) });

  it('shows the room before the draw, then the draw, admissions and seats as they change, without reloading', async () => {
    const page = await panelPage(browser, t, 'supervisor', { width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Salle d’attente en direct' }).click();
    await page.getByRole('heading', { name: 'Salle d’attente en direct', level: 2 }).waitFor();
    const opening = section(page);
    await opening.getByText('Pas encore : il a lieu à l’heure de l’ouverture').waitFor();
    expect(await opening.getByTestId('present').textContent()).toBe(String(PRESENT));
    expect(await opening.getByTestId('waiting').textContent()).toBe(String(PRESENT));
    await opening.getByText('6 familles par minute').waitFor();
    // The hottest first: 1 place left of 3, then 20 of 20.
    const rows = opening.getByTestId('opening-offerings').locator('tbody tr');
    expect(await rows.first().textContent()).toContain(hot.code);
    expect(await rows.nth(1).textContent()).toContain(calm.code);
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: `${SHOTS}/panel-waiting-room-before.png`, fullPage: true });

    // 35 s after the opening: the next reading draws, 4 households are admitted (one every 10 s).
    t.clock.set(new Date(opensAt.getTime() + 35_000));
    await opening.getByTestId('entrants').filter({ hasText: String(PRESENT) }).waitFor({ timeout: 15_000 });
    expect(await opening.getByTestId('admitted').textContent()).toBe('4');
    expect(await opening.getByTestId('waiting').textContent()).toBe(String(PRESENT - 4));
    expect(await opening.getByTestId('served').textContent()).toBe('0');

    // The first admitted household holds the hot group's last place: served, and the group full.
    const firstPlace = await t.dataSource.getRepository(WaitingRoomEntry).findOneByOrFail({ opensAt, position: 1 });
    await t.dataSource.getRepository(Hold).insert({ offeringId: hot.id, householdId: firstPlace.householdId, accountId: null, seats: 1, amount: 8500, status: 'live', expiresAt: new Date(opensAt.getTime() + 20 * MINUTE) });
    await opening.getByTestId('served').filter({ hasText: '1' }).waitFor({ timeout: 15_000 });
    expect(await rows.first().textContent()).toContain('Complet');
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: `${SHOTS}/panel-waiting-room-live.png`, fullPage: true });
  }, 180_000);

  it('is for supervisors and administrators: a clerk’s request of the page is refused (403)', async () => {
    const clerk = await loginAsStaff(t, 'clerk');
    await t.http().get('/admin/pages/waitingRoom').set('Cookie', clerk.cookie).expect(403);
    await t.http().get('/admin/api/pages/waitingRoom').set('Cookie', clerk.cookie).expect(403);
    await t.http().get('/admin/pages/unknownPage').set('Cookie', clerk.cookie).expect(403);
    const admin = await loginAsStaff(t, 'administrator');
    await t.http().get('/admin/pages/waitingRoom').set('Cookie', admin.cookie).expect(200);
  });
});
