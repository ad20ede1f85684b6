import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_HOLDER } from '../src/dossiers/demo-data.service.js';
import { startApp, uniqueIp, type TestApp } from './support/app.js';
import { loggedInResident } from './support/residents.js';

/** What a newcomer gets from `npm start`: demo households and periods, and a dossier to link with. */
describe('demo data of the embedded mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ DEMO_DATA: 'true', DATABASE_URL: '' });
  });
  afterAll(() => t.close());

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
});
