// Registration night (npm run bench:opening; issue 17): thousands of households claim seats at the
// opening, through the real API (hold, then checkout with an Idempotency-Key), and the same claims
// are played as a bare SQL loop on the same server in the same run (BEGIN; SELECT … FOR UPDATE on
// the offering; count; INSERT; COMMIT), which is the ceiling the service's ratio is measured
// against. The seats sold are then counted from the database: never more than an offering's
// capacity. A report: it exits 0 whatever the figures are, 1 when an invariant is broken (a seat
// oversold, a person registered twice, a 5xx other than a 503 with Retry-After) or it could not run.
// See docs/benchmarks.md ("Registration night").
import './panel-env.js';
import 'reflect-metadata';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JwtService } from '@nestjs/jwt';
import mysql from 'mysql2/promise';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner.js';
import { JWT_AUDIENCE, JWT_ISSUER } from '../src/auth/strategies.js';
import { createApp } from '../src/app.factory.js';
import { nameKey } from '../src/dossiers/dossier-rules.js';
import { loadConfig } from '../src/config/app-config.js';
import { freePort, GaleraCluster } from './galera/cluster.js';
import { runCli, ServiceInstance } from './galera/service.js';
import { SmtpSink } from './galera/smtp-sink.js';
import { Client, machineCpu, percentile, type Reply } from './load.js';
import { generator } from './random.js';

const env = process.env;
const HOUSEHOLDS = Number(env.OPENING_HOUSEHOLDS ?? 5_000);
const OFFERINGS = Number(env.OPENING_OFFERINGS ?? 200);
const HOT = Number(env.OPENING_HOT ?? 30);
/** Share of the households that ask for a hot offering; the others ask for a cold one. */
const HOT_SHARE = Number(env.OPENING_HOT_SHARE ?? 0.4);
const HOT_CAPACITY = [15, 25] as const;
/** Cold offerings have room for every household that asks (about 35 seats asked of each at the default sizes). */
const COLD_CAPACITY = Number(env.OPENING_COLD_CAPACITY ?? 60);
/** Households in progress at once: each of these loops takes the next household when its own is done. */
const IN_FLIGHT = Number(env.OPENING_IN_FLIGHT ?? 64);
/** The bare loop's connections: the service's own pool (`connectionLimit` in data-source-options.ts). */
const BARE_POOL = Number(env.OPENING_BARE_POOL ?? 20);
/** Unmeasured claims before the measures, on offerings of their own: JIT, pools, prepared plans. */
const WARMUP = Math.min(HOUSEHOLDS, Number(env.OPENING_WARMUP ?? 200));
/** `1`: the waiting room is on (everyone joins before the opening, the draw, paced admissions). */
const ROOM = env.OPENING_ROOM === '1';
/** `1`: on a three-node Galera cluster with two instances of the service (see galeraStage). */
const GALERA = env.OPENING_GALERA === '1';
/**
 * `1`: after the bare loop, the same claims through a floor of the service's design: two requests
 * to a bare node:http server in this process, each one raw transaction (see `designFloor`).
 * Reported beside the ratio, never in it.
 */
const FLOOR = env.OPENING_FLOOR === '1';
/** `1`: the app in a process of its own (as `npm start` runs it) rather than in the bench's. */
const SEPARATE = env.OPENING_SEPARATE_PROCESS === '1';
const ADMISSION_PER_MINUTE = Number(env.OPENING_ADMISSION_PER_MINUTE ?? 12_000);
/** Seconds from the end of the set-up to the opening, in the waiting-room variant: every household joins before (about 150 joins/s here). */
const ROOM_LEAD_SECONDS = Number(env.OPENING_ROOM_LEAD_SECONDS ?? Math.ceil(20 + HOUSEHOLDS / 50));
const MAX_ATTEMPTS = 30;
const CLIENT_TIMEOUT_MS = 60_000;
const BATCH = 1_000;
const TARGET_RATIO = 0.5;
const TARGET_HOLD_P99_MS = 1_000;

const RUN = `${Date.now().toString(36).slice(-5)}${randomInt(36 ** 2).toString(36)}`;
const { random, between, pick } = generator(20261217);
const FIRST_NAMES = ['Léa', 'Émile', 'Zoé', 'Gabriel', 'Chloé', 'Félix', 'Juliette', 'Éloïse', 'Thomas', 'Noémie', 'Mathis', 'Rosalie'];
const LAST_NAMES = ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet', 'Pelletier'];

function progress(message: string): void {
  process.stdout.write(`· ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Statements the service sends: every TypeORM query on MySQL/MariaDB goes through this method
// (transactions' BEGIN/COMMIT included), so the count per hold is the round trips it costs.

let statements = 0;
/** While one claim runs alone: its statements, in order. */
let traced: string[] | null = null;
const query = MysqlQueryRunner.prototype.query;
MysqlQueryRunner.prototype.query = function (this: MysqlQueryRunner, ...args: Parameters<typeof query>) {
  statements++;
  traced?.push(String(args[0]).replace(/\s+/g, ' ').slice(0, 160));
  return query.apply(this, args);
} as typeof query;

// ---------------------------------------------------------------------------------------------
// The city: households with linked accounts, offerings, and what each household asks for

interface Household {
  /** Its place in the list: which instance it asks (its hold on one, its checkout on the next). */
  index: number;
  key: string;
  id: number;
  accountId: number;
  /** The login (refresh chain) its access token names. */
  sessionId: string;
  token: string;
  holderId: number;
  childBirthDates: string[];
  children: number[];
}

interface OfferingSpec {
  index: number;
  hot: boolean;
  capacity: number;
}

/** A set of offerings with the same specs (the service's, each bare pass's, the warm-up's): their ids in spec order. */
interface OfferingSet {
  name: string;
  ids: number[];
  codes: string[];
}

/** One household's claim: all its children on one offering (siblings as one hold). */
interface Claim {
  household: Household;
  offering: OfferingSpec;
}

function offeringSpecs(): OfferingSpec[] {
  return Array.from({ length: OFFERINGS }, (_, index) => {
    const hot = index < HOT;
    return { index, hot, capacity: hot ? between(HOT_CAPACITY[0], HOT_CAPACITY[1]) : COLD_CAPACITY };
  });
}

/** Children of 4 to 11 on the offerings' reference date (2027-01-09): every offering takes them. */
function childBirthDate(): string {
  return `${between(2015, 2022)}-${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`;
}

function householdSpecs(): Household[] {
  return Array.from({ length: HOUSEHOLDS }, (_, i) => ({
    index: i,
    key: `OPEN-${RUN}-${i}`,
    id: 0,
    accountId: 0,
    sessionId: randomUUID(),
    token: '',
    holderId: 0,
    childBirthDates: Array.from({ length: between(1, 3) }, childBirthDate),
    children: [],
  }));
}

/** 40 % ask for one of the hot offerings, the others for a cold one; in a random order of arrival. */
function claims(households: Household[], specs: OfferingSpec[]): Claim[] {
  const hot = specs.filter((s) => s.hot);
  const cold = specs.filter((s) => !s.hot);
  const list = households.map((household) => ({ household, offering: random() < HOT_SHARE || !cold.length ? pick(hot) : pick(cold) }));
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

async function insertRows(db: mysql.Connection, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const sql = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`;
  for (let start = 0; start < rows.length; start += BATCH) await db.query(sql, [rows.slice(start, start + BATCH)]);
}

/** Ids of the rows just written, by their unique key (never by assuming consecutive ids: a Galera cluster steps them). */
async function idsBy(db: mysql.Connection, table: string, column: string, prefix: string): Promise<Map<string, number>> {
  const [rows] = (await db.query(`SELECT id, \`${column}\` AS k FROM \`${table}\` WHERE \`${column}\` LIKE ?`, [`${prefix}%`])) as unknown as [Array<{ id: number; k: string }>];
  return new Map(rows.map((row) => [row.k, Number(row.id)]));
}

/**
 * The households, written straight into the tables (sign-ups and dossier links would take longer
 * than the night itself): a household in Baie-Comeau (residents), its holder linked to a confirmed
 * account, 1 to 3 children, and one login (a refresh-token row, whose chain the access token names).
 */
async function seedHouseholds(db: mysql.Connection, households: Household[]): Promise<void> {
  const now = new Date();
  const email = (i: number) => `ouverture.${RUN}.${i}@exemple.ca`;
  await insertRows(
    db,
    'accounts',
    ['email', 'firstName', 'lastName', 'passwordHash', 'locale', 'emailVerifiedAt', 'dossierLinkedAt'],
    households.map((_, i) => [email(i), pick(FIRST_NAMES), pick(LAST_NAMES), 'x', 'fr', now, now]),
  );
  const accounts = await idsBy(db, 'accounts', 'email', `ouverture.${RUN}.`);
  await insertRows(
    db,
    'households',
    ['legacyKey', 'civicNumber', 'street', 'apartment', 'city', 'postalCode'],
    households.map((h) => [h.key, String(between(1, 2999)), 'boulevard La Salle', null, 'Baie-Comeau', 'G4Z 1A1']),
  );
  const householdIds = await idsBy(db, 'households', 'legacyKey', `OPEN-${RUN}-`);
  const personRows: unknown[][] = [];
  households.forEach((h, i) => {
    h.accountId = accounts.get(email(i))!;
    h.id = householdIds.get(h.key)!;
    const lastName = pick(LAST_NAMES);
    personRows.push([`O${RUN}-${i}-0`, pick(FIRST_NAMES), lastName, nameKey(lastName), `${between(1970, 1995)}-04-12`, h.accountId]);
    h.childBirthDates.forEach((birthDate, c) => personRows.push([`O${RUN}-${i}-${c + 1}`, pick(FIRST_NAMES), lastName, nameKey(lastName), birthDate, null]));
  });
  await insertRows(db, 'persons', ['dossierNumber', 'firstName', 'lastName', 'lastNameKey', 'birthDate', 'accountId'], personRows);
  const persons = await idsBy(db, 'persons', 'dossierNumber', `O${RUN}-`);
  const memberships: unknown[][] = [];
  households.forEach((h, i) => {
    h.holderId = persons.get(`O${RUN}-${i}-0`)!;
    h.children = h.childBirthDates.map((_, c) => persons.get(`O${RUN}-${i}-${c + 1}`)!);
    memberships.push([h.id, h.holderId, 'holder', 0]);
    for (const child of h.children) memberships.push([h.id, child, 'child', 1]);
  });
  await insertRows(db, 'household_members', ['householdId', 'personId', 'role', 'dependent'], memberships);
  const expires = new Date(now.getTime() + 30 * 86_400_000);
  await insertRows(
    db,
    'refresh_tokens',
    ['accountId', 'familyId', 'tokenHash', 'expiresAt'],
    households.map((h) => [h.accountId, h.sessionId, createHash('sha256').update(randomBytes(32)).digest('hex'), expires]),
  );
}

/** One set of offerings of the specs, opening at `opensAt`, in one activity per ten offerings. */
async function seedOfferings(db: mysql.Connection, name: string, specs: OfferingSpec[], opensAt: Date): Promise<OfferingSet> {
  const activities = Array.from({ length: Math.ceil(specs.length / 10) }, (_, a) => `Banc ${RUN} ${name} ${a}`);
  await insertRows(
    db,
    'activities',
    ['name', 'category'],
    activities.map((activity) => [activity, 'Aquatique']),
  );
  const activityIds = await idsBy(db, 'activities', 'name', `Banc ${RUN} ${name} `);
  const codes = specs.map((s) => `${name}-${RUN}-${s.index}`);
  const closes = new Date(Date.now() + 30 * 86_400_000);
  await insertRows(
    db,
    'offerings',
    ['code', 'activityId', 'groupName', 'site', 'startsOn', 'endsOn', 'weekday', 'startTime', 'endTime', 'capacity', 'ageMin', 'ageMax', 'ageOn', 'priceResident', 'priceNonResident', 'residentsOpenAt', 'nonResidentsOpenAt', 'closesAt', 'rl24'],
    specs.map((s, i) => [
      codes[i],
      activityIds.get(activities[Math.floor(i / 10)]),
      `Samedi ${9 + (i % 5)} h`,
      'Piscine Henri-L.-Bernier',
      '2027-01-09',
      '2027-03-27',
      6,
      '09:00',
      '09:45',
      s.capacity,
      4,
      12,
      '2027-01-09',
      8500,
      12_750,
      opensAt,
      opensAt,
      closes,
      0,
    ]),
  );
  const ids = await idsBy(db, 'offerings', 'code', `${name}-${RUN}-`);
  return { name, ids: codes.map((code) => ids.get(code)!), codes };
}

// ---------------------------------------------------------------------------------------------
// What the measures record

interface Answer {
  status: number;
  code: string;
  ms: number;
}

interface PhaseResult {
  name: string;
  claims: number;
  seconds: number;
  /** Seats the database holds as confirmed for the phase's offerings at its end. */
  seats: number;
  /** Per hot offering (by spec index): ms from the phase's start to its last seat confirmed. */
  lastSeatMs: Map<number, number>;
  holds: Answer[];
  checkouts: Answer[];
  /** Per household: from its first request to its last answer, 503 pauses included. */
  households: number[];
  statements: number;
  /** ms of CPU of this process (the service and its load generator, or the bare loop) and of the database server. */
  cpuMs: number;
  databaseCpuMs: number | null;
  othersShare: number | null;
  /** The event loop's utilisation during the phase (0–1). */
  loop: number;
  firstError: string | null;
  serverErrors: number;
}

function newPhase(name: string, claims: number): PhaseResult {
  return {
    name,
    claims,
    seconds: 0,
    seats: 0,
    lastSeatMs: new Map(),
    holds: [],
    checkouts: [],
    households: [],
    statements: 0,
    cpuMs: 0,
    databaseCpuMs: null,
    othersShare: null,
    loop: 0,
    firstError: null,
    serverErrors: 0,
  };
}

/** CPU time in ms of a process (utime + stime of /proc/<pid>/stat, USER_HZ = 100); null off Linux or for another machine's server. */
function processCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * OPENING_PROFILE=<folder>: a CPU profile of this process during the service's phase only (the app
 * and the load generator), written there as a .cpuprofile (Chrome's DevTools, or speedscope, read it).
 */
async function profiled(name: string, work: () => Promise<void>): Promise<void> {
  const folder = env.OPENING_PROFILE;
  if (!folder) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    const file = join(folder, `opening-${name}-${RUN}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    progress(`CPU profile of the ${name} phase: ${file}`);
  }
}

/** Measures CPU, statements and the event loop around `work`. */
async function measured(result: PhaseResult, databasePids: number[], work: () => Promise<void>): Promise<void> {
  const machine = machineCpu();
  const own = process.cpuUsage();
  const databaseCpu = () => (databasePids.length ? databasePids.map(processCpuMs).reduce<number | null>((sum, ms) => (sum === null || ms === null ? null : sum + ms), 0) : null);
  const database = databaseCpu();
  const elu = performance.eventLoopUtilization();
  const statementsBefore = statements;
  const started = performance.now();
  await work();
  result.seconds = (performance.now() - started) / 1000;
  const ownUsed = process.cpuUsage(own);
  result.cpuMs = (ownUsed.user + ownUsed.system) / 1000;
  const databaseAfter = databaseCpu();
  result.databaseCpuMs = database === null || databaseAfter === null ? null : databaseAfter - database;
  result.loop = performance.eventLoopUtilization(elu).utilization;
  result.statements += statements - statementsBefore;
  const machineAfter = machineCpu();
  if (machine && machineAfter) {
    const others = machineAfter.busyMs - machine.busyMs - result.cpuMs - (result.databaseCpuMs ?? 0);
    result.othersShare = Math.max(0, others) / (machineAfter.totalMs - machine.totalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// The service: hold, then checkout, over HTTP

const codeOf = (reply: Reply): string => {
  try {
    return String((JSON.parse(reply.body) as { code?: unknown }).code ?? '');
  } catch {
    return '';
  }
};

/** The service's instances: one in this process, or two on a Galera cluster's nodes. */
interface ServiceTarget {
  clients: Client[];
}

/** A household asks its hold of one instance and its checkout of the next (the same one when there is one). */
function instanceFor(target: ServiceTarget, household: Household, step: 0 | 1): Client {
  return target.clients[(household.index + step) % target.clients.length];
}

/**
 * One request as a family's browser makes it: a 503 with Retry-After is sent again after that delay
 * (plus up to half a second: families do not all click at the same instant), up to MAX_ATTEMPTS.
 * Every answer counts, each with its own latency.
 */
async function send(result: PhaseResult, answers: Answer[], client: Client, path: string, headers: Record<string, string>, body: unknown): Promise<Reply | null> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const t0 = performance.now();
    let reply: Reply;
    try {
      reply = await client.send('POST', path, headers, body);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      answers.push({ status: 0, code: message.startsWith('no answer') ? 'timeout' : 'network', ms: performance.now() - t0 });
      result.firstError ??= `${path}: ${message}`;
      return null;
    }
    const answer = { status: reply.status, code: codeOf(reply), ms: performance.now() - t0 };
    answers.push(answer);
    const retryAfter = Number(reply.headers['retry-after']);
    if (reply.status === 503 && retryAfter >= 1) {
      await sleep(retryAfter * 1000 + Math.random() * 500);
      continue;
    }
    if (reply.status >= 500) {
      result.serverErrors++;
      result.firstError ??= `${path} → ${reply.status}: ${reply.body.slice(0, 200)}`;
    }
    return reply;
  }
  return null;
}

/**
 * A household's night: hold its children on its offering, then check out (409 `offering_full` is a
 * normal answer). `waiting` when the hold was refused 403 `waiting_room` (the room's variant polls
 * its place again).
 */
async function serviceClaim(result: PhaseResult, target: ServiceTarget, set: OfferingSet, claim: Claim, started: number, t0 = performance.now()): Promise<'done' | 'waiting'> {
  const authorization = `Bearer ${claim.household.token}`;
  const hold = await send(result, result.holds, instanceFor(target, claim.household, 0), '/api/v1/me/holds', { authorization }, { code: set.codes[claim.offering.index], personIds: claim.household.children });
  if (hold?.status === 403 && codeOf(hold) === 'waiting_room') return 'waiting';
  if (hold?.status === 201) {
    const holdId = (JSON.parse(hold.body) as { id: number }).id;
    const key = `cle-${RUN}-${claim.household.id}-${holdId}`;
    const checkout = await send(result, result.checkouts, instanceFor(target, claim.household, 1), '/api/v1/me/registrations', { authorization, 'idempotency-key': key }, { holdIds: [holdId] });
    if (checkout?.status === 201 && claim.offering.hot) result.lastSeatMs.set(claim.offering.index, performance.now() - started);
    else if (checkout && checkout.status !== 201) result.firstError ??= `checkout → ${checkout.status}: ${checkout.body.slice(0, 200)}`;
  } else if (hold && hold.status !== 409) {
    result.firstError ??= `hold → ${hold.status}: ${hold.body.slice(0, 200)}`;
  }
  result.households.push(performance.now() - t0);
  return 'done';
}

/** The statements of one hold and of its checkout, with nothing else running (the count per claim, and with OPENING_TRACE=1 their text). */
async function traceOneClaim(target: ServiceTarget, set: OfferingSet, household: Household): Promise<{ hold: string[]; checkout: string[] }> {
  const result = newPhase('trace', 1);
  const authorization = `Bearer ${household.token}`;
  const hold: string[] = (traced = []);
  const held = await send(result, result.holds, target.clients[0], '/api/v1/me/holds', { authorization }, { code: set.codes[set.codes.length - 1], personIds: household.children });
  const checkout: string[] = (traced = []);
  if (held?.status === 201) {
    const holdId = (JSON.parse(held.body) as { id: number }).id;
    await send(result, result.checkouts, target.clients[0], '/api/v1/me/registrations', { authorization, 'idempotency-key': `trace-${RUN}-${holdId}` }, { holdIds: [holdId] });
  }
  traced = null;
  if (held?.status !== 201) throw new Error(`the traced hold answered ${held?.status}: ${held?.body.slice(0, 200)}`);
  return { hold, checkout };
}

/** IN_FLIGHT loops, each taking the next claim when its own is done (closed loop, as surge.ts). */
async function closedLoop(items: Claim[], play: (claim: Claim) => Promise<void>): Promise<void> {
  let next = 0;
  const loop = async () => {
    while (next < items.length) await play(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, items.length) }, loop));
}

// ---------------------------------------------------------------------------------------------
// The waiting-room variant: everyone joins before the opening, then each household polls its place
// and claims once admitted. IN_FLIGHT bounds the requests in flight, not the households waiting.

class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(count: number) {
    this.free = count;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

interface RoomStats {
  joins: Answer[];
  polls: Answer[];
  joinSeconds: number;
  /** ms from the opening to the first hold of an admitted household. */
  admittedFirstMs: number;
  /** Holds refused 403 `waiting_room` (a household that asked before its turn; it polls again). */
  refusedHolds: number;
}

function placeOf(result: PhaseResult, answers: Answer[], target: ServiceTarget, slots: Slots, claim: Claim) {
  return slots.run(async () => {
    const reply = await send(result, answers, instanceFor(target, claim.household, 0), '/api/v1/me/waiting-room', { authorization: `Bearer ${claim.household.token}` }, undefined);
    if (reply?.status !== 200) throw new Error(`waiting room → ${reply?.status}: ${reply?.body.slice(0, 200)}`);
    return JSON.parse(reply.body) as { status: string; position: number | null; estimatedWaitSeconds: number };
  });
}

/** Before the opening: every household enters the room (one place each, no position yet). */
async function joinRoom(result: PhaseResult, target: ServiceTarget, items: Claim[], room: RoomStats): Promise<void> {
  const slots = new Slots(IN_FLIGHT);
  const started = performance.now();
  await Promise.all(items.map((claim) => placeOf(result, room.joins, target, slots, claim)));
  room.joinSeconds = (performance.now() - started) / 1000;
}

/**
 * From the opening: each household's page polls its place within its first second (the first poll
 * makes the draw), then again when its estimated wait is over; once admitted it claims.
 */
async function roomOpening(result: PhaseResult, target: ServiceTarget, set: OfferingSet, items: Claim[], room: RoomStats): Promise<void> {
  const slots = new Slots(IN_FLIGHT);
  const started = performance.now();
  await Promise.all(
    items.map(async (claim) => {
      await sleep(Math.random() * 1000);
      const t0 = performance.now();
      for (let polls = 0; polls < 100; polls++) {
        let placed = await placeOf(result, room.polls, target, slots, claim);
        while (placed.status === 'waiting') {
          await sleep(Math.max(250, placed.estimatedWaitSeconds * 1000));
          placed = await placeOf(result, room.polls, target, slots, claim);
        }
        if (Number.isNaN(room.admittedFirstMs)) room.admittedFirstMs = performance.now() - started;
        if ((await slots.run(() => serviceClaim(result, target, set, claim, started, t0))) === 'done') return;
        room.refusedHolds++;
      }
      result.firstError ??= `household ${claim.household.id} never admitted`;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The bare loop: the same claims as plain SQL, same concurrency, same server

async function bareClaims(pool: mysql.Pool, result: PhaseResult, set: OfferingSet, items: Claim[]): Promise<void> {
  const started = performance.now();
  await closedLoop(items, async (claim) => {
    const t0 = performance.now();
    const offeringId = set.ids[claim.offering.index];
    const persons = claim.household.children;
    const connection = await pool.getConnection();
    try {
      await connection.query('BEGIN');
      const [[offering]] = (await connection.query('SELECT id, capacity FROM offerings WHERE id = ? FOR UPDATE', [offeringId])) as unknown as [[{ capacity: number }]];
      const [[count]] = (await connection.query("SELECT COUNT(*) AS n FROM registrations WHERE offeringId = ? AND status = 'confirmed'", [offeringId])) as unknown as [[{ n: number }]];
      result.statements += 3;
      if (offering.capacity - Number(count.n) >= persons.length) {
        await connection.query('INSERT INTO registrations (offeringId, personId, householdId, accountId, amount, status) VALUES ?', [
          persons.map((personId) => [offeringId, personId, claim.household.id, claim.household.accountId, 8500, 'confirmed']),
        ]);
        await connection.query('COMMIT');
        result.statements += 2;
        result.holds.push({ status: 201, code: '', ms: performance.now() - t0 });
        if (claim.offering.hot) result.lastSeatMs.set(claim.offering.index, performance.now() - started);
      } else {
        await connection.query('ROLLBACK');
        result.statements += 1;
        result.holds.push({ status: 409, code: 'offering_full', ms: performance.now() - t0 });
      }
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      result.holds.push({ status: 500, code: 'error', ms: performance.now() - t0 });
      result.serverErrors++;
      result.firstError ??= error instanceof Error ? error.message : String(error);
    } finally {
      connection.release();
    }
    result.households.push(performance.now() - t0);
  });
}

// ---------------------------------------------------------------------------------------------
// The design's floor (OPENING_FLOOR=1): what the service's shape costs without its framework

/** A request's JSON body. */
async function bodyOf(req: IncomingMessage): Promise<Record<string, number | number[]>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, number | number[]>;
}

/**
 * The service's shape with nothing else: a bare node:http server (no framework, no token, no
 * validation, no family, no waiting room, no duplicates, no email) whose POST /hold is one
 * transaction (lock, count registrations and live holds, insert the hold) and POST /checkout
 * another (lock, spend the hold, insert the registrations), on the same pool as the bare loop.
 * The distance from the bare loop to this is the price of two HTTP requests and two transactions;
 * from this to the service, the price of everything the service checks and of its framework.
 */
async function startFloor(pool: mysql.Pool, result: PhaseResult): Promise<Server> {
  const transaction = async <T>(work: (c: mysql.PoolConnection) => Promise<T>): Promise<T> => {
    const connection = await pool.getConnection();
    try {
      await connection.query('BEGIN');
      const answer = await work(connection);
      await connection.query('COMMIT');
      return answer;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  };
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const offeringId = body.offeringId as number;
      if (req.url === '/hold') {
        const persons = body.persons as number[];
        const id = await transaction(async (c) => {
          const [[offering]] = (await c.query('SELECT id, capacity FROM offerings WHERE id = ? FOR UPDATE', [offeringId])) as unknown as [[{ capacity: number }]];
          const [[taken]] = (await c.query(
            "SELECT (SELECT COUNT(*) FROM registrations WHERE offeringId = ? AND status = 'confirmed') + (SELECT COALESCE(SUM(seats), 0) FROM holds WHERE offeringId = ? AND status = 'live' AND expiresAt > NOW(6)) AS n",
            [offeringId, offeringId],
          )) as unknown as [[{ n: number }]];
          result.statements += 3;
          if (offering.capacity - Number(taken.n) < persons.length) return null;
          const [inserted] = (await c.query("INSERT INTO holds (offeringId, householdId, accountId, seats, amount, status, expiresAt) VALUES (?, ?, ?, ?, ?, 'live', NOW(6) + INTERVAL 20 MINUTE)", [
            offeringId,
            body.householdId,
            body.accountId,
            persons.length,
            8500 * persons.length,
          ])) as unknown as [{ insertId: number }];
          result.statements += 2;
          return inserted.insertId;
        });
        answer(res, id === null ? 409 : 201, { id });
      } else {
        const spent = await transaction(async (c) => {
          await c.query('SELECT id FROM offerings WHERE id = ? FOR UPDATE', [offeringId]);
          const [update] = (await c.query("UPDATE holds SET status = 'checked_out' WHERE id = ? AND status = 'live'", [body.holdId])) as unknown as [{ affectedRows: number }];
          result.statements += 4;
          if (!update.affectedRows) return false;
          await c.query('INSERT INTO registrations (offeringId, personId, householdId, accountId, holdId, amount, status) VALUES ?', [
            (body.persons as number[]).map((personId) => [offeringId, personId, body.householdId, body.accountId, body.holdId, 8500, 'confirmed']),
          ]);
          result.statements += 1;
          return true;
        });
        answer(res, spent ? 201 : 409, { spent });
      }
    })().catch((error: unknown) => {
      result.serverErrors++;
      result.firstError ??= error instanceof Error ? error.message : String(error);
      answer(res, 500, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function floorClaims(pool: mysql.Pool, result: PhaseResult, set: OfferingSet, items: Claim[]): Promise<void> {
  const server = await startFloor(pool, result);
  const client = new Client((server.address() as AddressInfo).port, IN_FLIGHT, CLIENT_TIMEOUT_MS);
  const started = performance.now();
  try {
    await closedLoop(items, async (claim) => {
      const t0 = performance.now();
      const ask = { offeringId: set.ids[claim.offering.index], persons: claim.household.children, householdId: claim.household.id, accountId: claim.household.accountId };
      const hold = await client.send('POST', '/hold', {}, ask);
      result.holds.push({ status: hold.status, code: '', ms: performance.now() - t0 });
      if (hold.status === 201) {
        const t1 = performance.now();
        const checkout = await client.send('POST', '/checkout', {}, { ...ask, holdId: (JSON.parse(hold.body) as { id: number }).id });
        result.checkouts.push({ status: checkout.status, code: '', ms: performance.now() - t1 });
        if (checkout.status === 201 && claim.offering.hot) result.lastSeatMs.set(claim.offering.index, performance.now() - started);
      }
      result.households.push(performance.now() - t0);
    });
  } finally {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

// ---------------------------------------------------------------------------------------------
// The database's own account of the night

interface Checks {
  /** Offerings of the set with more confirmed registrations than seats, and by how many seats in all. */
  oversoldOfferings: number;
  oversoldSeats: number;
  /** A person confirmed twice for one offering. */
  duplicates: number;
  /** Seats confirmed, and seats left on the hot offerings (a family of three does not fit in two seats). */
  seats: number;
  hotLeft: number;
  /** Holds checked out whose registrations are not exactly their seats (the idempotency of checkout). */
  checkoutMismatches: number;
  liveHolds: number;
}

async function check(db: mysql.Connection, set: OfferingSet, specs: OfferingSpec[]): Promise<Checks> {
  const ids = set.ids;
  const [rows] = (await db.query(
    `SELECT o.id, o.capacity, (SELECT COUNT(*) FROM registrations r WHERE r.offeringId = o.id AND r.status = 'confirmed') AS confirmed FROM offerings o WHERE o.id IN (?)`,
    [ids],
  )) as unknown as [Array<{ id: number; capacity: number; confirmed: number }>];
  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  let oversoldOfferings = 0;
  let oversoldSeats = 0;
  let seats = 0;
  let hotLeft = 0;
  specs.forEach((spec, i) => {
    const row = byId.get(ids[i])!;
    const confirmed = Number(row.confirmed);
    seats += confirmed;
    if (confirmed > row.capacity) {
      oversoldOfferings++;
      oversoldSeats += confirmed - row.capacity;
    }
    if (spec.hot) hotLeft += Math.max(0, row.capacity - confirmed);
  });
  const [[dup]] = (await db.query(
    `SELECT COUNT(*) AS n FROM (SELECT personId, offeringId FROM registrations WHERE offeringId IN (?) AND status = 'confirmed' GROUP BY personId, offeringId HAVING COUNT(*) > 1) d`,
    [ids],
  )) as unknown as [[{ n: number }]];
  const [[mismatch]] = (await db.query(
    `SELECT COUNT(*) AS n FROM holds h WHERE h.offeringId IN (?) AND h.status = 'checked_out' AND h.seats <> (SELECT COUNT(*) FROM registrations r WHERE r.holdId = h.id)`,
    [ids],
  )) as unknown as [[{ n: number }]];
  const [[live]] = (await db.query(`SELECT COUNT(*) AS n FROM holds WHERE offeringId IN (?) AND status = 'live'`, [ids])) as unknown as [[{ n: number }]];
  return { oversoldOfferings, oversoldSeats, duplicates: Number(dup.n), seats, hotLeft, checkoutMismatches: Number(mismatch.n), liveHolds: Number(live.n) };
}

// ---------------------------------------------------------------------------------------------
// The report

function fixed(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function latencies(answers: Answer[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

function byStatus(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const label = a.code && a.status !== 201 && a.status !== 200 ? `${a.status} ${a.code}` : String(a.status);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => `${label} × ${n}`)
    .join(', ');
}

function hotFull(result: PhaseResult): string {
  const times = [...result.lastSeatMs.values()].sort((a, b) => a - b);
  if (!times.length) return '—';
  return `${fixed(percentile(times, 50) / 1000, 2)} s / ${fixed(times.at(-1)! / 1000, 2)} s`;
}

function perClaim(value: number | null, claims: number): string {
  return value === null ? '—' : fixed(value / claims, 2);
}

/** Where the night runs: the service's instances, and the connections the bench seeds and checks through. */
interface Stage {
  header: string[];
  target: ServiceTarget;
  /** Signs access tokens as the instances' login does. */
  jwt: JwtService;
  /** Seeding (and the bare loop's server). */
  db: mysql.Connection;
  bareUrl: string;
  /** Reads for the checks: what the database (the cluster) holds. */
  checkDb: mysql.Connection;
  databasePids: number[];
  /** The service runs in this process: its statements and its event loop are counted. */
  inProcess: boolean;
  /** Lines for the end of the report (a cluster's conflicts). */
  notes(): Promise<string[]>;
  close(): Promise<void>;
}

async function pidOf(connection: mysql.Connection): Promise<number | null> {
  const [[row]] = (await connection.query('SELECT @@pid_file AS pidFile')) as unknown as [[{ pidFile: string }]];
  try {
    return Number(readFileSync(row.pidFile, 'utf8').trim()) || null;
  } catch {
    // Another machine, or a pid file this user cannot read: its CPU counts with the others'.
    return null;
  }
}

const appEnv = (): Record<string, string> => ({
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'false',
  MAIL_DISPATCH_INTERVAL_MS: '0',
  IMAP_POLL_INTERVAL_MS: '0',
  DIGEST_CHECK_INTERVAL_MS: '0',
  ADMISSION_PER_MINUTE: String(ADMISSION_PER_MINUTE),
});

/**
 * The app in this process, as the other benches start it, on DATABASE_URL's database when it names
 * one (this run's rows have names of their own), else on a fresh database of that server (default
 * mysql://root@127.0.0.1:3306/), dropped at the end unless OPENING_BENCH_KEEP=1.
 */
async function localStage(): Promise<Stage> {
  const given = env.DATABASE_URL?.match(/^(mysql|mariadb):/) ? new URL(env.DATABASE_URL) : null;
  const server = given ? new URL(given) : new URL('mysql://root@127.0.0.1:3306/');
  server.protocol = 'mysql:';
  server.pathname = '/';
  const fresh = !(given && given.pathname.length > 1);
  const database = fresh ? `guichet_opening_${randomInt(36 ** 5).toString(36)}` : decodeURIComponent(given.pathname.slice(1));
  const admin = await mysql.createConnection({ uri: server.toString() });
  if (fresh) await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(server);
  url.pathname = `/${database}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-opening-'));
  const closers: Array<() => Promise<unknown>> = [
    async () => {
      rmSync(dataDir, { recursive: true, force: true });
      if (fresh && env.OPENING_BENCH_KEEP !== '1') await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      else progress(`database ${database} kept`);
      await admin.end();
    },
  ];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((error: unknown) => console.error(error));
  };
  try {
    let port: number;
    let jwt: JwtService;
    if (SEPARATE) {
      // As `npm start` runs it: a process of its own, the migrations at its start.
      const secrets = { JWT_SECRET: randomBytes(48).toString('base64url'), SESSION_SECRET: randomBytes(48).toString('base64url') };
      port = await freePort();
      const instance = new ServiceInstance('app', port, { ...secrets, ...appEnv(), LOG_LEVEL: 'warn', NODE_ENV: 'production', PUBLIC_URL: 'http://guichet.bench', DATA_DIR: dataDir, DATABASE_URL: url.toString(), TRUST_PROXY: 'loopback' }, join(dataDir, 'app.log'));
      closers.push(() => instance.stop());
      await instance.start();
      jwt = new JwtService({ secret: secrets.JWT_SECRET, signOptions: { expiresIn: 15 * 60, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, algorithm: 'HS256' } });
    } else {
      const config = loadConfig({ ...env, ...appEnv(), NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: url.toString() });
      const app: NestExpressApplication = await createApp(config);
      closers.push(() => app.close());
      await app.listen(0, '127.0.0.1');
      port = (app.getHttpServer().address() as AddressInfo).port;
      jwt = app.get(JwtService);
    }
    const db = await mysql.createConnection({ uri: url.toString(), timezone: 'Z' });
    closers.push(() => db.end());
    const [[version]] = (await db.query('SELECT VERSION() AS v')) as unknown as [[{ v: string }]];
    const client = new Client(port, IN_FLIGHT, CLIENT_TIMEOUT_MS);
    closers.push(async () => client.close());
    return {
      header: [`database: MariaDB/MySQL ${version.v} (${database}); ${SEPARATE ? 'the app in a process of its own (node dist/src/main.js, NODE_ENV=production)' : 'the app in this process'} (its pool: 20 connections)`],
      target: { clients: [client] },
      jwt,
      db,
      bareUrl: url.toString(),
      checkDb: db,
      databasePids: [await pidOf(db)].filter((pid): pid is number => pid !== null),
      inProcess: !SEPARATE,
      notes: async () => [],
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * OPENING_GALERA=1: three MariaDB Galera nodes on this machine (bench/galera/cluster.ts, as
 * `npm run bench:galera`), the migrations as a release step, and two instances of the service as
 * production runs them (`node dist/src/main.js`), A on node 1 and B on node 2. Each household holds
 * on one instance and checks out on the other; the checks read node 3.
 */
async function galeraStage(): Promise<Stage> {
  for (const need of ['/usr/lib/galera/libgalera_smm.so', '/usr/bin/rsync', 'dist/src/main.js']) {
    if (!existsSync(need)) throw new Error(`${need} is missing (apt-get install -y galera-4 rsync; npm run build)`);
  }
  const work = mkdtempSync(join(tmpdir(), 'guichet-opening-galera-'));
  const sink = new SmtpSink();
  const cluster = new GaleraCluster((line) => progress(line.trim()));
  const instances: ServiceInstance[] = [];
  const connections: mysql.Connection[] = [];
  const clients: Client[] = [];
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      for (const client of clients) client.close();
      for (const connection of connections) await connection.end().catch(() => undefined);
      await Promise.all(instances.map((instance) => instance.stop().catch(() => undefined)));
      await sink.stop().catch(() => undefined);
      await cluster.stop().catch(() => undefined);
      if (env.OPENING_BENCH_KEEP !== '1') rmSync(work, { recursive: true, force: true });
      else progress(`logs kept in ${work}`);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      progress(`${signal}: tearing the cluster down`);
      void close().finally(() => process.exit(130));
    });
  }
  try {
    await sink.start();
    progress('Galera cluster, three nodes on this machine:');
    await cluster.start();
    const [node1, node2, node3] = cluster.nodes;
    const database = 'guichet';
    const checkDb = await mysql.createConnection({ uri: node3.url(), timezone: 'Z' });
    connections.push(checkDb);
    await checkDb.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await checkDb.query(`USE ${database}`);
    await checkDb.query('SET SESSION wsrep_sync_wait = 1');
    const secrets = { JWT_SECRET: randomBytes(48).toString('base64url'), SESSION_SECRET: randomBytes(48).toString('base64url') };
    progress('release step: migrations (npm run migration:run)');
    await runCli('node_modules/typeorm/cli.js', ['migration:run', '-d', 'dist/src/database/data-source.js'], { DATABASE_URL: node1.url(database), NODE_ENV: 'production', LOG_LEVEL: 'warn', ...secrets });
    const shared = {
      ...secrets,
      ...appEnv(),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      MIGRATIONS_RUN: 'false',
      PUBLIC_URL: 'http://guichet.bench',
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      TRUST_PROXY: 'loopback',
      DATA_DIR: work,
    };
    const ports = await Promise.all([0, 1].map(() => freePort()));
    instances.push(
      new ServiceInstance('A', ports[0], { ...shared, DATABASE_URL: node1.url(database) }, join(work, 'instance-a.log')),
      new ServiceInstance('B', ports[1], { ...shared, DATABASE_URL: node2.url(database) }, join(work, 'instance-b.log')),
    );
    await Promise.all(instances.map((instance) => instance.start()));
    progress(`instances: A on node1 (:${ports[0]}), B on node2 (:${ports[1]})`);
    clients.push(...ports.map((port) => new Client(port, IN_FLIGHT, CLIENT_TIMEOUT_MS)));
    const db = await mysql.createConnection({ uri: node1.url(database), timezone: 'Z' });
    connections.push(db);
    const [[version]] = (await db.query('SELECT VERSION() AS v')) as unknown as [[{ v: string }]];
    const pids: number[] = [];
    for (const node of cluster.nodes) {
      const connection = await mysql.createConnection({ uri: node.url() });
      const pid = await pidOf(connection);
      await connection.end();
      if (pid !== null) pids.push(pid);
    }
    return {
      header: [`database: a three-node Galera cluster of MariaDB ${version.v} on this machine; two instances of the service (node dist/src/main.js, NODE_ENV=production), A on node 1 and B on node 2: each household holds on one and checks out on the other; the bare loop on node 1; the checks read node 3`],
      target: { clients },
      jwt: new JwtService({ secret: secrets.JWT_SECRET, signOptions: { expiresIn: 15 * 60, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, algorithm: 'HS256' } }),
      db,
      bareUrl: node1.url(database),
      checkDb,
      databasePids: pids,
      inProcess: false,
      notes: async () => {
        const conflicts = await cluster.conflicts();
        return [`Galera conflicts since the cluster started: ${conflicts.map((c) => `${c.node} ${c.certFailures} certification failures, ${c.bfAborts} brute-force aborts`).join('; ')}`];
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function main(): Promise<number> {
  const stage = GALERA ? await galeraStage() : await localStage();
  try {
    return await night(stage);
  } finally {
    await stage.close();
  }
}

async function night(stage: Stage): Promise<number> {
  const { db, target } = stage;
  const specs = offeringSpecs();
  const households = householdSpecs();
  const cpu = cpus();
  const header = [
    `Node ${process.version}, ${cpu.length} CPU(s) (${cpu[0]?.model.trim() ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the start`,
    ...stage.header,
    `bare loop: mysql2, a pool of ${BARE_POOL} connections, the same ${IN_FLIGHT} in flight`,
    `${HOUSEHOLDS} households (1–3 children each), ${OFFERINGS} offerings of which ${HOT} hot (${specs.filter((s) => s.hot).reduce((n, s) => n + s.capacity, 0)} seats) and ${OFFERINGS - HOT} cold (${COLD_CAPACITY} seats each); ${Math.round(HOT_SHARE * 100)} % ask for a hot one; ${IN_FLIGHT} households in flight`,
    ROOM
      ? `waiting room ON: everyone joins before the opening, ADMISSION_PER_MINUTE=${ADMISSION_PER_MINUTE}; ${IN_FLIGHT} requests in flight at most`
      : 'waiting room off: the offerings opened an hour ago, everyone arrives at once',
  ];
  let started = performance.now();
  await seedHouseholds(db, households);
  const past = new Date(Date.now() - 3_600_000);
  const opensAt = ROOM ? new Date(Date.now() + ROOM_LEAD_SECONDS * 1000) : past;
  const sets = {
    // Room for every warm-up claim and the traced one whatever the sizes (at small sizes 60 seats could fill up).
    warmup: await seedOfferings(db, 'W', specs.slice(HOT, HOT + 10).map((s, index) => ({ ...s, index, capacity: 1_000 })), past),
    bare1: await seedOfferings(db, 'B1', specs, past),
    service: await seedOfferings(db, 'S', specs, opensAt),
    bare2: await seedOfferings(db, 'B2', specs, past),
    floor: FLOOR ? await seedOfferings(db, 'F', specs, past) : null,
  };
  for (const table of ['accounts', 'households', 'persons', 'household_members', 'refresh_tokens', 'offerings']) await db.query(`ANALYZE TABLE \`${table}\``);
  progress(`seeded ${HOUSEHOLDS} households, ${4 * OFFERINGS + 10} offerings in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // Access tokens as a login gives them (15 minutes), each naming its login's refresh chain.
  const sign = () => {
    const iat = Math.floor(Date.now() / 1000);
    for (const h of households) h.token = stage.jwt.sign({ sub: h.accountId, typ: 'access', sid: h.sessionId, iat });
  };
  sign();
  const pool = mysql.createPool({ uri: stage.bareUrl, connectionLimit: BARE_POOL, timezone: 'Z' });
  pool.on('connection', (connection) => {
    connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
  });
  try {
    // Warm-up: the first households on offerings of their own, through both paths.
    const warmClaims = households.slice(0, WARMUP).map((household, i) => ({ household, offering: { index: i % 10, hot: false, capacity: COLD_CAPACITY } }));
    const warm = newPhase('warm-up', warmClaims.length);
    started = performance.now();
    await closedLoop(warmClaims, (claim) => serviceClaim(warm, target, sets.warmup, claim, started).then(() => undefined));
    await bareClaims(pool, newPhase('warm-up', 0), sets.warmup, warmClaims.slice(0, 50));
    progress(`warm-up: ${WARMUP} claims through the service (${byStatus(warm.holds)})`);
    let trace: { hold: string[]; checkout: string[] } | null = null;
    if (stage.inProcess) {
      trace = await traceOneClaim(target, sets.warmup, households[WARMUP % households.length]);
      progress(`one claim alone: the hold sends ${trace.hold.length} statements, the checkout ${trace.checkout.length}`);
      if (env.OPENING_TRACE === '1') for (const [name, sqls] of Object.entries(trace)) process.stdout.write(`  ${name}:\n${sqls.map((sql) => `    ${sql}`).join('\n')}\n`);
    }

    const list = claims(households, specs);
    const bare1 = newPhase('bare SQL loop, before', list.length);
    await measured(bare1, stage.databasePids, () => bareClaims(pool, bare1, sets.bare1, list));
    progress(`bare loop (before): ${fixed(bare1.seconds, 1)} s`);

    sign();
    const service = newPhase('service (HTTP)', list.length);
    const room: RoomStats = { joins: [], polls: [], joinSeconds: 0, admittedFirstMs: Number.NaN, refusedHolds: 0 };
    started = performance.now();
    if (ROOM) {
      // The joins are the evening before the opening, not the measure: it starts at the opening.
      await joinRoom(service, target, list, room);
      progress(`waiting room: ${list.length} households joined in ${room.joinSeconds.toFixed(1)} s`);
      const untilOpening = opensAt.getTime() - Date.now();
      if (untilOpening < 500) throw new Error(`the joins ended ${-untilOpening} ms after the opening: raise OPENING_ROOM_LEAD_SECONDS`);
      await sleep(untilOpening);
      await measured(service, stage.databasePids, () => profiled('service', () => roomOpening(service, target, sets.service, list, room)));
    } else {
      await measured(service, stage.databasePids, () => profiled('service', () => closedLoop(list, (claim) => serviceClaim(service, target, sets.service, claim, started).then(() => undefined))));
    }
    progress(`service: ${fixed(service.seconds, 1)} s (holds: ${byStatus(service.holds)})`);

    const bare2 = newPhase('bare SQL loop, after', list.length);
    await measured(bare2, stage.databasePids, () => bareClaims(pool, bare2, sets.bare2, list));
    progress(`bare loop (after): ${fixed(bare2.seconds, 1)} s`);
    let floor: { result: PhaseResult; checks: Checks } | null = null;
    if (sets.floor) {
      const result = newPhase('design floor (bare node:http, two raw transactions)', list.length);
      await measured(result, stage.databasePids, () => floorClaims(pool, result, sets.floor!, list));
      floor = { result, checks: await check(stage.checkDb, sets.floor, specs) };
      result.seats = floor.checks.seats;
      progress(`design floor: ${fixed(result.seconds, 1)} s`);
    }

    const checks = {
      service: await check(stage.checkDb, sets.service, specs),
      bare1: await check(stage.checkDb, sets.bare1, specs),
      bare2: await check(stage.checkDb, sets.bare2, specs),
    };
    service.seats = checks.service.seats;
    bare1.seats = checks.bare1.seats;
    bare2.seats = checks.bare2.seats;
    return report(header, { service, bare1, bare2 }, checks, room, stage.inProcess ? trace : null, await stage.notes(), floor);
  } finally {
    await pool.end();
  }
}

function report(
  header: string[],
  r: { service: PhaseResult; bare1: PhaseResult; bare2: PhaseResult },
  checks: Record<'service' | 'bare1' | 'bare2', Checks>,
  room: RoomStats,
  trace: { hold: string[]; checkout: string[] } | null,
  notes: string[],
  floor: { result: PhaseResult; checks: Checks } | null = null,
): number {
  const { service, bare1, bare2 } = r;
  const rate = (p: PhaseResult) => p.seats / p.seconds;
  const bareRate = (rate(bare1) + rate(bare2)) / 2;
  const ratio = rate(service) / bareRate;
  const hold = latencies(service.holds);
  const checkout = latencies(service.checkouts);
  const family = latencies(service.households.map((ms) => ({ status: 0, code: '', ms })));
  const bareClaim = latencies([...bare1.holds, ...bare2.holds]);
  const holdsAnswered = service.holds.length;
  const checkoutsAnswered = service.checkouts.length;
  const claimsServed = service.holds.filter((a) => a.status !== 503).length;
  const lines = ['', '## Registration night', '', ...header.map((h) => `- ${h}`)];
  lines.push(
    '',
    '| | service (HTTP: hold, then checkout) | bare SQL loop, before | bare SQL loop, after |',
    '|---|---|---|---|',
    `| claims (households) | ${service.claims} | ${bare1.claims} | ${bare2.claims} |`,
    `| seats confirmed | ${service.seats} | ${bare1.seats} | ${bare2.seats} |`,
    `| time | ${fixed(service.seconds, 1)} s | ${fixed(bare1.seconds, 2)} s | ${fixed(bare2.seconds, 2)} s |`,
    `| **seats confirmed per second** | **${fixed(rate(service), 1)}** | ${fixed(rate(bare1), 1)} | ${fixed(rate(bare2), 1)} |`,
    `| claims per second | ${fixed(service.claims / service.seconds, 1)} | ${fixed(bare1.claims / bare1.seconds, 1)} | ${fixed(bare2.claims / bare2.seconds, 1)} |`,
    `| hot offerings full (last seat confirmed), median / last | ${hotFull(service)} | ${hotFull(bare1)} | ${hotFull(bare2)} |`,
    `| seats left on hot offerings (claims bigger than what was left) | ${checks.service.hotLeft} | ${checks.bare1.hotLeft} | ${checks.bare2.hotLeft} |`,
    `| **seats oversold** (from the database) | **${checks.service.oversoldSeats}** | ${checks.bare1.oversoldSeats} | ${checks.bare2.oversoldSeats} |`,
    `| persons confirmed twice for one offering | ${checks.service.duplicates} | ${checks.bare1.duplicates} | ${checks.bare2.duplicates} |`,
    `| statements to the database per claim${ROOM ? ' (the room\'s polls included)' : ''} | ${trace ? fixed(service.statements / service.claims, 1) : '—'} | ${fixed(bare1.statements / bare1.claims, 1)} | ${fixed(bare2.statements / bare2.claims, 1)} |`,
    `| CPU per claim: ${trace ? 'this process' : 'the load generator'} / database server${GALERA ? 's' : ''} (ms) | ${perClaim(service.cpuMs, service.claims)} / ${perClaim(service.databaseCpuMs, service.claims)} | ${perClaim(bare1.cpuMs, bare1.claims)} / ${perClaim(bare1.databaseCpuMs, bare1.claims)} | ${perClaim(bare2.cpuMs, bare2.claims)} / ${perClaim(bare2.databaseCpuMs, bare2.claims)} |`,
    `| event loop busy (this process) | ${fixed(service.loop * 100)} % | ${fixed(bare1.loop * 100)} % | ${fixed(bare2.loop * 100)} % |`,
    `| CPU of other processes (share of the machine) | ${fixed((service.othersShare ?? NaN) * 100)} % | ${fixed((bare1.othersShare ?? NaN) * 100)} % | ${fixed((bare2.othersShare ?? NaN) * 100)} % |`,
  );
  lines.push(
    '',
    '| latency (ms) | answers | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|---|',
    `| POST /me/holds (each answer) | ${holdsAnswered} | ${fixed(hold.p50)} | ${fixed(hold.p95)} | ${fixed(hold.p99)} | ${fixed(hold.max)} |`,
    `| POST /me/registrations (each answer) | ${checkoutsAnswered} | ${fixed(checkout.p50)} | ${fixed(checkout.p95)} | ${fixed(checkout.p99)} | ${fixed(checkout.max)} |`,
    `| ${ROOM ? "a household's night from its first poll at the opening (its wait in the room included)" : "a household's claim, 503 pauses included"} | ${service.households.length} | ${fixed(family.p50)} | ${fixed(family.p95)} | ${fixed(family.p99)} | ${fixed(family.max)} |`,
    `| bare loop, one claim (both passes) | ${bare1.holds.length + bare2.holds.length} | ${fixed(bareClaim.p50, 1)} | ${fixed(bareClaim.p95, 1)} | ${fixed(bareClaim.p99, 1)} | ${fixed(bareClaim.max, 1)} |`,
  );
  lines.push('', `- holds: ${byStatus(service.holds)}`, `- checkouts: ${byStatus(service.checkouts)}`, `- claims answered (not 503): ${claimsServed} of ${service.claims}`);
  for (const note of notes) lines.push(`- ${note}`);
  if (trace) lines.push(`- one claim alone: the hold sends ${trace.hold.length} statements, its checkout ${trace.checkout.length} (OPENING_TRACE=1 lists them)`);
  if (ROOM) lines.push(`- with the waiting room the service's rate is the admissions' pace (ADMISSION_PER_MINUTE = ${ADMISSION_PER_MINUTE}, ${fixed(ADMISSION_PER_MINUTE / 60, 1)} households/s) whenever the service keeps up: the ratio then measures the pacing, not the service`);
  if (ROOM) {
    const join = latencies(room.joins);
    const poll = latencies(room.polls);
    lines.push(
      `- waiting room: ${room.joins.length} joins before the opening in ${fixed(room.joinSeconds, 1)} s (p99 ${fixed(join.p99)} ms); ${room.polls.length} polls from the opening (p50 ${fixed(poll.p50)} ms, p99 ${fixed(poll.p99)} ms: ${byStatus(room.polls)}); first household admitted ${fixed(room.admittedFirstMs)} ms after the opening; ${room.refusedHolds} holds refused 403 waiting_room`,
    );
  }
  const targets = [
    ['seats oversold', `${checks.service.oversoldSeats}`, '0', checks.service.oversoldSeats === 0 && checks.bare1.oversoldSeats === 0 && checks.bare2.oversoldSeats === 0],
    ['service seats/s ÷ bare loop seats/s', fixed(ratio, 3), `≥ ${TARGET_RATIO}`, ratio >= TARGET_RATIO],
    ['p99 of a hold', `${fixed(hold.p99)} ms`, `< ${TARGET_HOLD_P99_MS} ms`, hold.p99 < TARGET_HOLD_P99_MS],
    ['5xx other than 503 with Retry-After', `${service.serverErrors}`, '0', service.serverErrors === 0],
  ] as const;
  lines.push('', '| target | value | goal | verdict |', '|---|---|---|---|', ...targets.map(([name, value, goal, ok]) => `| ${name} | ${value} | ${goal} | ${ok ? 'PASS' : 'BELOW'} |`));
  if (checks.service.checkoutMismatches || checks.service.liveHolds) {
    lines.push('', `- holds checked out whose registrations differ from their seats: ${checks.service.checkoutMismatches}; holds still live at the end: ${checks.service.liveHolds}`);
  }
  if (floor) {
    const f = floor.result;
    const floorHold = latencies(f.holds);
    lines.push(
      '',
      `Design floor (OPENING_FLOOR=1; not part of the ratio): the same claims as two requests to a bare node:http server, each one raw transaction: **${fixed(rate(f), 1)} seats/s**, ${fixed(rate(f) / bareRate, 3)} of the bare loop's rate; the service is ${fixed(rate(service) / rate(f), 3)} of it. ${fixed(f.seconds, 2)} s; ${fixed(f.statements / f.claims, 1)} statements and ${perClaim(f.cpuMs, f.claims)} / ${perClaim(f.databaseCpuMs, f.claims)} ms of CPU (this process / database) per claim; event loop ${fixed(f.loop * 100)} % busy; hold p50 / p99 ${fixed(floorHold.p50)} / ${fixed(floorHold.p99)} ms; oversold ${floor.checks.oversoldSeats}, 5xx ${f.serverErrors}.`,
    );
  }
  for (const p of [service, bare1, bare2, ...(floor ? [floor.result] : [])]) if (p.firstError) lines.push(`- first unexpected answer (${p.name}): ${p.firstError}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  const broken =
    [checks.service, checks.bare1, checks.bare2, ...(floor ? [floor.checks] : [])].some((c) => c.oversoldSeats || c.duplicates) || checks.service.checkoutMismatches > 0 || service.serverErrors > 0 || (floor?.result.serverErrors ?? 0) > 0;
  return broken ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
