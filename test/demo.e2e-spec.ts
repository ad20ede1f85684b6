import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Offering } from '../src/activities/offering.entity.js';
import { DEMO_ALMOST_FULL, DEMO_WAITING_ROOM } from '../src/activities/demo-activities.js';
import { DEMO_TEMPLATES } from '../src/desk/demo-templates.service.js';
import { ReplyTemplate } from '../src/desk/reply-template.entity.js';
import { DEMO_HOLDER } from '../src/dossiers/demo-data.service.js';
import { Registration } from '../src/registrations/registration.entity.js';
import { startApp, uniqueIp, type TestApp } from './support/app.js';
import { loggedInResident } from './support/residents.js';

/** What a newcomer gets from `npm start`: demo households, periods and activities, and a dossier to link with. */
describe('demo data of the embedded mode', () => {
  let t: TestApp;
  let dataDir: string;
  const start = () => startApp({ DEMO_DATA: 'true', DATABASE_URL: '', DATA_DIR: dataDir });
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'guichet-demo-'));
    t = await start();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('walks the seed steps 1 to 8 with the printed dossier number', async () => {
    const periods = await t.http().get('/api/v1/registration-periods').expect(200);
    expect(periods.body.length).toBeGreaterThanOrEqual(3);
    expect(periods.body[0].name).toMatch(/^(Hiver|Printemps|Été|Automne) \d{4}$/);

    const resident = await loggedInResident(t);
    const linked = await t
      .http()
      .post('/api/v1/me/dossier/link')
      .set('Authorization', `Bearer ${resident.accessToken}`)
      .set('X-Forwarded-For', uniqueIp())
      .send(DEMO_HOLDER)
      .expect(200);
    expect(linked.body.dossierNumber).toBe(DEMO_HOLDER.dossierNumber);
    expect(linked.body.members.length).toBeGreaterThanOrEqual(2);
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
    expect(me.body.onboarding).toBe('complete');
    expect(t.logs.join('')).toContain(`link with dossier number ${DEMO_HOLDER.dossierNumber}`);
  });

  it('shows a catalogue: swimming, soccer, a day camp, one group almost full, one opening in a few minutes', async () => {
    const { body } = await t.http().get('/api/v1/activities').expect(200);
    expect(body.total).toBe(6);
    const categories = body.items.map((item: { category: string }) => item.category);
    expect(categories).toEqual(expect.arrayContaining(['Natation', 'Sports', 'Camps de jour']));
    const byCode = new Map<string, { status: string; remaining: number; capacity: number; opensAt: { residents: string } }>(
      body.items.map((item: { code: string }) => [item.code, item]),
    );
    expect(byCode.get(DEMO_ALMOST_FULL)).toMatchObject({ status: 'open', remaining: 1 });
    const later = byCode.get(DEMO_WAITING_ROOM)!;
    expect(later.status).toBe('upcoming');
    const minutes = (new Date(later.opensAt.residents).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(5);
    expect(minutes).toBeLessThanOrEqual(10);
    const others = [...byCode].filter(([code]) => code !== DEMO_WAITING_ROOM && code !== DEMO_ALMOST_FULL).map(([, item]) => item);
    expect(others.every((item) => item.status === 'open' && item.remaining === item.capacity)).toBe(true);
    const camp = await t.dataSource.getRepository(Offering).findOneByOrFail({ code: 'DEMO-CAMP-RELACHE' });
    expect(camp.rl24).toBe(true);
  });

  it('gives the clerks three reply templates, in French and in English, with placeholders', async () => {
    const templates = await t.dataSource.getRepository(ReplyTemplate).find({ order: { id: 'ASC' } });
    expect(templates.map((template) => template.title)).toEqual(DEMO_TEMPLATES.map((template) => template.title));
    expect(templates.every((template) => template.bodyFr.includes('{prénom}') || template.bodyFr.includes('{référence}'))).toBe(true);
  });

  it('changes nothing at a restart', async () => {
    const count = async () => [await t.dataSource.getRepository(Offering).count(), await t.dataSource.getRepository(Registration).count(), await t.dataSource.getRepository(ReplyTemplate).count()];
    const before = await count();
    await t.close();
    t = await start();
    expect(await count()).toEqual(before);
    expect((await t.http().get(`/api/v1/activities/${DEMO_ALMOST_FULL}`).expect(200)).body.remaining).toBe(1);
  });
});
