import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Hold } from '../src/registrations/hold.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import { WaitlistService } from '../src/registrations/waitlist.service.js';
import { startApp, type TestApp } from './support/app.js';
import { readsOf } from './support/queries.js';
import { createOffering, linkedFamilies, linkedFamily, relogin, type LinkedFamily } from './support/registrations.js';

/**
 * Holds, checkout, cancellation and the waitlist (SPEC R3, R4, R6, R7) over HTTP on a real
 * database: never one seat more than the capacity, siblings all or none, a hold's time, one
 * checkout per key, offers that hold seats and go to the next.
 */
describe('registering a family: holds, checkout, waitlist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ HOLD_MINUTES: '20', WAITLIST_OFFER_HOURS: '48' });
  });
  afterAll(() => t?.close());

  const as = (family: LinkedFamily) => ({
    post: (path: string, body: unknown, headers: Record<string, string> = {}) => t.http().post(`/api/v1${path}`).set('Authorization', `Bearer ${family.token}`).set(headers).send(body as object),
    get: (path: string) => t.http().get(`/api/v1${path}`).set('Authorization', `Bearer ${family.token}`),
    delete: (path: string) => t.http().delete(`/api/v1${path}`).set('Authorization', `Bearer ${family.token}`),
  });
  let keys = 0;
  const key = () => `cle-${Date.now().toString(36)}-${++keys}`;
  const confirmed = (offeringId: number) => t.dataSource.getRepository(Registration).countBy({ offeringId, status: 'confirmed' });

  it('holds seats for siblings together and turns the hold into registrations with the amount to invoice', async () => {
    const offering = await createOffering(t);
    const family = await linkedFamily(t, ['2017-03-01', '2019-08-15']);
    const hold = await as(family).post('/me/holds', { code: offering.code, personIds: family.children }).expect(201);
    expect(hold.body).toMatchObject({ code: offering.code, personIds: family.children, amount: 2 * 8500 });
    const left = new Date(hold.body.expiresAt).getTime() - t.clock.now().getTime();
    expect(left > 20 * 60_000 - 60_000 && left <= 20 * 60_000).toBe(true);
    const done = await as(family).post('/me/registrations', { holdIds: [hold.body.id] }, { 'Idempotency-Key': key() }).expect(201);
    expect(done.body.total).toBe(17_000);
    expect(done.body.registrations.map((r: { personId: number; status: string; code: string }) => [r.personId, r.status, r.code])).toEqual(family.children.map((id) => [id, 'confirmed', offering.code]));
    const mine = await as(family).get('/me/registrations').expect(200);
    expect(mine.body.map((r: { personId: number }) => r.personId).sort()).toEqual([...family.children].sort());
    // The same child again: already registered.
    const again = await as(family).post('/me/holds', { code: offering.code, personIds: [family.children[0]] }).expect(409);
    expect(again.body.code).toBe('already_registered');
  });

  it('gives all the siblings a seat or none, and charges non-residents their price', async () => {
    const offering = await createOffering(t, { capacity: 3 });
    const first = await linkedFamily(t, ['2018-01-01']);
    await as(first).post('/me/holds', { code: offering.code, personIds: first.children }).expect(201);
    const three = await linkedFamily(t, ['2016-01-01', '2017-01-01', '2018-01-01'], { city: 'Pointe-Lebel' });
    const refused = await as(three).post('/me/holds', { code: offering.code, personIds: three.children }).expect(409);
    expect(refused.body.code).toBe('offering_full');
    expect(await t.dataSource.getRepository(Hold).countBy({ offeringId: offering.id, householdId: three.householdId })).toBe(0);
    const two = await as(three).post('/me/holds', { code: offering.code, personIds: three.children.slice(0, 2) }).expect(201);
    expect(two.body.amount).toBe(2 * 12_750);
  });

  it('checks each person’s age on the reference date, at the boundary, naming who is refused', async () => {
    const offering = await createOffering(t, { ageMin: 5, ageMax: 7, ageOn: '2026-09-30' });
    // Five on the day of the birthday; still four the day before it.
    const family = await linkedFamily(t, ['2021-09-30', '2021-10-01', '2018-09-30', '2018-09-29']);
    const [fiveToday, fiveTomorrow, eightToday, eightYesterday] = family.children as [number, number, number, number];
    const refused = await as(family).post('/me/holds', { code: offering.code, personIds: family.children }).set('Accept-Language', 'fr').expect(422);
    expect(refused.body.code).toBe('age_ineligible');
    expect(refused.body.errors.map((e: { personId: number }) => e.personId).sort()).toEqual([fiveTomorrow, eightToday, eightYesterday].sort());
    expect(refused.body.errors.find((e: { personId: number }) => e.personId === fiveTomorrow).message).toContain('aura 4 ans le 2026-09-30');
    await as(family).post('/me/holds', { code: offering.code, personIds: [fiveToday] }).expect(201);
  });

  it('refuses others’ persons, unknown codes, offerings not yet open (with the opening) and bad bodies', async () => {
    const offering = await createOffering(t, { residentsOpenAt: new Date(t.clock.now().getTime() + 3_600_000) });
    const family = await linkedFamily(t);
    const other = await linkedFamily(t);
    expect((await as(family).post('/me/holds', { code: offering.code, personIds: other.children }).expect(403)).body.code).toBe('not_household_member');
    expect((await as(family).post('/me/holds', { code: 'NOPE', personIds: family.children }).expect(404)).body.code).toBe('offering_not_found');
    const early = await as(family).post('/me/holds', { code: offering.code, personIds: family.children }).expect(409);
    expect(early.body).toMatchObject({ code: 'not_open', opensAt: t.clock.iso(offering.residentsOpenAt) });
    for (const body of [{}, { code: offering.code }, { code: offering.code, personIds: [] }, { code: offering.code, personIds: ['x'] }, { code: offering.code, personIds: [1, 1] }]) {
      expect((await as(family).post('/me/holds', body).expect(400)).body.code).toBe('validation_failed');
    }
  });

  it('frees a hold’s seats at its time, for the next family; the late checkout answers hold_expired', async () => {
    const offering = await createOffering(t, { capacity: 1 });
    const first = await linkedFamily(t);
    const second = await linkedFamily(t);
    const hold = await as(first).post('/me/holds', { code: offering.code, personIds: first.children }).expect(201);
    expect((await as(second).post('/me/holds', { code: offering.code, personIds: second.children }).expect(409)).body.code).toBe('offering_full');
    t.clock.advance(20 * 60_000);
    try {
      await relogin(t, first, second);
      await as(second).post('/me/holds', { code: offering.code, personIds: second.children }).expect(201);
      const late = await as(first).post('/me/registrations', { holdIds: [hold.body.id] }, { 'Idempotency-Key': key() }).expect(409);
      expect(late.body.code).toBe('hold_expired');
      expect(await confirmed(offering.id)).toBe(0);
    } finally {
      t.clock.reset();
    }
  });

  it('checks out once per Idempotency-Key: a retry answers the same, and a key is required', async () => {
    const offering = await createOffering(t);
    const family = await linkedFamily(t);
    const hold = await as(family).post('/me/holds', { code: offering.code, personIds: family.children }).expect(201);
    const missing = await as(family).post('/me/registrations', { holdIds: [hold.body.id] }).expect(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key', code: 'idempotency_key_invalid' })]);
    const k = key();
    const [a, b] = await Promise.all([as(family).post('/me/registrations', { holdIds: [hold.body.id] }, { 'Idempotency-Key': k }), as(family).post('/me/registrations', { holdIds: [hold.body.id] }, { 'Idempotency-Key': k })]);
    // Whichever arrives second waits for the first and answers the same, or, if the first is still
    // running after its wait, 409 checkout_in_progress (SPEC): never a second registration.
    const [first, second] = a.status === 201 ? [a, b] : [b, a];
    expect(first.status).toBe(201);
    if (second.status === 201) expect(second.body).toEqual(first.body);
    else expect(`${second.status} ${second.body.code}`).toBe('409 checkout_in_progress');
    const third = await as(family).post('/me/registrations', { holdIds: [hold.body.id] }, { 'Idempotency-Key': k }).expect(201);
    expect(third.body).toEqual(first.body);
    expect(await confirmed(offering.id)).toBe(1);
    // Another key on the spent hold: it is no longer live.
    expect((await as(family).post('/me/registrations', { holdIds: [hold.body.id] }, { 'Idempotency-Key': key() }).expect(409)).body.code).toBe('hold_expired');
  });

  it('gives exactly the last 10 seats to 10 of 100 families claiming them at once', async () => {
    const offering = await createOffering(t, { capacity: 12 });
    const early = await linkedFamily(t, ['2017-01-01', '2018-01-01']);
    await as(early).post('/me/holds', { code: offering.code, personIds: early.children }).expect(201);
    const families = await linkedFamilies(t, 100);
    const answers = await Promise.all(families.map((family) => as(family).post('/me/holds', { code: offering.code, personIds: family.children })));
    const byStatus = answers.reduce<Record<number, number>>((counts, a) => ({ ...counts, [a.status]: (counts[a.status] ?? 0) + 1 }), {});
    expect(byStatus[201]).toBe(10);
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expect(answer.status === 409 ? answer.body.code : `${answer.status} ${answer.headers['retry-after']}`).toBe(answer.status === 409 ? 'offering_full' : `503 ${answer.headers['retry-after']}`);
    }
    const seats = await t.dataSource.getRepository(Hold).sum('seats', { offeringId: offering.id, status: 'live' });
    expect(seats).toBe(12);
    // The integrity check agrees (other tests here move the clock back and forth, so only this offering is asked about).
    expect(await t.app.get(WaitlistService).overCapacity(t.clock.now())).not.toContain(offering.code);
  }, 120_000);

  it('puts a family on the waitlist of a full offering, offers it a cancelled seat, and lets it accept', async () => {
    const offering = await createOffering(t, { capacity: 1 });
    const registered = await linkedFamily(t);
    const hold = await as(registered).post('/me/holds', { code: offering.code, personIds: registered.children }).expect(201);
    const reg = await as(registered).post('/me/registrations', { holdIds: [hold.body.id] }, { 'Idempotency-Key': key() }).expect(201);
    const waiting = await linkedFamily(t);
    const later = await linkedFamily(t);
    expect((await as(waiting).post('/me/waitlist', { code: offering.code, personIds: waiting.children }).expect(201)).body.position).toBe(1);
    expect((await as(later).post('/me/waitlist', { code: offering.code, personIds: later.children }).expect(201)).body.position).toBe(2);

    await as(registered).delete(`/me/registrations/${reg.body.registrations[0].id}`).expect(204);
    const [offer] = (await as(waiting).get('/me/waitlist').expect(200)).body;
    expect(offer).toMatchObject({ status: 'offered', position: 1, personIds: waiting.children, code: offering.code, group: 'Samedi 9 h' });
    expect(offer.activity).toMatch(/^Activité /);
    const lasts = new Date(offer.expiresAt).getTime() - t.clock.now().getTime();
    expect(lasts > 48 * 3_600_000 - 60_000 && lasts <= 48 * 3_600_000).toBe(true);
    // The offer holds the seat: nobody else takes it.
    const stranger = await linkedFamily(t);
    expect((await as(stranger).post('/me/holds', { code: offering.code, personIds: stranger.children }).expect(409)).body.code).toBe('offering_full');
    expect((await as(later).get('/me/waitlist').expect(200)).body[0]).toMatchObject({ status: 'waiting', position: 2 });
    const accepted = await as(waiting).post(`/me/waitlist/${offer.id}/accept`, {}).expect(201);
    expect(accepted.body.registrations).toEqual([expect.objectContaining({ personId: waiting.children[0], status: 'confirmed', amount: 8500 })]);
    expect(await confirmed(offering.id)).toBe(1);
  });

  it('lapses an offer at its deadline and gives the seats to the next entry that fits', async () => {
    const offering = await createOffering(t, { capacity: 2 });
    const registered = await linkedFamily(t, ['2017-01-01', '2018-01-01']);
    const hold = await as(registered).post('/me/holds', { code: offering.code, personIds: registered.children }).expect(201);
    const regs = await as(registered).post('/me/registrations', { holdIds: [hold.body.id] }, { 'Idempotency-Key': key() }).expect(201);
    const one = await linkedFamily(t);
    const siblings = await linkedFamily(t, ['2016-01-01', '2017-01-01']);
    const another = await linkedFamily(t);
    await as(one).post('/me/waitlist', { code: offering.code, personIds: one.children }).expect(201);
    await as(siblings).post('/me/waitlist', { code: offering.code, personIds: siblings.children }).expect(201);
    await as(another).post('/me/waitlist', { code: offering.code, personIds: another.children }).expect(201);
    // One seat frees: the first entry fits and gets it; the siblings wait for two.
    await as(registered).delete(`/me/registrations/${regs.body.registrations[0].id}`).expect(204);
    expect((await as(one).get('/me/waitlist')).body[0].status).toBe('offered');
    expect((await as(siblings).get('/me/waitlist')).body[0].status).toBe('waiting');
    // The offer lapses unanswered: the siblings still do not fit one seat, the next family does.
    t.clock.advance(48 * 3_600_000);
    try {
      await relogin(t, registered, one, siblings, another);
      await t.app.get(WaitlistService).sweep();
      expect((await as(one).get('/me/waitlist')).body[0]).toMatchObject({ status: 'lapsed', position: null });
      const [entry] = (await as(one).get('/me/waitlist')).body;
      expect((await as(one).post(`/me/waitlist/${entry.id}/accept`, {}).expect(409)).body.code).toBe('offer_lapsed');
      expect((await as(siblings).get('/me/waitlist')).body[0]).toMatchObject({ status: 'waiting', position: 1 });
      expect((await as(another).get('/me/waitlist')).body[0]).toMatchObject({ status: 'offered', position: 2 });
      // The second seat frees: now the siblings are served first, before anyone else.
      await as(registered).delete(`/me/registrations/${regs.body.registrations[1].id}`).expect(204);
      expect((await as(siblings).get('/me/waitlist')).body[0].status).toBe('waiting');
      await as(another).delete(`/me/waitlist/${(await as(another).get('/me/waitlist')).body[0].id}`).expect(204);
      expect((await as(siblings).get('/me/waitlist')).body[0].status).toBe('offered');
    } finally {
      t.clock.reset();
    }
  });

  it('lists a family’s waitlist entries with their places in as many queries for 4 entries as for 1', async () => {
    const family = await linkedFamily(t, ['2018-05-01', '2017-05-01']);
    const others = await linkedFamily(t);
    const offerings = [await createOffering(t, { capacity: 0 }), await createOffering(t, { capacity: 0 }), await createOffering(t, { capacity: 0 }), await createOffering(t, { capacity: 0 })];
    // Another family first on the last two: this family is second there.
    for (const offering of offerings.slice(2)) await as(others).post('/me/waitlist', { code: offering.code, personIds: others.children }).expect(201);
    await as(family).post('/me/waitlist', { code: offerings[0]!.code, personIds: family.children }).expect(201);
    const one = await readsOf(t, ['waitlist_entries'], () => as(family).get('/me/waitlist').expect(200));
    for (const offering of offerings.slice(1)) await as(family).post('/me/waitlist', { code: offering.code, personIds: [family.children[0]!] }).expect(201);
    let listed: Array<{ code: string; position: number }> = [];
    const four = await readsOf(t, ['waitlist_entries'], async () => (listed = (await as(family).get('/me/waitlist').expect(200)).body));
    expect(four).toBe(one);
    expect(listed.map((entry) => [entry.code, entry.position])).toEqual([...offerings].reverse().map((offering, i) => [offering.code, i < 2 ? 2 : 1]));
  });

  it('refuses the waitlist while seats remain, and a cancellation once the offering has started', async () => {
    const offering = await createOffering(t, { startsOn: t.clock.today() });
    const family = await linkedFamily(t);
    expect((await as(family).post('/me/waitlist', { code: offering.code, personIds: family.children }).expect(409)).body.code).toBe('seats_available');
    const hold = await as(family).post('/me/holds', { code: offering.code, personIds: family.children }).expect(201);
    const reg = await as(family).post('/me/registrations', { holdIds: [hold.body.id] }, { 'Idempotency-Key': key() }).expect(201);
    expect((await as(family).delete(`/me/registrations/${reg.body.registrations[0].id}`).expect(409)).body.code).toBe('already_started');
    expect((await as(await linkedFamily(t)).delete(`/me/registrations/${reg.body.registrations[0].id}`).expect(404)).body.code).toBe('registration_not_found');
  });
});
