import { randomInt } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Hold } from '../src/registrations/hold.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import { WaitlistEntry } from '../src/registrations/waitlist-entry.entity.js';
import { startApp, type TestApp } from './support/app.js';
import { catalogueRunPrefix, offeringInput, saveOfferings } from './support/catalogue.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Ids no household or person has: the seat count reads rows, not who they belong to. */
const someId = () => randomInt(1_000_000, 2_000_000_000);

describe('the catalogue (GET /activities, R1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const list = (query: Record<string, string | number>) => t.http().get('/api/v1/activities').query(query);
  const codes = (body: { items: Array<{ code: string }> }) => body.items.map((item) => item.code);

  describe('filters and order', () => {
    const p = catalogueRunPrefix();
    const category = `Natation ${p}`;
    beforeAll(async () => {
      await saveOfferings(t, [
        offeringInput(t, { code: `${p}-C`, activity: `Étoile de mer ${p}`, category, ageMin: 4, ageMax: 6 }),
        offeringInput(t, { code: `${p}-A`, activity: `Étoile de mer ${p}`, category, group: 'Samedi 10 h', ageMin: 3, ageMax: 5, ageOn: '2026-09-30' }),
        offeringInput(t, { code: `${p}-B`, activity: `Dauphin ${p}`, category, site: 'Piscine du Cégep de Baie-Comeau', startsOn: '2027-01-05', weekday: 2, ageMin: 6, ageMax: 8 }),
        offeringInput(t, { code: `${p}-S`, activity: `Soccer ${p}`, category: `Sports ${p}`, site: 'Gymnase Côté', ageMin: 6, ageMax: 8, rl24: true }),
      ]);
    });

    it('lists a category by start date, then activity, then code, with every field of an item', async () => {
      const res = await list({ category }).expect(200);
      expect(res.body).toMatchObject({ page: 1, pageSize: 20, total: 3 });
      expect(codes(res.body)).toEqual([`${p}-B`, `${p}-A`, `${p}-C`]);
      const item = res.body.items[1];
      expect(Object.keys(item).sort()).toEqual(
        ['activity', 'ageMax', 'ageMin', 'ageOn', 'capacity', 'category', 'closesAt', 'code', 'endsOn', 'group', 'opensAt', 'prices', 'remaining', 'schedule', 'site', 'startsOn', 'status', 'waitlist'].sort(),
      );
      expect(item).toMatchObject({
        code: `${p}-A`,
        activity: `Étoile de mer ${p}`,
        category,
        group: 'Samedi 10 h',
        site: 'Piscine Henri-L.-Bernier',
        startsOn: '2027-01-09',
        endsOn: '2027-03-27',
        schedule: { weekday: 6, start: '09:00', end: '09:45' },
        ageMin: 3,
        ageMax: 5,
        ageOn: '2026-09-30',
        prices: { resident: 8500, nonResident: 12750 },
        capacity: 8,
        remaining: 8,
        waitlist: 0,
        status: 'open',
      });
      // Instants in the city's offset (America/Toronto: -05:00 or -04:00).
      expect(item.opensAt.residents).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}-0[45]:00$/);
      expect(new Date(item.closesAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
    });

    it('takes the category whole, case and accents aside', async () => {
      expect(codes((await list({ category: `NATATION ${p}` }).expect(200)).body)).toHaveLength(3);
      expect((await list({ category: 'Natation' }).expect(200)).body.items.map((i: { category: string }) => i.category)).not.toContain(category);
    });

    it('keeps the offerings whose age rule admits an age', async () => {
      expect(codes((await list({ category, age: 5 }).expect(200)).body)).toEqual([`${p}-A`, `${p}-C`]);
      expect(codes((await list({ category, age: 6 }).expect(200)).body)).toEqual([`${p}-B`, `${p}-C`]);
      expect(codes((await list({ category, age: 3 }).expect(200)).body)).toEqual([`${p}-A`]);
      expect((await list({ category, age: 9 }).expect(200)).body).toMatchObject({ items: [], total: 0 });
    });

    it('finds text in the activity, the group, the site and the code, case and accents aside', async () => {
      expect(codes((await list({ q: `ETOILE DE MER ${p}` }).expect(200)).body)).toEqual([`${p}-A`, `${p}-C`]);
      expect(codes((await list({ q: `cote`, category: `Sports ${p}` }).expect(200)).body)).toEqual([`${p}-S`]);
      expect(codes((await list({ q: 'cégep', category }).expect(200)).body)).toEqual([`${p}-B`]);
      expect(codes((await list({ q: 'samedi 10', category }).expect(200)).body)).toEqual([`${p}-A`]);
      expect(codes((await list({ q: `${p.toLowerCase()}-s` }).expect(200)).body)).toEqual([`${p}-S`]);
      // LIKE's wildcards are searched as text.
      expect((await list({ q: `${p}%`, category }).expect(200)).body.total).toBe(0);
      expect((await list({ q: `_${p.slice(1)}`, category }).expect(200)).body.total).toBe(0);
    });

    it('combines the filters, and takes empty ones for none', async () => {
      expect(codes((await list({ category, age: 5, q: 'samedi 9' }).expect(200)).body)).toEqual([`${p}-C`]);
      expect(codes((await list({ category, age: '', q: ' ' }).expect(200)).body)).toHaveLength(3);
      expect((await list({ category, page: ' ' }).expect(200)).body).toMatchObject({ page: 1, total: 3 });
    });
  });

  it('pages by 20, with the total of the filters', async () => {
    const p = catalogueRunPrefix();
    const category = `Pages ${p}`;
    await saveOfferings(
      t,
      Array.from({ length: 23 }, (_, i) => offeringInput(t, { code: `${p}-${String(i).padStart(2, '0')}`, activity: `Activité ${p}`, category })),
    );
    const first = (await list({ category }).expect(200)).body;
    expect(first).toMatchObject({ page: 1, pageSize: 20, total: 23 });
    expect(first.items).toHaveLength(20);
    const second = (await list({ category, page: 2 }).expect(200)).body;
    expect(second).toMatchObject({ page: 2, total: 23 });
    expect(codes(second)).toEqual([`${p}-20`, `${p}-21`, `${p}-22`]);
    expect((await list({ category, page: 3 }).expect(200)).body).toMatchObject({ page: 3, total: 23, items: [] });
  });

  describe('one offering', () => {
    it('is found by its code, in any case', async () => {
      const p = catalogueRunPrefix();
      await saveOfferings(t, [offeringInput(t, { code: `${p}-UN`, activity: `Seul ${p}`, category: `Seul ${p}` })]);
      const res = await t.http().get(`/api/v1/activities/${p.toLowerCase()}-un`).expect(200);
      expect(res.body).toMatchObject({ code: `${p}-UN`, activity: `Seul ${p}`, remaining: 8, status: 'open' });
    });

    it('answers 404 offering_not_found for an unknown code or one no offering could have, in French by default', async () => {
      const res = await t.http().get('/api/v1/activities/INCONNU-404').expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'offering_not_found', status: 404, title: 'Activité introuvable' });
      await t.http().get(`/api/v1/activities/${'X'.repeat(41)}`).expect(404);
      await t.http().get('/api/v1/activities/%C3%A9t%C3%A9%20camp').expect(404);
      const english = await t.http().get('/api/v1/activities/INCONNU-404').set('Accept-Language', 'en').expect(404);
      expect(english.body.title).toBe('Activity not found');
    });
  });

  describe('remaining places and the waitlist', () => {
    it('counts confirmed registrations, live holds and offers, and the seats the waitlist asks for', async () => {
      const p = catalogueRunPrefix();
      const code = `${p}-PLACES`;
      const ids = await saveOfferings(t, [offeringInput(t, { code, activity: `Places ${p}`, category: `Places ${p}`, capacity: 6 })]);
      const offeringId = ids.get(code)!;
      const now = t.clock.now().getTime();
      const get = async () => (await t.http().get(`/api/v1/activities/${code}`).expect(200)).body;
      expect(await get()).toMatchObject({ capacity: 6, remaining: 6, waitlist: 0, status: 'open' });

      const registration = { offeringId, householdId: someId(), amount: 8500 };
      await t.dataSource.getRepository(Registration).insert([
        { ...registration, personId: someId(), status: 'confirmed' },
        { ...registration, personId: someId(), status: 'confirmed' },
        { ...registration, personId: someId(), status: 'cancelled', cancelledAt: new Date(now) },
      ]);
      expect(await get()).toMatchObject({ remaining: 4, status: 'open' });

      const hold = { offeringId, householdId: someId(), amount: 8500 };
      await t.dataSource.getRepository(Hold).insert([
        { ...hold, seats: 1, status: 'live', expiresAt: new Date(now + 20 * MINUTE) },
        { ...hold, seats: 2, status: 'live', expiresAt: new Date(now - MINUTE) },
        { ...hold, seats: 2, status: 'released', expiresAt: new Date(now + 20 * MINUTE) },
      ]);
      expect(await get()).toMatchObject({ remaining: 3, status: 'open' });

      const entry = { offeringId, householdId: someId(), amount: 8500, rank: 1 };
      await t.dataSource.getRepository(WaitlistEntry).insert([
        { ...entry, seats: 2, status: 'waiting' },
        { ...entry, seats: 1, status: 'offered', offeredAt: new Date(now), offerExpiresAt: new Date(now + 48 * HOUR) },
        { ...entry, seats: 3, status: 'left' },
      ]);
      expect(await get()).toMatchObject({ remaining: 0, waitlist: 1, status: 'full' });
      const listed = (await list({ q: code }).expect(200)).body.items[0];
      expect(listed).toMatchObject({ code, remaining: 0, waitlist: 1, status: 'full' });

      // The hold lapses after 20 minutes: its seat is free again, whether or not a job marked it.
      t.clock.advance(21 * MINUTE);
      expect(await get()).toMatchObject({ remaining: 1, waitlist: 1, status: 'open' });
    });

    it('counts the places of every offering of a page at once', async () => {
      const p = catalogueRunPrefix();
      const category = `Lot ${p}`;
      const ids = await saveOfferings(
        t,
        ['A', 'B', 'C'].map((suffix) => offeringInput(t, { code: `${p}-${suffix}`, activity: `Lot ${p}`, category, capacity: 3 })),
      );
      await t.dataSource
        .getRepository(Registration)
        .insert([`${p}-A`, `${p}-C`, `${p}-C`].map((code) => ({ offeringId: ids.get(code)!, householdId: someId(), personId: someId(), amount: 0, status: 'confirmed' as const })));
      const res = await list({ category }).expect(200);
      expect(res.body.items.map((item: { code: string; remaining: number }) => `${item.code} ${item.remaining}`)).toEqual([`${p}-A 2`, `${p}-B 3`, `${p}-C 1`]);
    });
  });

  it('is upcoming before the residents’ opening, open from it, closed from the closing', async () => {
    const p = catalogueRunPrefix();
    const code = `${p}-TEMPS`;
    const start = t.clock.now().getTime();
    const opens = new Date(Math.ceil((start + HOUR) / 1000) * 1000);
    const closes = new Date(opens.getTime() + 2 * HOUR);
    await saveOfferings(t, [
      offeringInput(t, { code, activity: `Temps ${p}`, category: `Temps ${p}`, residentsOpenAt: opens, nonResidentsOpenAt: new Date(opens.getTime() + HOUR), closesAt: closes }),
    ]);
    const status = async () => (await t.http().get(`/api/v1/activities/${code}`).expect(200)).body.status;
    expect(await status()).toBe('upcoming');
    t.clock.set(new Date(opens.getTime() - 1));
    expect(await status()).toBe('upcoming');
    t.clock.set(opens);
    expect(await status()).toBe('open');
    t.clock.set(new Date(closes.getTime() - 1));
    expect(await status()).toBe('open');
    t.clock.set(closes);
    expect(await status()).toBe('closed');
    t.clock.advance(24 * HOUR);
    expect(await status()).toBe('closed');
  });

  describe('bad query values', () => {
    async function expectFieldError(query: string, field: string, code: string) {
      const res = await t.http().get(`/api/v1/activities?${query}`).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'validation_failed', title: 'Données invalides' });
      expect(res.body.errors).toEqual([expect.objectContaining({ field, code })]);
      return res;
    }

    it('answers 400 with the field and its code, never a 500', async () => {
      await expectFieldError('age=abc', 'age', 'invalid_type');
      await expectFieldError('age=5.5', 'age', 'invalid_type');
      await expectFieldError('age=-1', 'age', 'invalid_type');
      await expectFieldError('age=121', 'age', 'invalid_value');
      await expectFieldError('age=99999999999999999999', 'age', 'invalid_type');
      await expectFieldError('page=0', 'page', 'invalid_value');
      await expectFieldError('page=deux', 'page', 'invalid_type');
      await expectFieldError('page=100001', 'page', 'invalid_value');
      await expectFieldError(`q=${'a'.repeat(101)}`, 'q', 'too_long');
      await expectFieldError('q=piscine%00', 'q', 'characters_invalid');
      await expectFieldError('category=a&category=b', 'category', 'invalid_type');
      await expectFieldError('age=3&age=4', 'age', 'invalid_type');
    });

    it('speaks English when asked', async () => {
      const res = await t.http().get('/api/v1/activities?age=abc').set('Accept-Language', 'en').expect(400);
      expect(res.body.title).toBe('Invalid data');
      expect(res.body.errors[0].message).toBe('This field has the wrong type');
    });

    it('ignores parameters it does not know', async () => {
      await t.http().get('/api/v1/activities?pageSize=500&sort=code').expect(200);
    });
  });
});
