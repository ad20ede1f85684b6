import { DossierRequest } from '../../src/dossier-requests/dossier-request.entity.js';
import { uniqueEmail, uniqueIp, type TestApp } from './app.js';
import { dossierRequestForm } from './dossiers.js';

/** America/Toronto from November to March is UTC−5, before that (from March) UTC−4: a wall-clock time of 2026 in the city. */
export const cityTime = (local: string) => new Date(`${local}${local >= '2026-03-08T03' && local < '2026-11-01T02' ? '-04:00' : '-05:00'}`);

/**
 * What arrives in the supervisors' queues at a given time in the city: a resident's message (a
 * thread, through the API) and a dossier-number request (the public form). Each sets the test's
 * clock first and answers the new row's id.
 */
export function queueArrivals(t: TestApp, resident: { accessToken: string }) {
  return {
    async thread(receivedLocal: string, subject = `Message du ${receivedLocal}`): Promise<number> {
      t.clock.set(cityTime(receivedLocal));
      const res = await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).send({ category: 'other', subject, body: 'Bonjour, une question.' }).expect(201);
      return res.body.id as number;
    },
    async request(receivedLocal: string): Promise<number> {
      t.clock.set(cityTime(receivedLocal));
      const res = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send(dossierRequestForm(uniqueEmail('demande'))).expect(201);
      return (await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference })).id;
    },
    /** Runs `work` at a time in the city. */
    async at(local: string, work: () => Promise<unknown>): Promise<void> {
      t.clock.set(cityTime(local));
      await work();
    },
  };
}
