import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CalendarEntry } from '../src/calendar/calendar-entry.entity.js';
import { JobRun } from '../src/digest/job-run.entity.js';
import { MORNING_DIGEST_JOB, MorningDigest } from '../src/digest/morning-digest.service.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { DossierRequestsService } from '../src/dossier-requests/dossier-requests.service.js';
import { Thread } from '../src/mailbox/thread.entity.js';
import { StaffAccounts } from '../src/staff/staff-accounts.service.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { freshMysqlDatabase, MYSQL_URL, type FreshDatabase } from './support/databases.js';
import type { ReceivedMail } from './support/mailbox.js';
import { loggedInResident } from './support/residents.js';

/**
 * The supervisors' morning digest (SPEC §5: background work claimed once across instances): one
 * email per active supervisor per business day, from 07:30 in the city. On MySQL/MariaDB two
 * instances share a database of their own; SQLite is the database of one instance.
 */
describe('the morning digest', () => {
  let database: FreshDatabase | undefined;
  let instances: TestApp[] = [];
  const supervisors: Record<'fr' | 'en' | 'inactive', string> = { fr: '', en: '', inactive: '' };
  let clerk = '';

  const env = (): Record<string, string> => (database ? { DATABASE_URL: database.url } : {});
  /** Every instance's clock at one wall-clock time of the city, in late 2026. */
  const setClocks = (month: number, day: number, hour: number, minute = 0) => {
    for (const t of instances) t.clock.set(t.clock.at(2026, month, day, hour, minute));
  };
  const runs = () => instances[0].dataSource.getRepository(JobRun).find({ where: { job: MORNING_DIGEST_JOB }, order: { day: 'ASC' } });
  /** The digests one address received, from whichever instance sent them. */
  async function digestsTo(email: string): Promise<ReceivedMail[]> {
    const all = (await Promise.all(instances.map((t) => t.mailbox.for(email)))).flat();
    return all.filter((mail) => /Tableau de bord du matin|Morning dashboard/.test(mail.subject));
  }

  beforeAll(async () => {
    database = MYSQL_URL ? await freshMysqlDatabase(MYSQL_URL) : undefined;
    const first = await startApp(env());
    instances = [first, ...(database ? [await startApp(env())] : [])];
    const staff = first.app.get(StaffAccounts);
    const member = async (role: 'supervisor' | 'clerk', locale: 'fr' | 'en', active = true) =>
      (await staff.create(first.dataSource, { email: uniqueEmail(role), displayName: `Dominique ${locale}`, role, password: 'Soleil-d-hiver-27', locale, active }, { kind: 'system' })).email;
    supervisors.fr = await member('supervisor', 'fr');
    supervisors.en = await member('supervisor', 'en');
    supervisors.inactive = await member('supervisor', 'fr', false);
    clerk = await member('clerk', 'fr');
  });
  afterAll(async () => {
    await Promise.all(instances.map((t) => t.close()));
    await database?.drop();
  });

  it('sends each active supervisor one digest a day, in their language, with the queues of requests and threads', async () => {
    const [a] = instances;
    const request = async (day: number, hour: number) => {
      setClocks(11, day, hour);
      const res = await a
        .http()
        .post('/api/v1/dossier-requests')
        .set('X-Forwarded-For', uniqueIp())
        .send({ applicant: { firstName: 'Camille', lastName: 'Matin', birthDate: '1985-04-12' }, address: { civicNumber: '12', street: 'rue des Pins', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' }, email: uniqueEmail('demande'), phone: '418-296-8100', consent: true })
        .expect(201);
      return a.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
    };
    const thread = async (day: number, hour: number) => {
      setClocks(11, day, hour);
      const resident = await loggedInResident(a);
      const res = await a.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).send({ category: 'other', subject: 'Question', body: 'Bonjour' }).expect(201);
      return Number(res.body.id);
    };
    // Due 72 business hours later (three business days): Friday 10:00 and Monday 03:00 are past at
    // Monday 07:30, Monday 12:00 is within 8 business hours, Thursday 07:00 is later.
    await request(24, 10);
    await request(25, 3);
    await request(25, 12);
    await request(30, 7);
    // Neither a refused request nor one waiting for its applicant's answer waits for the city.
    const requests = a.app.get(DossierRequestsService);
    const clerkActor = { kind: 'staff', staffId: 1, role: 'clerk' } as const;
    await requests.moveTo({ requestId: (await request(25, 12)).id, to: 'rejected' }, clerkActor);
    const asked = await request(25, 3);
    await requests.moveTo({ requestId: asked.id, to: 'in_review' }, clerkActor);
    await requests.moveTo({ requestId: asked.id, to: 'needs_info' }, clerkActor);
    // Threads, due Monday 06:00 (late), Monday 14:00 (soon), Wednesday 10:00; a closed one counts nowhere.
    await thread(25, 6);
    await thread(25, 14);
    await thread(27, 10);
    await a.dataSource.getRepository(Thread).update({ id: await thread(27, 11) }, { status: 'closed' });

    setClocks(11, 30, 7, 29);
    expect(await Promise.all(instances.map((t) => t.app.get(MorningDigest).runIfDue()))).toEqual(instances.map(() => ({ outcome: 'not_due' })));

    // 07:30 on Monday, November 30: every instance checks at once; one sends.
    setClocks(11, 30, 7, 30);
    const outcomes = await Promise.all(instances.map((t) => t.app.get(MorningDigest).runIfDue()));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(database ? ['already_sent', 'sent'] : ['sent']);
    expect(outcomes.find((o) => o.outcome === 'sent')).toEqual({ outcome: 'sent', day: '2026-11-30', emails: 2 });

    const [fr] = await digestsTo(supervisors.fr);
    expect(fr.subject).toBe('Tableau de bord du matin du lundi 30 novembre 2026 — Ville de Baie-Comeau');
    expect(fr.text).toContain('Dominique fr,');
    expect(fr.text).toContain('Demandes de numéro de dossier — à traiter : 4 ; hors délai (72 h ouvrables) : 2 ; à échéance dans les 8 prochaines heures ouvrables : 1.');
    expect(fr.text).toContain('Boîte des inscriptions — conversations en attente d’une réponse : 3 ; hors délai (72 h ouvrables) : 1 ; à échéance dans les 8 prochaines heures ouvrables : 1.');
    expect(fr.text).toContain('http://api.test/admin');
    const [en] = await digestsTo(supervisors.en);
    expect(en.subject).toBe('Morning dashboard for Monday, November 30, 2026 — Ville de Baie-Comeau');
    expect(en.text).toContain('Dossier number requests — to process: 4; past due (72 business hours): 2; due within the next 8 business hours: 1.');
    expect(en.text).toContain('Registrations mailbox — conversations waiting for an answer: 3; past due (72 business hours): 1; due within the next 8 business hours: 1.');

    // Later the same day, on every instance: nothing more.
    setClocks(11, 30, 16);
    for (const t of instances) expect(await t.app.get(MorningDigest).runIfDue()).toEqual({ outcome: 'already_sent', day: '2026-11-30' });
    expect(await digestsTo(supervisors.fr)).toHaveLength(1);
    expect(await digestsTo(supervisors.en)).toHaveLength(1);
    expect(await digestsTo(supervisors.inactive)).toEqual([]);
    expect(await digestsTo(clerk)).toEqual([]);
    expect((await runs()).map((run) => run.day)).toEqual(['2026-11-30']);
  });

  it('sends nothing on a weekend, a Québec holiday or a city closure, and goes on the next business day', async () => {
    const [a] = instances;
    await a.dataSource.getRepository(CalendarEntry).insert({ date: '2026-12-02', name: 'Fermeture (tempête)' });
    // Saturday, Sunday; Wednesday December 2 (closed by an administrator); Thursday December 24
    // (a default closure); Friday December 25 (Christmas).
    for (const [month, day] of [[11, 28], [11, 29], [12, 2], [12, 24], [12, 25]]) {
      setClocks(month, day, 9);
      for (const t of instances) expect(await t.app.get(MorningDigest).runIfDue()).toEqual({ outcome: 'not_due' });
    }
    setClocks(12, 3, 9);
    const outcomes = await Promise.all(instances.map((t) => t.app.get(MorningDigest).runIfDue()));
    expect(outcomes.filter((o) => o.outcome === 'sent')).toHaveLength(1);
    expect((await runs()).map((run) => run.day)).toEqual(['2026-11-30', '2026-12-03']);
    // Sent by either instance: in no particular order.
    expect((await digestsTo(supervisors.fr)).map((mail) => mail.subject).sort()).toEqual([
      'Tableau de bord du matin du jeudi 3 décembre 2026 — Ville de Baie-Comeau',
      'Tableau de bord du matin du lundi 30 novembre 2026 — Ville de Baie-Comeau',
    ]);
  });

  it('goes out from the instances’ own timers, once', async () => {
    // Instances that check every 100 ms; every clock at 08:00 on Tuesday, December 1.
    const timed = database
      ? [await startApp({ ...env(), DIGEST_CHECK_INTERVAL_MS: '100' }), await startApp({ ...env(), DIGEST_CHECK_INTERVAL_MS: '100' })]
      : [await startApp({ DATA_DIR: instances[0].config.dataDir, MAIL_DIR: join(instances[0].config.dataDir, 'mail-timed'), DIGEST_CHECK_INTERVAL_MS: '100' })];
    instances.push(...timed);
    // Every instance on the same time, as NTP keeps them: an instance whose clock ran two days ahead
    // would take the others' outbox leases for expired and send their claimed emails again.
    setClocks(12, 1, 8);
    const deadline = Date.now() + 30_000;
    while (!(await runs()).some((run) => run.day === '2026-12-01') && Date.now() < deadline) await sleep(100);
    // Many more checks of every instance: a second digest would show now.
    await sleep(1_000);
    expect((await runs()).filter((run) => run.day === '2026-12-01')).toHaveLength(1);
    for (const email of [supervisors.fr, supervisors.en]) {
      const ofTheDay = (await digestsTo(email)).filter((mail) => /1er décembre 2026|December 1, 2026/.test(mail.subject));
      expect(ofTheDay).toHaveLength(1);
    }
    expect((await digestsTo(supervisors.fr)).find((mail) => mail.subject.includes('1er décembre'))?.subject).toBe('Tableau de bord du matin du mardi 1er décembre 2026 — Ville de Baie-Comeau');
  });
});
