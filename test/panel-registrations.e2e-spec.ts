import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Account } from '../src/accounts/account.entity.js';
import { Activity } from '../src/activities/activity.entity.js';
import { Offering } from '../src/activities/offering.entity.js';
import { withActions } from '../src/admin/locale/actions.js';
import { fr } from '../src/admin/locale/fr.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { Hold } from '../src/registrations/hold.entity.js';
import { ClaimPerson } from '../src/registrations/claim-person.entity.js';
import { Registration } from '../src/registrations/registration.entity.js';
import { WaitlistEntry } from '../src/registrations/waitlist-entry.entity.js';
import type { StaffRole } from '../src/staff/staff-user.js';
import { startApp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { asFamily, createOffering, linkedFamily } from './support/registrations.js';
import { readsOf } from './support/queries.js';
import { loginEveryRole } from './support/staff.js';

const FR = withActions(fr, 'fr') as { messages: Record<string, string> };

type Records = { body: { records: Array<{ id: string; params: Record<string, string> }> } };

/** Registrations in the panel (SPEC §4b): offerings, class lists, waitlists, and the counter, through the services' rules. */
describe('registrations in the panel', () => {
  let t: TestApp;
  let cookies: Record<StaffRole, string>;
  let staffIds: Record<StaffRole, number>;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookies, staffIds } = await loginEveryRole(t));
  });
  afterAll(async () => t?.close());

  const get = (role: StaffRole, resource: string, path: string) => t.http().get(`/admin/api/resources/${resource}${path}`).set('Cookie', cookies[role]);
  const post = (role: StaffRole, resource: string, path: string, fields: Record<string, string> = {}) => {
    const req = t.http().post(`/admin/api/resources/${resource}${path}`).set('Cookie', cookies[role]);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req;
  };
  const notice = (res: { body: { notice?: { message: string; type: string } } }) => ({ type: res.body.notice?.type, text: FR.messages[res.body.notice?.message ?? ''] ?? res.body.notice?.message });
  const list = async (role: StaffRole, resource: string, query: string) => ((await get(role, resource, `/actions/list?perPage=100&${query}`).expect(200)) as Records).body.records;

  /** A household at the counter (no account): a holder and children of these birth dates. */
  async function household(children: Array<{ birthDate: string; firstName?: string }>) {
    const { household, persons } = await createHousehold(t.dataSource, [{ role: 'holder', birthDate: '1984-03-03' }, ...children.map((c) => ({ role: 'child' as const, ...c }))]);
    return { id: household.id, children: persons.slice(1).map((p) => p.id) };
  }
  const register = (role: StaffRole, offering: Offering, householdId: number, personIds: number[]) =>
    post(role, 'activities', `/records/${offering.id}/register`, { householdId: String(householdId), personIds: personIds.join(',') });

  it('lists the offerings with their seats, filtered by activity, category, site and status', async () => {
    const pool = await createOffering(t, { site: 'Piscine Mgr-Bélanger', capacity: 1 });
    await t.dataSource.getRepository(Activity).update({ id: pool.activityId }, { name: `Natation ${pool.id}`, category: 'Aquatique' });
    const arena = await createOffering(t, { site: 'Aréna Henry-Leonard', capacity: 5 });
    await t.dataSource.getRepository(Activity).update({ id: arena.activityId }, { name: `Patinage ${arena.id}`, category: 'Sports de glace' });
    const later = await createOffering(t, { site: 'Aréna Henry-Leonard', residentsOpenAt: new Date(t.clock.now().getTime() + 86_400_000), nonResidentsOpenAt: new Date(t.clock.now().getTime() + 2 * 86_400_000) });
    const family = await household([{ birthDate: '2018-05-01' }]);
    await register('clerk', pool, family.id, family.children).expect(200);

    const codes = (records: Array<{ params: Record<string, string> }>) => records.map((r) => r.params.code);
    const byActivity = await list('supervisor', 'activities', `filters.activity=${encodeURIComponent(`natation ${pool.id}`)}`);
    expect(codes(byActivity)).toEqual([pool.code]);
    expect(byActivity[0].params).toMatchObject({ activity: `Natation ${pool.id}`, groupName: 'Samedi 9 h', site: 'Piscine Mgr-Bélanger', capacity: 1, taken: '1', remaining: '0', waitlist: '0', status: 'full' });
    expect(codes(await list('clerk', 'activities', `filters.category=${encodeURIComponent('glace')}`))).toContain(arena.code);
    expect(codes(await list('clerk', 'activities', `filters.category=${encodeURIComponent('glace')}`))).not.toContain(pool.code);
    const atArena = codes(await list('clerk', 'activities', `filters.site=${encodeURIComponent('henry-leonard')}`));
    expect(atArena).toEqual(expect.arrayContaining([arena.code, later.code]));
    expect(atArena).not.toContain(pool.code);
    const full = codes(await list('clerk', 'activities', 'filters.status=full'));
    expect(full).toContain(pool.code);
    expect(full).not.toContain(arena.code);
    expect(codes(await list('clerk', 'activities', 'filters.status=open'))).toEqual(expect.arrayContaining([arena.code]));
    expect(codes(await list('clerk', 'activities', 'filters.status=open'))).not.toContain(pool.code);
    // MariaDB keeps the other test files' offerings: only this test's are asked about.
    const upcoming = codes(await list('clerk', 'activities', 'filters.status=upcoming'));
    expect(upcoming).toContain(later.code);
    expect(upcoming).not.toContain(pool.code);
    expect(upcoming).not.toContain(arena.code);

    // The page links to the class list; the fields are read-only (no edit, new or delete).
    const page = await get('clerk', 'activities', `/records/${pool.id}/show`).expect(200);
    expect(page.body.record.params.lists).toBe(String(pool.id));
    await post('administrator', 'activities', `/records/${pool.id}/edit`, { capacity: '99' }).expect(403);
    await post('administrator', 'activities', '/actions/new', { code: 'X' }).expect(403);
  });

  it('registers members of a household at the counter through the rules: age refused per person, capacity kept, supervisors refused', async () => {
    const offering = await createOffering(t, { capacity: 2 });
    const family = await household([{ birthDate: '2018-05-01', firstName: 'Léa' }, { birthDate: '2024-02-02', firstName: 'Noé' }]);
    const [lea, noe] = family.children;

    const tooYoung = await register('clerk', offering, family.id, [lea!, noe!]).expect(200);
    expect(notice(tooYoung)).toEqual({ type: 'error', text: FR.messages.registration_age_ineligible });
    expect(tooYoung.body.record.errors.personIds.message).toBe('Noé Gagnon aura 2 ans le 2027-01-09 : l\'activité est pour les 4 à 12 ans à cette date.');
    expect(await t.dataSource.getRepository(Registration).countBy({ offeringId: offering.id })).toBe(0);

    await register('supervisor', offering, family.id, [lea!]).expect(403);
    const done = await register('clerk', offering, family.id, [lea!]).expect(200);
    expect(notice(done)).toEqual({ type: 'success', text: 'La personne est inscrite : l’inscription est confirmée' });
    const registration = await t.dataSource.getRepository(Registration).findOneByOrFail({ offeringId: offering.id, personId: lea! });
    expect(registration).toMatchObject({ status: 'confirmed', accountId: null, householdId: family.id, amount: 8500 });
    expect(await t.dataSource.getRepository(Hold).findOneByOrFail({ id: registration.holdId! })).toMatchObject({ status: 'checked_out', accountId: null, seats: 1 });
    const line = await t.dataSource.getRepository(AuditEntry).findOneByOrFail({ resource: 'registrations', recordId: String(registration.id), action: 'register' });
    expect(line.staffId).toBe(staffIds.clerk);
    // The audit log names it by its person and group (src/admin/record-labels.ts), not by its number.
    const [entry] = (await get('supervisor', 'audit_log', `/actions/list?filters.resource=registrations&filters.recordId=${registration.id}`).expect(200)).body.records;
    expect(entry.params.summary).toMatch(new RegExp(`^Inscription au comptoir — inscription Gagnon, Léa \\(\\w+\\) — ${offering.code}$`));

    // Again: already registered. Another household of two for the one seat left: full, nothing written.
    expect(notice(await register('administrator', offering, family.id, [lea!]).expect(200)).text).toBe(FR.messages.registration_already_registered);
    const twins = await household([{ birthDate: '2019-01-01' }, { birthDate: '2019-01-01' }]);
    expect(notice(await register('clerk', offering, twins.id, twins.children).expect(200)).text).toBe(FR.messages.registration_offering_full);
    expect(notice(await register('clerk', offering, twins.id, [lea!]).expect(200)).text).toBe(FR.messages.registration_not_household_member);
    expect(notice(await register('clerk', offering, 999_999_999, [lea!]).expect(200)).text).toBe(FR.messages.registration_household_not_found);
    await register('clerk', offering, twins.id, [twins.children[0]!]).expect(200);
    expect(await t.dataSource.getRepository(Registration).countBy({ offeringId: offering.id, status: 'confirmed' })).toBe(2);
  });

  it('shows an offering’s class list with ages on the reference date, households and phones', async () => {
    const offering = await createOffering(t, { ageOn: '2026-09-30' });
    const family = await household([{ birthDate: '2018-10-01', firstName: 'Zoé' }]);
    await register('clerk', offering, family.id, family.children).expect(200);
    const rows = await list('supervisor', 'registrations', `filters.offeringId=${offering.id}`);
    expect(rows.map((r) => r.params)).toEqual([
      expect.objectContaining({ personName: 'Gagnon, Zoé', age: '7', householdId: family.id, phones: '418-296-8100', status: 'confirmed', offeringId: offering.id }),
    ]);
  });

  it('cancels a registration with a reason (audited, even after the start), and offers the seat to the waitlist', async () => {
    const offering = await createOffering(t, { capacity: 1 });
    const counter = await household([{ birthDate: '2018-05-01' }]);
    await register('clerk', offering, counter.id, counter.children).expect(200);
    const waiting = await linkedFamily(t);
    const joined = await asFamily(t, waiting).post('/me/waitlist', { code: offering.code, personIds: waiting.children }).expect(201);
    const registration = await t.dataSource.getRepository(Registration).findOneByOrFail({ offeringId: offering.id, personId: counter.children[0]! });
    // Started already: a clerk cancels all the same (R7).
    await t.dataSource.getRepository(Offering).update({ id: offering.id }, { startsOn: t.clock.today() });

    await post('supervisor', 'registrations', `/records/${registration.id}/cancel`, { note: 'Déménagement' }).expect(403);
    expect(notice(await post('clerk', 'registrations', `/records/${registration.id}/cancel`, { note: '  ' }).expect(200)).text).toBe(FR.messages.registration_staff_reason_required);
    const cancelled = await post('clerk', 'registrations', `/records/${registration.id}/cancel`, { note: 'La famille a déménagé' }).expect(200);
    expect(notice(cancelled)).toEqual({ type: 'success', text: FR.messages.registrationCancelled });
    expect(await t.dataSource.getRepository(Registration).findOneByOrFail({ id: registration.id })).toMatchObject({ status: 'cancelled', cancelReason: 'La famille a déménagé', cancelledByStaffId: staffIds.clerk });
    const line = await t.dataSource.getRepository(AuditEntry).findOneByOrFail({ resource: 'registrations', recordId: String(registration.id), action: 'cancel' });
    expect(line).toMatchObject({ staffId: staffIds.clerk, note: 'La famille a déménagé' });
    expect((await t.dataSource.getRepository(WaitlistEntry).findOneByOrFail({ id: joined.body.id })).status).toBe('offered');
    expect(notice(await post('clerk', 'registrations', `/records/${registration.id}/cancel`, { note: 'Encore' }).expect(200)).text).toBe(FR.messages.registration_registration_not_confirmed);
  });

  it('moves a waitlist entry with a reason: the ranks follow, audited', async () => {
    const offering = await createOffering(t, { capacity: 1 });
    const counter = await household([{ birthDate: '2018-05-01' }]);
    await register('clerk', offering, counter.id, counter.children).expect(200);
    const entries: number[] = [];
    for (let i = 0; i < 3; i++) {
      const family = await linkedFamily(t);
      entries.push((await asFamily(t, family).post('/me/waitlist', { code: offering.code, personIds: family.children }).expect(201)).body.id);
    }
    const order = async () => (await list('supervisor', 'waitlist', `filters.offeringId=${offering.id}`)).map((r) => [Number(r.id), r.params.position]);
    expect(await order()).toEqual([[entries[0], '1'], [entries[1], '2'], [entries[2], '3']]);

    await post('supervisor', 'waitlist', `/records/${entries[2]}/move`, { position: '1', note: 'Erreur de saisie' }).expect(403);
    expect(notice(await post('clerk', 'waitlist', `/records/${entries[2]}/move`, { position: '1' }).expect(200)).text).toBe(FR.messages.registration_staff_reason_required);
    expect(notice(await post('clerk', 'waitlist', `/records/${entries[2]}/move`, { position: '9', note: 'Trop loin' }).expect(200)).text).toBe(FR.messages.registration_waitlist_position_invalid);
    expect(notice(await post('clerk', 'waitlist', `/records/${entries[2]}/move`, { position: '1', note: 'Inscrite par erreur après les autres' }).expect(200))).toEqual({ type: 'success', text: FR.messages.waitlistMoved });
    expect(await order()).toEqual([[entries[2], '1'], [entries[0], '2'], [entries[1], '3']]);
    const line = await t.dataSource.getRepository(AuditEntry).findOneByOrFail({ resource: 'waitlist', recordId: String(entries[2]), action: 'move' });
    expect(line).toMatchObject({ staffId: staffIds.clerk, note: 'Inscrite par erreur après les autres', changes: { position: { before: 3, after: 1 } } });

    // Seats freed now go to the moved entry first.
    const registration = await t.dataSource.getRepository(Registration).findOneByOrFail({ offeringId: offering.id, status: 'confirmed' });
    await post('clerk', 'registrations', `/records/${registration.id}/cancel`, { note: 'Désistement' }).expect(200);
    const statuses = await t.dataSource.getRepository(WaitlistEntry).find({ where: entries.map((id) => ({ id })), order: { id: 'ASC' } });
    expect(statuses.map((e) => e.status)).toEqual(['waiting', 'waiting', 'offered']);
  });

  it('reads a page of offerings, of a class list and of a waitlist in as many queries for 12 rows as for 2', async () => {
    const few = await createOffering(t, { capacity: 30 });
    const many = await createOffering(t, { capacity: 30 });
    const activityOf = async (offering: Offering) => (await t.dataSource.getRepository(Activity).findOneByOrFail({ id: offering.activityId })).name;
    for (const [offering, size] of [[few, 2], [many, 12]] as const) {
      for (let i = 0; i < size; i++) {
        const family = await household([{ birthDate: '2018-05-01' }]);
        await register('clerk', offering, family.id, family.children).expect(200);
        const waiting = await household([{ birthDate: '2017-05-01' }, { birthDate: '2016-05-01' }]);
        await t.dataSource.getRepository(WaitlistEntry).insert({ offeringId: offering.id, householdId: waiting.id, accountId: null, seats: 2, amount: 17_000, rank: 100 + i, status: i % 3 === 2 ? 'left' : 'waiting' });
        const entry = await t.dataSource.getRepository(WaitlistEntry).findOneByOrFail({ offeringId: offering.id, householdId: waiting.id });
        await t.dataSource.getRepository(ClaimPerson).insert(waiting.children.map((personId) => ({ kind: 'waitlist' as const, claimId: entry.id, personId, offeringId: offering.id })));
      }
    }
    const reads = async (offering: Offering) => ({
      classList: await readsOf(t, ['persons', 'offerings', 'household_phones'], () => list('clerk', 'registrations', `filters.offeringId=${offering.id}`)),
      waitlist: await readsOf(t, ['claim_persons', 'persons', 'waitlist_entries'], () => list('clerk', 'waitlist', `filters.offeringId=${offering.id}&filters.status=all`)),
      offerings: await readsOf(t, ['activities', 'registrations', 'holds', 'waitlist_entries'], async () => list('clerk', 'activities', `filters.activity=${encodeURIComponent(await activityOf(offering))}`)),
    });
    expect(await reads(many)).toEqual(await reads(few));

    // The same values as row by row: ages, phones, persons and places in line (the entries that left have none).
    const classList = await list('clerk', 'registrations', `filters.offeringId=${many.id}`);
    expect(classList).toHaveLength(12);
    for (const record of classList) expect(record.params).toMatchObject({ age: '8', phones: '418-296-8100', personName: expect.stringMatching(/^Gagnon, Alex$/) });
    const entries = await list('clerk', 'waitlist', `filters.offeringId=${many.id}&filters.status=all`);
    expect(entries.map((r) => r.params.position)).toEqual(['1', '2', '', '3', '4', '', '5', '6', '', '7', '8', '']);
    expect(entries.every((r) => r.params.persons === 'Alex Gagnon, Alex Gagnon')).toBe(true);
    const [offering] = await list('clerk', 'activities', `filters.activity=${encodeURIComponent(await activityOf(many))}`);
    expect(offering!.params).toMatchObject({ taken: '12', waitlist: '8', remaining: String(30 - 12 - 16), status: 'open' });
  });

  it('offers the free seats to an entry now when they fit, and refuses when they do not', async () => {
    const offering = await createOffering(t, { capacity: 1 });
    const counter = await household([{ birthDate: '2018-05-01' }]);
    await register('clerk', offering, counter.id, counter.children).expect(200);
    const siblings = await linkedFamily(t, ['2018-05-01', '2019-06-01']);
    const single = await linkedFamily(t);
    const pair = (await asFamily(t, siblings).post('/me/waitlist', { code: offering.code, personIds: siblings.children }).expect(201)).body.id as number;
    const one = (await asFamily(t, single).post('/me/waitlist', { code: offering.code, personIds: single.children }).expect(201)).body.id as number;

    expect(notice(await post('clerk', 'waitlist', `/records/${one}/offer`).expect(200))).toEqual({ type: 'error', text: FR.messages.registration_offer_seats_unavailable });
    // A seat more (a capacity raised, not yet offered by the sweep): one fits, the siblings still do not.
    await t.dataSource.getRepository(Offering).update({ id: offering.id }, { capacity: 2 });
    await post('supervisor', 'waitlist', `/records/${one}/offer`).expect(403);
    expect(notice(await post('clerk', 'waitlist', `/records/${pair}/offer`).expect(200)).text).toBe(FR.messages.registration_offer_seats_unavailable);
    expect(notice(await post('clerk', 'waitlist', `/records/${one}/offer`).expect(200))).toEqual({ type: 'success', text: FR.messages.waitlistOffered });
    const offered = await t.dataSource.getRepository(WaitlistEntry).findOneByOrFail({ id: one });
    expect(offered.status).toBe('offered');
    expect(Math.abs(offered.offerExpiresAt!.getTime() - t.clock.now().getTime() - 48 * 3_600_000)).toBeLessThan(60_000);
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ resource: 'waitlist', recordId: String(one), action: 'offer' })).toBe(1);
    const mails = await t.mailbox.for((await t.dataSource.getRepository(Account).findOneByOrFail({ id: single.accountId })).email);
    expect(mails.map((m) => m.subject).some((s) => /offert|place/i.test(s))).toBe(true);
    expect(notice(await post('clerk', 'waitlist', `/records/${one}/offer`).expect(200)).text).toBe(FR.messages.registration_waitlist_entry_not_waiting);
  });
});
