import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Activity } from '../src/activities/activity.entity.js';
import { Offering } from '../src/activities/offering.entity.js';
import type { DomainError } from '../src/common/domain-error.js';
import { inTransaction } from '../src/database/transaction.js';
import { Hold } from '../src/registrations/hold.entity.js';
import { drawOrder } from '../src/registrations/waiting-room-draw.js';
import { WaitingRoomDraw, WaitingRoomEntry } from '../src/registrations/waiting-room.entity.js';
import { WaitingRoomService } from '../src/registrations/waiting-room.service.js';
import { PASSWORD, startApp, uniqueIp, type TestApp } from './support/app.js';
import { freshMysqlDatabase, MYSQL_URL, type FreshDatabase } from './support/databases.js';
import { createHousehold } from './support/dossiers.js';
import { loggedInResident } from './support/residents.js';
import { loginAsStaff } from './support/staff.js';

/** One household admitted every 10 s: pacing measurable with the test clock. */
const ENV = { ADMISSION_PER_MINUTE: '6', ADMISSION_MINUTES: '20', WAITING_ROOM_MINUTES: '15', STAFF_MFA: 'optional' };
const INTERVAL_MS = 10_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Each test's opening, days away from the others' (a room concerns every offering opening within a
 * day), on a day far from the other test files' (MariaDB keeps their offerings).
 */
const BASE = Date.UTC(2040, 0, 1, 0, 0) + randomInt(0, 20_000) * 3 * DAY;
let slot = 0;
function nextOpening(): Date {
  slot += 1;
  return new Date(BASE + slot * 5 * DAY + 19 * 3_600_000);
}

let tag = 0;
/** An offering whose residents open at `residentsOpenAt`, non-residents a week later. */
async function offeringAt(t: TestApp, residentsOpenAt: Date, nonResidentsOpenAt = new Date(residentsOpenAt.getTime() + 7 * DAY)): Promise<Offering> {
  tag += 1;
  const name = `${Date.now().toString(36)}-${tag}-${randomBytes(3).toString('hex')}`;
  const activity = await t.dataSource.getRepository(Activity).save({ name: `Natation ${name}`, category: 'Aquatique' });
  return t.dataSource.getRepository(Offering).save({
    code: `WR-${name}`,
    activityId: activity.id,
    groupName: 'Samedi 9 h',
    site: 'Piscine Henri-L.-Bernier',
    startsOn: '2099-01-10',
    endsOn: '2099-03-28',
    weekday: 6,
    startTime: '09:00',
    endTime: '10:00',
    capacity: 10,
    ageMin: 3,
    ageMax: 99,
    ageOn: '2099-01-10',
    priceResident: 8500,
    priceNonResident: 12000,
    residentsOpenAt,
    nonResidentsOpenAt,
    closesAt: new Date(residentsOpenAt.getTime() + 60 * DAY),
    rl24: false,
  });
}

interface Linked {
  householdId: number;
  token: string;
  email: string;
  password: string;
}

/** A household written to the database, and its holder's account signed up, logged in and linked. */
async function linkedHousehold(t: TestApp, city = 'Baie-Comeau'): Promise<Linked> {
  const { household, persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-05-05', role: 'holder' }, { birthDate: '2030-03-03', role: 'child' }], { city });
  const resident = await loggedInResident(t);
  await t
    .http()
    .post('/api/v1/me/dossier/link')
    .set('Authorization', `Bearer ${resident.accessToken}`)
    .set('X-Forwarded-For', uniqueIp())
    .send({ dossierNumber: persons[0].dossierNumber, birthDate: '1980-05-05' })
    .expect(200);
  return { householdId: household.id, token: resident.accessToken, email: resident.email, password: resident.password };
}

function enter(t: TestApp, token: string) {
  return t.http().post('/api/v1/me/waiting-room').set('Authorization', `Bearer ${token}`).expect(200);
}

const iso = (t: TestApp, instant: Date) => t.clock.iso(instant);

/** The hold's gate, in a transaction of its own as the holds service runs it. */
function gate(t: TestApp, householdId: number, offering: Offering, resident = true) {
  return inTransaction(t.dataSource, (manager) => t.app.get(WaitingRoomService).gate(manager, householdId, offering, resident, t.clock.now()));
}

/** The gate's refusal, as a plain object. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number; members: unknown }> {
  const outcome = await promise.then(
    () => null,
    (error: DomainError) => error,
  );
  if (!outcome) throw new Error('the gate let the hold through');
  return { code: outcome.code, status: outcome.status, members: outcome.extra.members };
}

function entriesOf(t: TestApp, opensAt: Date) {
  return t.dataSource.getRepository(WaitingRoomEntry).find({ where: { opensAt }, order: { id: 'ASC' } });
}

describe('the waiting room (R5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(ENV);
  });
  afterAll(() => t.close());

  it('answers 409 dossier_not_linked to an account without a dossier, and not_needed far from any opening', async () => {
    t.clock.set(nextOpening());
    const unlinked = await loggedInResident(t);
    const res = await t.http().post('/api/v1/me/waiting-room').set('Authorization', `Bearer ${unlinked.accessToken}`).expect(409);
    expect(res.body.code).toBe('dossier_not_linked');
    await t.http().post('/api/v1/me/waiting-room').expect(401);

    const opensAt = nextOpening();
    await offeringAt(t, opensAt);
    t.clock.set(new Date(opensAt.getTime() - 16 * MINUTE));
    const household = await linkedHousehold(t);
    expect((await enter(t, household.token)).body).toEqual({ status: 'not_needed', position: null, estimatedWaitSeconds: 0, opensAt: null, admittedUntil: null });
    // Long after the opening (the room of no one ended ADMISSION_MINUTES after it): not needed either.
    t.clock.set(new Date(opensAt.getTime() + 21 * MINUTE));
    const later = await linkedHousehold(t);
    expect((await enter(t, later.token)).body.status).toBe('not_needed');
    expect(await entriesOf(t, opensAt)).toEqual([]);
  });

  it('lets households in from WAITING_ROOM_MINUTES before the opening, without a position; every login of a household reads one place', async () => {
    const opensAt = nextOpening();
    await offeringAt(t, opensAt);
    t.clock.set(new Date(opensAt.getTime() - 10 * MINUTE));
    const household = await linkedHousehold(t);
    const first = await enter(t, household.token);
    expect(first.body).toEqual({ status: 'waiting', position: null, estimatedWaitSeconds: 600, opensAt: iso(t, opensAt), admittedUntil: null });

    // A second login (another device) of the same account, and the first again: the same row.
    const second = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: household.email, password: household.password }).expect(200);
    expect(second.body.accessToken).not.toBe(household.token);
    t.clock.advance(5_000);
    expect((await enter(t, second.body.accessToken as string)).body).toMatchObject({ status: 'waiting', position: null, opensAt: iso(t, opensAt) });
    await Promise.all([enter(t, household.token), enter(t, second.body.accessToken as string), enter(t, household.token)]);
    const rows = await entriesOf(t, opensAt);
    expect(rows.map((row) => row.householdId)).toEqual([household.householdId]);

    // After the opening both logins read the same position.
    t.clock.set(new Date(opensAt.getTime() + 1_000));
    const a = await enter(t, household.token);
    const b = await enter(t, second.body.accessToken as string);
    expect(a.body).toEqual(b.body);
    expect(a.body).toMatchObject({ status: 'admitted', position: 1, estimatedWaitSeconds: 0, admittedUntil: iso(t, new Date(opensAt.getTime() + 20 * MINUTE)) });
  });

  it('concerns the household’s own opening: residents’ for a resident, non-residents’ otherwise', async () => {
    const opensAt = nextOpening();
    const nonResidentsOpenAt = new Date(opensAt.getTime() + DAY + 2 * 3_600_000);
    await offeringAt(t, opensAt, nonResidentsOpenAt);
    t.clock.set(new Date(opensAt.getTime() - 5 * MINUTE));
    const outsider = await linkedHousehold(t, 'Pointe-Lebel');
    expect((await enter(t, outsider.token)).body.status).toBe('not_needed');
    t.clock.set(new Date(nonResidentsOpenAt.getTime() - 5 * MINUTE));
    const outsiderLogin = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: outsider.email, password: PASSWORD }).expect(200);
    expect((await enter(t, outsiderLogin.body.accessToken as string)).body).toMatchObject({ status: 'waiting', position: null, opensAt: iso(t, nonResidentsOpenAt) });
  });

  it('draws everyone present at the opening in a random order recorded with its seed, then queues later arrivals behind in arrival order', async () => {
    const opensAt = nextOpening();
    await offeringAt(t, opensAt);
    t.clock.set(new Date(opensAt.getTime() - 14 * MINUTE));
    const early: Linked[] = [];
    for (let i = 0; i < 6; i++) {
      early.push(await linkedHousehold(t));
      await enter(t, early[i].token);
      t.clock.advance(MINUTE);
    }
    t.clock.set(new Date(opensAt.getTime() - 1_000));
    const late = [await linkedHousehold(t), await linkedHousehold(t)];
    expect(await t.dataSource.getRepository(WaitingRoomDraw).countBy({ opensAt })).toBe(0);

    t.clock.set(new Date(opensAt.getTime() + 1_000));
    // The first requests after the opening, all at once: one draw.
    const answers = await Promise.all(early.map((household) => enter(t, household.token)));
    const positions = answers.map((res) => res.body.position as number);
    expect([...positions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const draws = await t.dataSource.getRepository(WaitingRoomDraw).findBy({ opensAt });
    expect(draws).toHaveLength(1);
    expect(draws[0]).toMatchObject({ entrants: 6, seed: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The supervisor's replay: the households present, the seed, the documented shuffle.
    const byPosition = early.map((household, i) => ({ householdId: household.householdId, position: positions[i] })).sort((a, b) => a.position - b.position);
    expect(drawOrder(draws[0].seed, early.map((household) => household.householdId))).toEqual(byPosition.map((entry) => entry.householdId));

    t.clock.advance(1_000);
    expect((await enter(t, late[1].token)).body.position).toBe(7);
    t.clock.advance(1_000);
    expect((await enter(t, late[0].token)).body.position).toBe(8);
    // Asking again changes nothing.
    expect((await enter(t, late[1].token)).body.position).toBe(7);
    expect((await enter(t, early[0].token)).body.position).toBe(positions[0]);
  });

  it('admits evenly: position p at opensAt + (p − 1) · 60 / ADMISSION_PER_MINUTE seconds, for ADMISSION_MINUTES', async () => {
    const opensAt = nextOpening();
    await offeringAt(t, opensAt);
    t.clock.set(new Date(opensAt.getTime() - 3 * MINUTE));
    const households = [await linkedHousehold(t), await linkedHousehold(t), await linkedHousehold(t)];
    for (const household of households) await enter(t, household.token);
    t.clock.set(new Date(opensAt.getTime() + 1_000));
    const places = await Promise.all(households.map((household) => enter(t, household.token)));
    const third = households[places.findIndex((res) => res.body.position === 3)];
    const admittedAt = new Date(opensAt.getTime() + 2 * INTERVAL_MS);
    expect((await enter(t, third.token)).body).toEqual({
      status: 'waiting',
      position: 3,
      estimatedWaitSeconds: 19,
      opensAt: iso(t, opensAt),
      admittedUntil: iso(t, new Date(admittedAt.getTime() + 20 * MINUTE)),
    });
    t.clock.set(new Date(admittedAt.getTime() - 1));
    expect((await enter(t, third.token)).body).toMatchObject({ status: 'waiting', estimatedWaitSeconds: 1 });
    t.clock.set(admittedAt);
    expect((await enter(t, third.token)).body).toMatchObject({ status: 'admitted', position: 3, estimatedWaitSeconds: 0 });
    // Still the same place long after: the position is kept after admission.
    t.clock.set(new Date(admittedAt.getTime() + 25 * MINUTE));
    const back = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email: third.email, password: PASSWORD }).expect(200);
    expect((await enter(t, back.body.accessToken as string)).body.status).toBe('not_needed');
  });

  it('gates holds: 403 waiting_room with the position until admitted, then lets them through; remembers who asked though the hold rolled back', async () => {
    const opensAt = nextOpening();
    const offering = await offeringAt(t, opensAt);
    const other = await offeringAt(t, new Date(opensAt.getTime() - 3 * DAY));
    t.clock.set(new Date(opensAt.getTime() - 20 * MINUTE));
    const [a, b, c] = [await linkedHousehold(t), await linkedHousehold(t), await linkedHousehold(t)];
    // Before the waiting room opens: not gated (the holds service says not_open).
    await gate(t, a.householdId, offering);
    expect(await entriesOf(t, opensAt)).toEqual([]);

    // In the room's WAITING_ROOM_MINUTES: asking for seats enters the room, refused without a position.
    t.clock.set(new Date(opensAt.getTime() - 10 * MINUTE));
    for (const household of [a, b, c]) {
      const error = await refusal(gate(t, household.householdId, offering));
      expect(error).toMatchObject({ code: 'waiting_room', status: 403, members: { position: null } });
      t.clock.advance(1_000);
    }
    expect((await entriesOf(t, opensAt)).map((entry) => [entry.householdId, entry.position])).toEqual([a, b, c].map((household) => [household.householdId, null]));
    // Another offering, whose opening is long past: not gated.
    await gate(t, a.householdId, other);

    t.clock.set(new Date(opensAt.getTime() + 1_000));
    await t.app.get(WaitingRoomService).drawNow(opensAt);
    const positions = new Map((await entriesOf(t, opensAt)).map((entry) => [entry.householdId, entry.position!]));
    expect([...positions.values()].sort()).toEqual([1, 2, 3]);
    const second = [a, b, c].find((household) => positions.get(household.householdId) === 2)!;
    const first = [a, b, c].find((household) => positions.get(household.householdId) === 1)!;
    await gate(t, first.householdId, offering);
    expect(await refusal(gate(t, second.householdId, offering))).toMatchObject({ code: 'waiting_room', status: 403, members: { position: 2 } });
    t.clock.set(new Date(opensAt.getTime() + INTERVAL_MS));
    await gate(t, second.householdId, offering);

    // A household that never asked before, arriving after the opening: at the back, remembered though refused.
    const newcomer = await linkedHousehold(t);
    expect(await refusal(gate(t, newcomer.householdId, offering))).toMatchObject({ code: 'waiting_room', members: { position: 4 } });
    const rows = await entriesOf(t, opensAt);
    expect(rows.find((row) => row.householdId === newcomer.householdId)?.position).toBe(4);
    expect((await enter(t, newcomer.token)).body).toMatchObject({ status: 'waiting', position: 4, estimatedWaitSeconds: 20 });
    t.clock.set(new Date(opensAt.getTime() + 3 * INTERVAL_MS));
    await gate(t, newcomer.householdId, offering);

    // Once the queue has moved on, a newcomer is admitted on arrival: its place commits with its hold.
    t.clock.set(new Date(opensAt.getTime() + 5 * MINUTE));
    const lateComer = await linkedHousehold(t);
    await gate(t, lateComer.householdId, offering);
    expect((await entriesOf(t, opensAt)).find((row) => row.householdId === lateComer.householdId)?.position).toBe(5);
    expect((await enter(t, lateComer.token)).body).toMatchObject({ status: 'admitted', position: 5, admittedUntil: iso(t, new Date(opensAt.getTime() + 25 * MINUTE)) });
  });

  it('gives households asking for holds at the same moment after the opening each its own place at the back', async () => {
    const opensAt = nextOpening();
    const offering = await offeringAt(t, opensAt);
    const firstId = 800_000_000 + randomInt(0, 1_000_000) * 100;
    await t.dataSource.getRepository(WaitingRoomEntry).insert([0, 1, 2].map((i) => ({ opensAt, householdId: firstId + i, accountId: null, position: null, joinedAt: new Date(opensAt.getTime() - 60_000) })));
    t.clock.set(new Date(opensAt.getTime() + 1_000));
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => refusal(gate(t, firstId + 10 + i, offering))));
    const positions = answers.map((answer) => (answer.members as { position: number }).position);
    expect([...positions].sort((x, y) => x - y)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    const rows = await entriesOf(t, opensAt);
    expect(rows.map((row) => row.position).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    for (const [i, position] of positions.entries()) expect(rows.find((row) => row.householdId === firstId + 10 + i)?.position).toBe(position);
  });

  it('gates a non-resident household on the non-residents’ opening', async () => {
    const opensAt = nextOpening();
    const nonResidentsOpenAt = new Date(opensAt.getTime() + DAY + 3_600_000);
    const offering = await offeringAt(t, opensAt, nonResidentsOpenAt);
    t.clock.set(new Date(opensAt.getTime() - 5 * MINUTE));
    const outsider = await linkedHousehold(t, 'Pointe-Lebel');
    await gate(t, outsider.householdId, offering, false);
    t.clock.set(new Date(nonResidentsOpenAt.getTime() - 5 * MINUTE));
    expect(await refusal(gate(t, outsider.householdId, offering, false))).toMatchObject({ code: 'waiting_room', members: { position: null } });
    expect((await entriesOf(t, nonResidentsOpenAt)).map((entry) => entry.householdId)).toEqual([outsider.householdId]);
  });

  it('draws an order independent of the order of arrival (Spearman’s ρ over 1 000 households near 0)', async () => {
    const opensAt = nextOpening();
    const n = 1000;
    // Households (ids that no real household has) arriving one a second before the opening.
    const firstId = 900_000_000 + randomInt(0, 1_000_000) * 1000;
    const values = Array.from({ length: n }, (_, i) => ({ opensAt, householdId: firstId + i, accountId: null, position: null, joinedAt: new Date(opensAt.getTime() - (n - i) * 1_000) }));
    for (let i = 0; i < n; i += 200) await t.dataSource.getRepository(WaitingRoomEntry).insert(values.slice(i, i + 200));
    t.clock.set(new Date(opensAt.getTime() + 1_000));
    await t.app.get(WaitingRoomService).drawNow(opensAt);
    await t.app.get(WaitingRoomService).drawNow(opensAt);

    const rows = await entriesOf(t, opensAt);
    const positionOf = new Map(rows.map((row) => [row.householdId, row.position!]));
    expect([...positionOf.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    // Arrival rank i + 1 against position: ρ = 1 − 6 Σ d² / (n (n² − 1)).
    const squares = values.reduce((sum, value, i) => sum + (positionOf.get(value.householdId)! - (i + 1)) ** 2, 0);
    const rho = 1 - (6 * squares) / (n * (n * n - 1));
    // Independent orders give ρ ≈ 0 with a standard deviation of 1/√999 ≈ 0.032: 0.15 is 4.7 of them,
    // so a fair draw fails this about once in 400 000 runs, while any tie to arrival order shows far above it.
    expect(Math.abs(rho)).toBeLessThan(0.15);

    const [draw] = await t.dataSource.getRepository(WaitingRoomDraw).findBy({ opensAt });
    expect(draw.entrants).toBe(n);
    const replayed = drawOrder(draw.seed, values.map((value) => value.householdId));
    expect(replayed.map((householdId) => positionOf.get(householdId))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('lets every hold through once the room has ended, and gates again when the clock is set back into it', async () => {
    const opensAt = nextOpening();
    const offering = await offeringAt(t, opensAt);
    t.clock.set(new Date(opensAt.getTime() - 5 * MINUTE));
    const [early, late, later] = [await linkedHousehold(t), await linkedHousehold(t), await linkedHousehold(t)];
    await enter(t, early.token);
    t.clock.set(new Date(opensAt.getTime() + 1_000));
    await gate(t, early.householdId, offering);
    expect(await refusal(gate(t, late.householdId, offering))).toEqual({ code: 'waiting_room', status: 403, members: { position: 2 } });
    // Two households: the room ends 20 s of admissions + ADMISSION_MINUTES after the opening.
    t.clock.set(new Date(opensAt.getTime() + 2 * 3_600_000));
    await gate(t, later.householdId, offering);
    await gate(t, late.householdId, offering);
    // Remembered as ended from that time on only: earlier, the room is read again and still holds households back.
    t.clock.set(new Date(opensAt.getTime() + 2_000));
    expect(await refusal(gate(t, later.householdId, offering))).toEqual({ code: 'waiting_room', status: 403, members: { position: 3 } });
  });

  it('shows supervisors a room open now before any household entered it (0 present), not an opening beyond WAITING_ROOM_MINUTES', async () => {
    const opensAt = nextOpening();
    const offering = await offeringAt(t, opensAt);
    const later = await offeringAt(t, new Date(opensAt.getTime() + 16 * MINUTE));
    t.clock.set(new Date(opensAt.getTime() - 10 * MINUTE));
    const supervisor = await loginAsStaff(t, 'supervisor');
    const { openings } = (await t.http().get('/admin/api/waiting-room').set('Cookie', supervisor.cookie).expect(200)).body as { openings: Array<{ opensAt: string; present: number; waiting: number; seed: string | null; offerings: Array<{ code: string }> }> };
    const coming = openings.find((o) => o.opensAt === iso(t, opensAt));
    expect(coming).toMatchObject({ present: 0, waiting: 0, seed: null });
    expect(coming!.offerings.map((o) => o.code)).toEqual([offering.code]);
    expect(openings.some((o) => o.offerings.some((x) => x.code === later.code))).toBe(false);
  });

  it('shows supervisors and administrators each opening’s draw, counts, seats and first positions; clerks are refused', async () => {
    const opensAt = nextOpening();
    const offering = await offeringAt(t, opensAt);
    // Opening at the same time for its non-residents, with 2 seats left: the hottest, first.
    const hot = await offeringAt(t, new Date(opensAt.getTime() - 7 * DAY), opensAt);
    await t.dataSource.getRepository(Offering).update(hot.id, { capacity: 2 });
    const seatsOf = (o: Offering, capacity: number, opensFor: string, taken = 0) => ({
      code: o.code, activity: expect.stringMatching(/^Natation /), group: 'Samedi 9 h', opensFor, capacity, taken, waitlistSeats: 0, waitlist: 0, remaining: capacity - taken,
    });
    t.clock.set(new Date(opensAt.getTime() - 5 * MINUTE));
    const households = [await linkedHousehold(t), await linkedHousehold(t), await linkedHousehold(t), await linkedHousehold(t)];
    for (const household of households) await enter(t, household.token);
    const supervisor = await loginAsStaff(t, 'supervisor');
    const clerk = await loginAsStaff(t, 'clerk');
    await t.http().get('/admin/api/waiting-room').expect(401);
    expect((await t.http().get('/admin/api/waiting-room').set('Cookie', clerk.cookie).expect(403)).body.code).toBe('forbidden');

    const before = await t.http().get('/admin/api/waiting-room').set('Cookie', supervisor.cookie).expect(200);
    expect(before.body.settings).toEqual({ waitingRoomMinutes: 15, admissionPerMinute: 6, admissionMinutes: 20 });
    expect(before.body.openings.find((opening: { opensAt: string }) => opening.opensAt === iso(t, opensAt))).toEqual({
      opensAt: iso(t, opensAt),
      seed: null,
      drawnAt: null,
      entrants: null,
      present: 4,
      waiting: 4,
      admitted: 0,
      served: 0,
      offerings: [seatsOf(hot, 2, 'non_residents'), seatsOf(offering, 10, 'residents')],
      first: [],
    });

    // 11 s after the opening (nobody asked since): the view draws; positions 1 and 2 are admitted.
    t.clock.set(new Date(opensAt.getTime() + INTERVAL_MS + 1_000));
    const after = await t.http().get('/admin/api/waiting-room?first=3').set('Cookie', supervisor.cookie).expect(200);
    const opening = after.body.openings.find((o: { opensAt: string }) => o.opensAt === iso(t, opensAt));
    const [draw] = await t.dataSource.getRepository(WaitingRoomDraw).findBy({ opensAt });
    const rows = (await entriesOf(t, opensAt)).sort((x, y) => x.position! - y.position!);
    // The first admitted household holds a seat (served), the third (not admitted yet) too: only the first counts.
    const held = { offeringId: offering.id, seats: 1, amount: 8500, status: 'live' as const, expiresAt: new Date(t.clock.now().getTime() + 20 * MINUTE), accountId: null };
    await t.dataSource.getRepository(Hold).insert([{ ...held, householdId: rows[0]!.householdId }, { ...held, householdId: rows[2]!.householdId }]);
    const served = (await t.http().get('/admin/api/waiting-room?first=3').set('Cookie', supervisor.cookie).expect(200)).body.openings.find((o: { opensAt: string }) => o.opensAt === iso(t, opensAt));
    expect(opening).toEqual({
      opensAt: iso(t, opensAt),
      seed: draw.seed,
      drawnAt: iso(t, new Date(opensAt.getTime() + INTERVAL_MS + 1_000)),
      entrants: 4,
      present: 4,
      waiting: 2,
      admitted: 2,
      served: 0,
      offerings: [seatsOf(hot, 2, 'non_residents'), seatsOf(offering, 10, 'residents')],
      first: rows.slice(0, 3).map((row) => ({ position: row.position, householdId: row.householdId, joinedAt: iso(t, row.joinedAt) })),
    });
    expect(served).toMatchObject({ served: 1, offerings: [seatsOf(hot, 2, 'non_residents'), seatsOf(offering, 10, 'residents', 2)] });
    const admin = await loginAsStaff(t, 'administrator');
    await t.http().get('/admin/api/waiting-room').set('Cookie', admin.cookie).expect(200);
  });
});

const onMysql = MYSQL_URL ? describe : describe.skip;

onMysql(`one waiting room shared by two instances${MYSQL_URL ? '' : ' (skipped: needs DATABASE_URL=mysql://…)'}`, () => {
  let database: FreshDatabase | undefined;
  let apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
    await database?.drop();
  });

  it('draws once, whichever instance is asked first, and both instances show the same positions', async () => {
    database = await freshMysqlDatabase(MYSQL_URL!);
    const env = { ...ENV, DATABASE_URL: database.url, JWT_SECRET: randomBytes(48).toString('base64url') };
    apps = [await startApp(env)];
    apps.push(await startApp(env));
    const [a, b] = apps;
    const opensAt = nextOpening();
    await offeringAt(a, opensAt);
    for (const app of apps) app.clock.set(new Date(opensAt.getTime() - 10 * MINUTE));
    const households: Linked[] = [];
    for (let i = 0; i < 8; i++) {
      households.push(await linkedHousehold(a));
      // Each household enters through either instance.
      await enter(i % 2 ? b : a, households[i].token);
    }
    expect(await entriesOf(a, opensAt)).toHaveLength(8);

    for (const app of apps) app.clock.set(new Date(opensAt.getTime() + 1_000));
    // Every household asks both instances at the same moment: the first requests race for the draw.
    const answers = await Promise.all(households.flatMap((household) => [enter(a, household.token), enter(b, household.token)]));
    expect(await a.dataSource.getRepository(WaitingRoomDraw).countBy({ opensAt })).toBe(1);
    const positions = households.map((_, i) => answers[2 * i].body.position as number);
    expect(households.map((_, i) => answers[2 * i + 1].body.position)).toEqual(positions);
    expect([...positions].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const [i, household] of households.entries()) {
      expect((await enter(b, household.token)).body).toEqual((await enter(a, household.token)).body);
      expect((await enter(a, household.token)).body.position).toBe(positions[i]);
    }
    // A late arrival through one instance, then another through the other: behind, in order.
    const [late1, late2] = [await linkedHousehold(a), await linkedHousehold(a)];
    for (const app of apps) app.clock.advance(1_000);
    expect((await enter(b, late1.token)).body.position).toBe(9);
    for (const app of apps) app.clock.advance(1_000);
    expect((await enter(a, late2.token)).body.position).toBe(10);
    expect((await enter(b, late2.token)).body.position).toBe(10);

    // Late arrivals racing on both instances: each gets its own next place.
    const racers: Linked[] = [];
    for (let i = 0; i < 6; i++) racers.push(await linkedHousehold(a));
    const raced = await Promise.all(racers.map((household, i) => enter(i % 2 ? a : b, household.token)));
    expect(raced.map((res) => res.body.position as number).sort((x, y) => x - y)).toEqual([11, 12, 13, 14, 15, 16]);
  });

  it('draws each opening once when both instances draw it at the same moment', async () => {
    database = await freshMysqlDatabase(MYSQL_URL!);
    const env = { ...ENV, DATABASE_URL: database.url };
    apps = [await startApp(env)];
    apps.push(await startApp(env));
    for (let round = 0; round < 5; round++) {
      const opensAt = nextOpening();
      const values = Array.from({ length: 50 }, (_, i) => ({ opensAt, householdId: 1000 + i, accountId: null, position: null, joinedAt: new Date(opensAt.getTime() - 60_000 + i) }));
      await apps[0].dataSource.getRepository(WaitingRoomEntry).insert(values);
      for (const app of apps) app.clock.set(new Date(opensAt.getTime() + 1));
      await Promise.all(apps.flatMap((app) => [app.app.get(WaitingRoomService).drawNow(opensAt), app.app.get(WaitingRoomService).drawNow(opensAt)]));
      expect(await apps[1].dataSource.getRepository(WaitingRoomDraw).countBy({ opensAt })).toBe(1);
      const positions = (await entriesOf(apps[1], opensAt)).map((entry) => entry.position);
      expect(positions.sort((x, y) => x! - y!)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    }
  });
});
