import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Account } from '../src/accounts/account.entity.js';
import { Activity } from '../src/activities/activity.entity.js';
import type { Offering } from '../src/activities/offering.entity.js';
import { inTransaction } from '../src/database/transaction.js';
import { Person } from '../src/dossiers/person.entity.js';
import { dueWords } from '../src/mailbox/thread-rules.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { familyOfHouseholds } from '../src/registrations/family.js';
import { RegistrationsService } from '../src/registrations/registrations.service.js';
import { WaitlistEntry } from '../src/registrations/waitlist-entry.entity.js';
import { WaitlistService } from '../src/registrations/waitlist.service.js';
import { PORTAL_URL, startApp, type TestApp } from './support/app.js';
import type { ReceivedMail } from './support/mailbox.js';
import { asFamily, createOffering, linkedFamily, relogin, type LinkedFamily } from './support/registrations.js';

const HOUR = 3_600_000;

/**
 * The registration emails (issue 17 item 5) read back from the outbox of a real app: one email per
 * checkout listing what, who, when, where and how much; the waitlist's position, offer, one
 * reminder from the sweep and the lapse; the cancellation; French, or English for an English account.
 */
describe('registration emails', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ HOLD_MINUTES: '20', WAITLIST_OFFER_HOURS: '48' });
  });
  afterAll(() => t?.close());

  const as = (family: LinkedFamily) => asFamily(t, family);
  let keys = 0;
  const key = () => `cle-${Date.now().toString(36)}-${++keys}`;
  const emailOf = async (family: LinkedFamily) => (await t.dataSource.getRepository(Account).findOneByOrFail({ id: family.accountId })).email;
  const activityOf = async (offering: Offering) => (await t.dataSource.getRepository(Activity).findOneByOrFail({ id: offering.activityId })).name;
  /** The family's emails whose subject starts with one of these words. */
  const mails = async (family: LinkedFamily, subject: string): Promise<ReceivedMail[]> => (await t.mailbox.for(await emailOf(family))).filter((m) => m.subject.startsWith(subject));
  const name = async (family: LinkedFamily, ...firstNames: string[]) => {
    for (const [i, firstName] of firstNames.entries()) await t.dataSource.getRepository(Person).update(family.children[i]!, { firstName });
  };
  const register = async (family: LinkedFamily, offering: Offering, personIds = family.children) => {
    const hold = await as(family).post('/me/holds', { code: offering.code, personIds }).expect(201);
    return as(family).post('/me/registrations', { holdIds: [hold.body.id] }, { 'Idempotency-Key': key() }).expect(201);
  };

  it('confirms a checkout in one email listing each offering: what, who, when, where, how much, and « Mes inscriptions »', async () => {
    const swimming = await createOffering(t);
    const skating = await createOffering(t, { groupName: 'Mercredi soir', site: 'Aréna Henry-Leonard', weekday: 3, startTime: '18:30', endTime: '19:30', startsOn: '2027-01-13', endsOn: '2027-03-10', priceResident: 4500 });
    const family = await linkedFamily(t, ['2017-03-01', '2019-08-15']);
    await name(family, 'Léa', 'Noé');
    const first = await as(family).post('/me/holds', { code: swimming.code, personIds: family.children }).expect(201);
    const second = await as(family).post('/me/holds', { code: skating.code, personIds: [family.children[0]] }).expect(201);
    const k = key();
    const done = await as(family).post('/me/registrations', { holdIds: [first.body.id, second.body.id] }, { 'Idempotency-Key': k }).expect(201);
    expect(done.body.total).toBe(21_500);
    // A retried checkout answers the first answer and sends nothing more.
    await as(family).post('/me/registrations', { holdIds: [first.body.id, second.body.id] }, { 'Idempotency-Key': k }).expect(201);

    const all = await t.mailbox.for(await emailOf(family));
    expect(all.map((m) => m.subject)).toEqual(['Vos inscriptions sont confirmées — Ville de Baie-Comeau']);
    const [mail] = all;
    expect(mail.text).toContain('Alex,\n\nVos inscriptions sont confirmées. En voici le détail :\n');
    expect(mail.text).toContain(
      `${await activityOf(swimming)}\n- Groupe : Samedi 9 h\n- Pour : Léa Gagnon et Noé Gagnon\n- Horaire : le samedi de 9 h à 9 h 45, du 9 janvier au 27 mars 2027\n- Lieu : Piscine Henri-L.-Bernier\n- Montant : 170,00 $\n`,
    );
    expect(mail.text).toContain(
      `${await activityOf(skating)}\n- Groupe : Mercredi soir\n- Pour : Léa Gagnon\n- Horaire : le mercredi de 18 h 30 à 19 h 30, du 13 janvier au 10 mars 2027\n- Lieu : Aréna Henry-Leonard\n- Montant : 45,00 $\n`,
    );
    expect(mail.text).toContain('Montant total de vos inscriptions : 215,00 $.');
    expect(mail.text).toContain(`Voir mes inscriptions :\n${PORTAL_URL}/mes-inscriptions\n`);
    expect(mail.html).toContain(`href="${PORTAL_URL}/mes-inscriptions"`);
    expect(mail.html).toContain('170,00&nbsp;$');
  });

  it('writes to an English account in English', async () => {
    const offering = await createOffering(t);
    const family = await linkedFamily(t);
    await name(family, 'Zoé');
    await t.dataSource.getRepository(Account).update(family.accountId, { locale: 'en' });
    await register(family, offering);
    const [mail] = await t.mailbox.for(await emailOf(family));
    expect(mail.subject).toBe(`Registration confirmed: ${await activityOf(offering)} — Ville de Baie-Comeau`);
    expect(mail.text).toContain(
      '- Group: Samedi 9 h\n- For: Zoé Gagnon\n- Schedule: Saturdays from 9:00 to 9:45 a.m., January 9 to March 27, 2027\n- Location: Piscine Henri-L.-Bernier\n- Amount: $85.00\n',
    );
    expect(mail.text).toContain(`View my registrations:\n${PORTAL_URL}/mes-inscriptions\n`);
  });

  it('tells the waitlist’s position, the cancellation, the offer and its deadline, one reminder from the sweep, the lapse, and the accepted offer', async () => {
    const offering = await createOffering(t, { capacity: 1 });
    const activity = await activityOf(offering);
    const registered = await linkedFamily(t);
    await name(registered, 'Léa');
    const waiting = await linkedFamily(t);
    const later = await linkedFamily(t);
    const registration = await register(registered, offering);
    await as(waiting).post('/me/waitlist', { code: offering.code, personIds: waiting.children }).expect(201);
    await as(later).post('/me/waitlist', { code: offering.code, personIds: later.children }).expect(201);

    const [joined] = await mails(waiting, "Liste d'attente");
    expect(joined.subject).toBe(`Liste d'attente : ${activity} (position 1) — Ville de Baie-Comeau`);
    expect(joined.text).toContain("Votre position sur la liste d'attente : 1.");
    expect(joined.text).toContain('vous aurez alors 48 heures pour accepter dans « Mes inscriptions ».');
    expect((await mails(later, "Liste d'attente"))[0].subject).toBe(`Liste d'attente : ${activity} (position 2) — Ville de Baie-Comeau`);

    await as(registered).delete(`/me/registrations/${registration.body.registrations[0].id}`).expect(204);
    const [cancelled] = await mails(registered, 'Inscription annulée');
    expect(cancelled.subject).toBe(`Inscription annulée : ${activity} — Ville de Baie-Comeau`);
    expect(cancelled.text).toContain("Nous confirmons l'annulation de l'inscription suivante :");
    expect(cancelled.text).toContain('- Pour : Léa Gagnon\n');
    expect(cancelled.text).toContain('Les remboursements sont traités par le Service des loisirs');

    const [entry] = (await as(waiting).get('/me/waitlist').expect(200)).body;
    const [offer] = await mails(waiting, 'Une place vous est offerte');
    expect(offer.subject).toBe(`Une place vous est offerte : ${activity} — Ville de Baie-Comeau`);
    expect(offer.text).toContain(`acceptez la place dans « Mes inscriptions » au plus tard ${dueWords(new Date(entry.expiresAt), t.config.cityTimeZone, 'fr')}.`);
    expect(offer.text).toMatch(/au plus tard le \w+ \d{1,2} \S+ \d{4} à \d{1,2} h( \d\d)?\./);
    expect(offer.text).toContain(`Répondre à l'offre :\n${PORTAL_URL}/mes-inscriptions\n`);
    expect(await mails(later, 'Une place')).toHaveLength(0);

    const sweep = () => t.app.get(WaitlistService).sweep();
    const reminders = () => mails(waiting, 'Rappel');
    try {
      // 13 hours left: not yet. Under 12 hours (a quarter of 48): one reminder, whatever the sweeps.
      // (The sweep's counts cover every offering of the database, which MariaDB shares with the other
      // test files: this family's emails are what is asked about.)
      t.clock.advance(35 * HOUR);
      await sweep();
      expect(await reminders()).toHaveLength(0);
      t.clock.advance(HOUR + 60_000);
      expect((await sweep()).reminded).toBeGreaterThanOrEqual(1);
      await sweep();
      const sent = await reminders();
      expect(sent.map((m) => m.subject)).toEqual([`Rappel : une place vous est réservée (${activity}) — Ville de Baie-Comeau`]);
      expect(sent[0].text).toContain(`acceptez-la dans « Mes inscriptions » au plus tard ${dueWords(new Date(entry.expiresAt), t.config.cityTimeZone, 'fr')}.`);
      expect((await t.dataSource.getRepository(WaitlistEntry).findOneByOrFail({ id: entry.id })).reminderSentAt).not.toBeNull();

      // The deadline passes: the family is told kindly; the next family gets the offer, and accepts it.
      t.clock.advance(12 * HOUR);
      await relogin(t, waiting, later);
      await sweep();
      const lapsed = await mails(waiting, 'Offre de place expirée');
      expect(lapsed.map((m) => m.subject)).toEqual([`Offre de place expirée : ${activity} — Ville de Baie-Comeau`]);
      expect(lapsed[0].text).toContain('Nous sommes désolés : cette place ne vous est plus réservée');
      expect(lapsed[0].text).toContain(`Voir les activités :\n${PORTAL_URL}/activites\n`);
      expect(await reminders()).toHaveLength(1);
      expect(await mails(later, 'Une place vous est offerte')).toHaveLength(1);
      const [offered] = (await as(later).get('/me/waitlist').expect(200)).body;
      await as(later).post(`/me/waitlist/${offered.id}/accept`, {}).expect(201);
      const confirmed = await mails(later, 'Inscription confirmée');
      expect(confirmed.map((m) => m.subject)).toEqual([`Inscription confirmée : ${activity} — Ville de Baie-Comeau`]);
      expect(confirmed[0].text).toContain('- Montant : 85,00 $\n');
      // Read before the clock goes back: the outbox sends what is due at the clock's time.
      expect(await mails(waiting, 'Inscription confirmée')).toHaveLength(0);
    } finally {
      t.clock.reset();
    }
  });

  it('sends nothing for a checkout refused, nor for a clerk’s entry without an account', async () => {
    const outbox = () => t.dataSource.getRepository(OutboxMessage).count();
    const offering = await createOffering(t);
    const family = await linkedFamily(t);
    const hold = await as(family).post('/me/holds', { code: offering.code, personIds: family.children }).expect(201);
    const before = await outbox();
    try {
      t.clock.advance(20 * 60_000);
      await relogin(t, family);
      expect((await as(family).post('/me/registrations', { holdIds: [hold.body.id] }, { 'Idempotency-Key': key() }).expect(409)).body.code).toBe('hold_expired');
      expect(await outbox()).toBe(before);
    } finally {
      t.clock.reset();
    }
    // At the counter (the panel's `register`): the entry is written, and no email goes out.
    const full = await createOffering(t, { capacity: 0 });
    const entry = await inTransaction(t.dataSource, async (manager) => {
      const claim = await t.app.get(RegistrationsService).prepareClaim(manager, await familyOfHouseholds(manager, [family.householdId], t.config.residentCities), full.code, family.children, t.clock.now());
      return t.app.get(WaitlistService).join(manager, claim, null, t.clock.now());
    });
    expect(entry.position).toBe(1);
    expect(await outbox()).toBe(before);
  });
});
