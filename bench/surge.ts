// Registration-night surge (npm run bench:surge; the last part of npm run bench). The service runs as
// `npm start` runs it, in a process of its own, on a fresh MariaDB/MySQL database made for the run
// (SURGE_DATABASE=sqlite: a SQLite file instead), with the city's dossiers imported by the import
// CLI. This process is the load generator: 2 000 residents sign up, read their confirmation email
// (the .eml files the service writes), confirm, log in and link their dossier, step by step, each
// step with a fixed number of requests in flight; then 500 of them log in again all at once, far
// beyond what argon2 can take. Between the argon2 steps a third process measures bare argon2id
// (the machine's ceiling) with the service's thread pool size. A report, not a test: it exits 0
// whatever the figures are. The database is dropped at the end. See docs/benchmarks.md.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createWriteStream, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { IMPORT_COLUMN_NAMES } from '../src/dossiers/import/import-columns.js';
import { Client, machineCpu, percentile, type Reply } from './load.js';
import { generator, pad } from './random.js';

const RESIDENTS = Number(process.env.SURGE_RESIDENTS ?? 2_000);
const THREAD_POOL = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
/**
 * Requests in flight during the argon2 steps (sign-up, login): well beyond the pool's threads, so
 * that argon2 never waits for a request, and within the service's queue (threads + PASSWORD_QUEUE_MAX,
 * 4 + 100 by default): these steps measure the capacity. The few refused are those whose wait would
 * pass PASSWORD_QUEUE_WAIT_MS; they come back after their Retry-After.
 */
const ARGON2_IN_FLIGHT = Number(process.env.SURGE_IN_FLIGHT ?? 64);
/** Confirmations and links are bound by the event loop and the database, which 16 keep busy. */
const LIGHT_IN_FLIGHT = 16;
/** The last step: this many residents log in again all at once, far beyond the queue. */
const OVERLOAD = Number(process.env.SURGE_OVERLOAD ?? 500);
/** Each argon2 step is framed by two ceiling measures of this length, whose mean is the step's ceiling. */
const CEILING_SECONDS = Number(process.env.SURGE_CEILING_SECONDS ?? 8);
const CEILING_IN_FLIGHT = 4 * THREAD_POOL;
/** Unmeasured requests before each argon2 step: the service's JIT, pools and prepared statements. */
const WARMUP_REQUESTS = 60;
/** No answer after this long counts as a timeout: what the surge must never produce. */
const CLIENT_TIMEOUT_MS = 30_000;
const MAX_ATTEMPTS = 30;
const PASSWORD = 'Soleil-d-hiver-27';
const TARGET_RATIO = 0.9;
const TARGET_P99_MS = 2_000;

const BENCH_DIR = import.meta.dirname;
const MAIN = join(BENCH_DIR, '..', 'src', 'main.js');
const IMPORT_CLI = join(BENCH_DIR, '..', 'src', 'dossiers', 'import', 'import-dossiers.cli.js');
const CEILING = join(BENCH_DIR, 'argon2-ceiling.js');

const RUN = `${Date.now().toString(36)}${randomInt(36 ** 3).toString(36)}`;
const { pick, between } = generator(20261201);

function progress(message: string): void {
  process.stdout.write(`· ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// The residents and the city's dossiers

interface Resident {
  email: string;
  /** Sent as X-Forwarded-For through the service's trusted loopback proxy: each resident has their own address. */
  ip: string;
  dossierNumber: string;
  /** As the form shows it, AAAA/MM/JJ. */
  birthDate: string;
  token?: string;
  accessToken?: string;
}

const FIRST_NAMES = ['Léa', 'Émile', 'Zoé', 'Gabriel', 'Chloé', 'Félix', 'Juliette', 'Éloïse', 'Thomas', 'Noémie', 'Mathis', 'Rosalie', 'Olivier', 'Florence', 'Samuel', 'Béatrice'];
const LAST_NAMES = ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque', 'Bérubé', 'Bergeron'];
const STREETS = ['boulevard Lasalle', 'boulevard Blanche', 'boulevard Jolliet', 'avenue Cartier', 'rue de Puyjalon', 'rue Bossé', 'avenue Laval', 'rue Mance'];

let ipSeq = randomInt(0xfffffe);
function nextIp(): string {
  const n = (ipSeq++ % 0xfffffe) + 1;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

function residents(count: number, kind: string): Resident[] {
  return Array.from({ length: count }, (_, i) => ({
    email: `${kind}.${RUN}.${i}@exemple.ca`,
    ip: nextIp(),
    dossierNumber: `S${RUN.toUpperCase()}${pad(i, 5)}`,
    birthDate: `${between(1950, 2000)}/${pad(between(1, 12))}/${pad(between(1, 28))}`,
  }));
}

/**
 * The legacy file of the city, as docs/import.md describes it: one household per resident, the
 * resident as its holder, with a spouse and up to two children (who never link).
 */
async function writeDossiers(path: string, people: Resident[]): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${IMPORT_COLUMN_NAMES.join(',')}\n`);
  people.forEach((resident, i) => {
    const lastName = pick(LAST_NAMES);
    const household = `FS-${RUN}-${i}`;
    const address = [String(between(1, 2999)), pick(STREETS), '', 'Baie-Comeau', `G4Z ${between(0, 9)}A${between(0, 9)}`];
    const phone = `418 ${between(200, 999)}-${pad(between(0, 9999), 4)}`;
    const row = (dossier: string, firstName: string, birthDate: string, relationship: string) =>
      [dossier, firstName, lastName, birthDate, household, relationship, '', ...address, phone, '', ''].join(',');
    const lines = [row(resident.dossierNumber, pick(FIRST_NAMES), resident.birthDate.replaceAll('/', '-'), 'titulaire')];
    lines.push(row(`${resident.dossierNumber}C`, pick(FIRST_NAMES), `${between(1950, 2000)}-${pad(between(1, 12))}-${pad(between(1, 28))}`, 'conjoint'));
    for (let c = 0; c < between(0, 2); c++) lines.push(row(`${resident.dossierNumber}E${c}`, pick(FIRST_NAMES), `${between(2010, 2022)}-0${between(1, 9)}-1${between(0, 9)}`, 'enfant'));
    out.write(`${lines.join('\n')}\n`);
  });
  out.end();
  await once(out, 'finish');
}

/** The confirmation link of each .eml the service wrote, by recipient (quoted-printable undone). */
function confirmationTokens(mailDir: string): Map<string, string[]> {
  const tokens = new Map<string, string[]>();
  for (const file of readdirSync(mailDir).filter((f) => f.endsWith('.eml'))) {
    const raw = readFileSync(join(mailDir, file), 'utf8').replace(/=\r?\n/g, '');
    const to = /^To: (?:.*<)?([^\s<>]+@[^\s<>]+?)>?$/m.exec(raw)?.[1]?.toLowerCase();
    const token = /\/confirmation\?token=3D([A-Za-z0-9_-]+)|\/confirmation\?token=([A-Za-z0-9_-]+)/.exec(raw);
    if (!to || !token) continue;
    tokens.set(to, [...(tokens.get(to) ?? []), token[1] ?? token[2]]);
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// The processes: the service, the import, the argon2 ceiling

const execFileAsync = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** CPU time in ms of a process, or of one of its threads (utime + stime of /proc/…/stat; USER_HZ = 100); null off Linux. */
function cpuMs(path: string): number | null {
  try {
    const fields = readFileSync(`/proc/${path}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** The processes whose CPU the report splits: the service, its main thread (the event loop), the database server. */
interface Watched {
  service: number;
  databaseServer: number | null;
}

interface CpuSnapshot {
  service: number | null;
  /** The service's main thread: everything but argon2 (libuv's pool), the GC's helpers and the compiler's. */
  loop: number | null;
  databaseServer: number | null;
  machine: ReturnType<typeof machineCpu>;
  own: NodeJS.CpuUsage;
}

function snapshot(watched: Watched): CpuSnapshot {
  return {
    service: cpuMs(String(watched.service)),
    loop: cpuMs(`${watched.service}/task/${watched.service}`),
    databaseServer: watched.databaseServer === null ? null : cpuMs(String(watched.databaseServer)),
    machine: machineCpu(),
    own: process.cpuUsage(),
  };
}

interface CpuUse {
  /** ms of CPU during the interval. */
  service: number | null;
  loop: number | null;
  databaseServer: number | null;
  generator: number;
  /** Share of the machine's CPU taken by everything else (other processes; the database server too when it is not watched). */
  othersShare: number | null;
}

function cpuSince(before: CpuSnapshot, watched: Watched): CpuUse {
  const after = snapshot(watched);
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  const own = process.cpuUsage(before.own);
  const use: CpuUse = {
    service: diff(after.service, before.service),
    loop: diff(after.loop, before.loop),
    databaseServer: diff(after.databaseServer, before.databaseServer),
    generator: (own.user + own.system) / 1000,
    othersShare: null,
  };
  if (before.machine && after.machine && use.service !== null) {
    const others = after.machine.busyMs - before.machine.busyMs - use.service - (use.databaseServer ?? 0) - use.generator;
    use.othersShare = Math.max(0, others) / (after.machine.totalMs - before.machine.totalMs);
  }
  return use;
}

interface Service {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startService(env: NodeJS.ProcessEnv, logFile: string): Promise<Service> {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  // SURGE_PROFILE_DIR: the service writes a CPU profile there when it stops (node --cpu-prof).
  const profile = process.env.SURGE_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SURGE_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, ['--max-semi-space-size=64', ...profile, MAIN], {
    env: { ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = once(child, 'exit');
  const client = new Client(port, 1, 2_000);
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`the service stopped (exit ${child.exitCode}): see ${logFile}`);
      const ready = await client.send('GET', '/health/ready').catch(() => null);
      if (ready?.status === 200) break;
      if (i > 600) throw new Error(`the service was not ready after 60 s: see ${logFile}`);
      await sleep(100);
    }
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    client.close();
  }
  return {
    port,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

interface Ceiling {
  opsPerSecond: number;
  p50Ms: number;
  /** CPU time of the ceiling's process per operation: argon2's own cost, which the service pays too. */
  cpuMsPerOp: number;
}

async function ceiling(op: 'hash' | 'verify'): Promise<Ceiling> {
  const { stdout } = await execFileAsync(process.execPath, [CEILING, op, String(CEILING_SECONDS), String(CEILING_IN_FLIGHT)], {
    env: { ...process.env, UV_THREADPOOL_SIZE: String(THREAD_POOL) },
  });
  return JSON.parse(stdout) as Ceiling;
}

// ---------------------------------------------------------------------------------------------
// The steps

interface StepResult {
  name: string;
  residents: number;
  /** Residents who got the expected answer. */
  done: number;
  attempts: number;
  seconds: number;
  /** Every answer by status ('timeout', 'network' when none came). */
  statuses: Map<string, number>;
  /** Latencies of the expected answers, sorted. */
  okMs: number[];
  /** Latencies of the 503 answers, sorted. */
  shedMs: number[];
  firstError: string | null;
  cpu: CpuUse | null;
}

/**
 * Plays one step for every resident, `inFlight` of them at a time (each starts when another is
 * done). A 503 is retried after its Retry-After (plus up to a second, as people do not all click at
 * the same instant); any other unexpected answer ends that resident's night at this step.
 */
async function step(
  name: string,
  people: Resident[],
  inFlight: number,
  client: Client,
  attempt: (resident: Resident) => Promise<Reply>,
  expected: number,
  onSuccess: (resident: Resident, reply: Reply) => void = () => undefined,
  watched?: Watched,
): Promise<StepResult> {
  const result: StepResult = { name, residents: people.length, done: 0, attempts: 0, seconds: 0, statuses: new Map(), okMs: [], shedMs: [], firstError: null, cpu: null };
  const count = (status: string) => result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
  let next = 0;
  const cpuBefore = watched ? snapshot(watched) : null;
  const started = performance.now();
  const worker = async () => {
    while (next < people.length) {
      const resident = people[next++];
      for (let tries = 1; tries <= MAX_ATTEMPTS; tries++) {
        result.attempts++;
        const t0 = performance.now();
        let reply: Reply;
        try {
          reply = await attempt(resident);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          count(message.startsWith('no answer') ? 'timeout' : 'network');
          result.firstError ??= message;
          break;
        }
        const ms = performance.now() - t0;
        count(String(reply.status));
        if (reply.status === expected) {
          result.okMs.push(ms);
          result.done++;
          onSuccess(resident, reply);
          break;
        }
        if (reply.status === 503) {
          result.shedMs.push(ms);
          const retryAfter = Number(reply.headers['retry-after']);
          if (!(retryAfter >= 1)) result.firstError ??= `503 without a valid Retry-After: ${reply.body.slice(0, 200)}`;
          await sleep(Math.max(1, retryAfter || 1) * 1000 + Math.random() * 1000);
          continue;
        }
        result.firstError ??= `expected ${expected}, got ${reply.status}: ${reply.body.slice(0, 200)}`;
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, people.length) }, worker));
  result.seconds = (performance.now() - started) / 1000;
  if (cpuBefore && watched) result.cpu = cpuSince(cpuBefore, watched);
  result.okMs.sort((a, b) => a - b);
  result.shedMs.sort((a, b) => a - b);
  const rate = result.done / result.seconds;
  const loop = result.cpu?.loop == null ? '' : `, event loop ${(result.cpu.loop / result.done).toFixed(2)} ms/op`;
  progress(`${name}: ${result.done}/${people.length} in ${result.seconds.toFixed(1)} s (${rate.toFixed(1)}/s), p99 ${percentile(result.okMs, 99).toFixed(0)} ms${loop}, ${describeStatuses(result.statuses)}`);
  return result;
}

function describeStatuses(statuses: Map<string, number>): string {
  return [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([status, n]) => `${status} × ${n}`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// The database

interface Database {
  /** DATABASE_URL for the service, or null for SQLite. */
  url: string | null;
  describe: string;
  /** The server's process when it runs on this machine (its pid file is readable), to count its CPU. */
  serverPid: number | null;
  drop(): Promise<void>;
}

async function freshDatabase(): Promise<Database> {
  if (process.env.SURGE_DATABASE === 'sqlite') return { url: null, describe: 'SQLite (a file in a temporary folder)', serverPid: null, drop: async () => undefined };
  const server = new URL(process.env.DATABASE_URL?.match(/^(mysql|mariadb):/) ? process.env.DATABASE_URL : 'mysql://root@127.0.0.1:3306/guichet');
  server.protocol = 'mysql:';
  const name = `${decodeURIComponent(server.pathname.slice(1)) || 'guichet'}_surge_${randomInt(36 ** 5).toString(36)}`;
  server.pathname = '/';
  const admin = await mysql.createConnection({ uri: server.toString() });
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const [[version]] = (await admin.query('SELECT VERSION() AS v, @@pid_file AS pidFile')) as unknown as [[{ v: string; pidFile: string }]];
    let serverPid: number | null = null;
    try {
      serverPid = Number(readFileSync(version.pidFile, 'utf8').trim()) || null;
    } catch {
      // Another machine, or a pid file this user cannot read: its CPU is counted with the others'.
    }
    const url = new URL(server);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      describe: `MariaDB/MySQL ${version.v}, database ${name} (dropped at the end)`,
      serverPid,
      async drop() {
        const again = await mysql.createConnection({ uri: server.toString() });
        try {
          await again.query(`DROP DATABASE IF EXISTS \`${name}\``);
        } finally {
          await again.end();
        }
      },
    };
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-surge-'));
  const database = await freshDatabase();
  try {
    const mailDir = join(dir, 'mail');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATA_DIR: dir,
      MAIL_DIR: mailDir,
      SMTP_URL: '',
      JWT_SECRET: randomBytes(48).toString('base64url'),
      SESSION_SECRET: randomBytes(48).toString('base64url'),
      TRUST_PROXY: 'loopback',
      LOG_LEVEL: process.env.SURGE_LOG_LEVEL ?? 'info',
      DEMO_DATA: 'false',
      IMAP_URL: '',
      UV_THREADPOOL_SIZE: String(THREAD_POOL),
      // SURGE_SERVICE_ENV=NAME=value,NAME=value: more of the service's configuration (an experiment).
      ...Object.fromEntries((process.env.SURGE_SERVICE_ENV ?? '').split(',').filter(Boolean).map((pair) => pair.split('=', 2))),
    };
    if (database.url) env.DATABASE_URL = database.url;
    else delete env.DATABASE_URL;
    progress(`database: ${database.describe}`);
    const service = await startService(env, join(dir, 'service.log'));
    try {
      const people = residents(RESIDENTS, 'surge');
      const csv = join(dir, 'dossiers.csv');
      await writeDossiers(csv, people);
      const imported = await execFileAsync(process.execPath, [IMPORT_CLI, csv, '--report', join(dir, 'import-report.txt')], { env });
      progress(`dossiers imported by the import CLI: ${imported.stdout.trim().split('\n').slice(-3).join(' ').slice(0, 200)}`);
      await surge(service, people, mailDir, database);
    } finally {
      await service.stop();
    }
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function surge(service: Service, people: Resident[], mailDir: string, database: Database): Promise<void> {
  const client = new Client(service.port, Math.max(ARGON2_IN_FLIGHT, OVERLOAD), CLIENT_TIMEOUT_MS);
  const watched: Watched = { service: service.child.pid!, databaseServer: database.serverPid };
  const loadBefore = loadavg();
  const whole = snapshot(watched);
  const json = (resident: Resident, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': resident.ip, ...extra });
  const signup = (r: Resident) =>
    client.send('POST', '/api/v1/auth/signup', json(r), { firstName: 'Camille', lastName: 'Tremblay', email: r.email, password: PASSWORD, passwordConfirmation: PASSWORD });
  const login = (r: Resident) => client.send('POST', '/api/v1/auth/login', json(r), { email: r.email, password: PASSWORD });
  try {
    // Warm-up: sign-ups of other addresses, and logins of unknown ones (verified against the dummy hash).
    const warmup = residents(WARMUP_REQUESTS, 'warmup');
    await step('warm-up sign-ups', warmup, ARGON2_IN_FLIGHT, client, signup, 202);

    const hashBefore = await ceiling('hash');
    progress(`argon2id hash ceiling: ${hashBefore.opsPerSecond.toFixed(1)} ops/s`);
    const signups = await step('sign-up', people, ARGON2_IN_FLIGHT, client, signup, 202, undefined, watched);
    const signupsEnded = performance.now();
    const hashAfter = await ceiling('hash');
    progress(`argon2id hash ceiling: ${hashAfter.opsPerSecond.toFixed(1)} ops/s`);

    // The outbox sends the confirmations (the .eml files); each resident reads theirs.
    const expectedMails = people.length + warmup.length;
    while ((existsSync(mailDir) ? readdirSync(mailDir).length : 0) < expectedMails && performance.now() - signupsEnded < 120_000) await sleep(200);
    const mailSeconds = (performance.now() - signupsEnded) / 1000;
    const tokens = confirmationTokens(mailDir);
    let missing = 0;
    let duplicates = 0;
    for (const resident of people) {
      const found = tokens.get(resident.email) ?? [];
      if (!found.length) missing++;
      if (found.length > 1) duplicates++;
      resident.token = found[0];
    }
    progress(`confirmation emails: all written ${mailSeconds.toFixed(1)} s after the last sign-up answered; missing ${missing}, more than one ${duplicates}`);
    const withEmail = people.filter((r) => r.token);
    const confirms = await step('confirmation', withEmail, LIGHT_IN_FLIGHT, client, (r) => client.send('POST', '/api/v1/auth/verify-email', json(r), { token: r.token }), 200, undefined, watched);

    await step('warm-up logins', residents(WARMUP_REQUESTS, 'unknown'), ARGON2_IN_FLIGHT, client, login, 401);
    const verifyBefore = await ceiling('verify');
    progress(`argon2id verify ceiling: ${verifyBefore.opsPerSecond.toFixed(1)} ops/s`);
    const keepToken = (r: Resident, reply: Reply) => (r.accessToken = (JSON.parse(reply.body) as { accessToken: string }).accessToken);
    const logins = await step('login', withEmail, ARGON2_IN_FLIGHT, client, login, 200, keepToken, watched);
    const verifyAfter = await ceiling('verify');
    progress(`argon2id verify ceiling: ${verifyAfter.opsPerSecond.toFixed(1)} ops/s`);

    const loggedIn = withEmail.filter((r) => r.accessToken);
    const link = (r: Resident) =>
      client.send('POST', '/api/v1/me/dossier/link', json(r, { authorization: `Bearer ${r.accessToken}` }), { dossierNumber: r.dossierNumber, birthDate: r.birthDate });
    const links = await step('dossier link', loggedIn, LIGHT_IN_FLIGHT, client, link, 200, undefined, watched);

    // Hundreds at once: far beyond the queue, the excess is told to come back (503, Retry-After).
    const crowd = loggedIn.slice(0, OVERLOAD);
    const overload = await step(`login, ${crowd.length} at once`, crowd, crowd.length, client, login, 200, undefined, watched);

    const hash = mean(hashBefore, hashAfter);
    const verify = mean(verifyBefore, verifyAfter);
    const cpu = cpus();
    const header = [
      `Node ${process.version}, ${cpu.length} CPU(s) (${cpu[0]?.model.trim() ?? 'unknown'}), UV_THREADPOOL_SIZE=${THREAD_POOL}, service: node dist/src/main.js (NODE_ENV=production, LOG_LEVEL=${process.env.SURGE_LOG_LEVEL ?? 'info'})`,
      `database: ${database.describe}; ${people.length} residents, ${people.length} households imported`,
      `in flight: ${ARGON2_IN_FLIGHT} for sign-up and login, ${LIGHT_IN_FLIGHT} for confirmation and link, ${OVERLOAD} residents at once for the last step`,
      `argon2id ceiling (another process, ${CEILING_IN_FLIGHT} in flight, ${CEILING_SECONDS} s before and after each step): hash ${fixed(hashBefore.opsPerSecond, 1)} / ${fixed(hashAfter.opsPerSecond, 1)}, verify ${fixed(verifyBefore.opsPerSecond, 1)} / ${fixed(verifyAfter.opsPerSecond, 1)} ops/s`,
    ];
    const steps: Array<[StepResult, Ceiling | null]> = [
      [signups, hash],
      [confirms, null],
      [logins, verify],
      [links, null],
      [overload, verify],
    ];
    report(header, steps, { mailSeconds, missing, duplicates });
    process.stdout.write(`${machineShare(whole, watched)}\nload average (1 min): ${loadBefore[0].toFixed(2)} before, ${loadavg()[0].toFixed(2)} after\n`);
  } finally {
    client.close();
  }
}

function mean(a: Ceiling, b: Ceiling): Ceiling {
  return { opsPerSecond: (a.opsPerSecond + b.opsPerSecond) / 2, p50Ms: (a.p50Ms + b.p50Ms) / 2, cpuMsPerOp: (a.cpuMsPerOp + b.cpuMsPerOp) / 2 };
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function report(header: string[], steps: Array<[StepResult, Ceiling | null]>, mail: { mailSeconds: number; missing: number; duplicates: number }): void {
  const lines = ['', ...header, ''];
  lines.push(
    `${'step'.padEnd(24)}${'done'.padStart(6)}${'/s'.padStart(8)}${'× argon2'.padStart(10)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}` +
      `${'loop ms'.padStart(9)}${'db ms'.padStart(8)}${'others'.padStart(8)}  answers`,
  );
  const perOp = (ms: number | null | undefined, s: StepResult) => (ms === null || ms === undefined ? '—' : fixed(ms / s.done, 2));
  for (const [s, ceiling] of steps) {
    const rate = s.done / s.seconds;
    lines.push(
      `${s.name.padEnd(24)}${String(s.done).padStart(6)}${fixed(rate, 1).padStart(8)}${(ceiling ? fixed(rate / ceiling.opsPerSecond, 3) : '').padStart(10)}` +
        `${fixed(percentile(s.okMs, 50), 0).padStart(9)}${fixed(percentile(s.okMs, 95), 0).padStart(9)}${fixed(percentile(s.okMs, 99), 0).padStart(9)}` +
        `${perOp(s.cpu?.loop, s).padStart(9)}${perOp(s.cpu?.databaseServer, s).padStart(8)}` +
        `${(s.cpu?.othersShare == null ? '—' : `${fixed(100 * s.cpu.othersShare, 0)} %`).padStart(8)}  ${describeStatuses(s.statuses)}`,
    );
  }
  const overload = steps[steps.length - 1][0];
  if (overload.shedMs.length) {
    lines.push(`  503 answers of the last step: p50 ${fixed(percentile(overload.shedMs, 50), 0)} ms, p99 ${fixed(percentile(overload.shedMs, 99), 0)} ms, max ${fixed(overload.shedMs[overload.shedMs.length - 1], 0)} ms`);
  }
  lines.push(`  confirmation emails: all on disk ${mail.mailSeconds.toFixed(1)} s after the last sign-up; missing ${mail.missing}, more than one ${mail.duplicates}`);

  lines.push('', 'targets:');
  const unexpected = steps.flatMap(([s]) => [...s.statuses].filter(([status]) => !['200', '202', '429', '503'].includes(status)).map(([status, n]) => `${s.name}: ${status} × ${n}`));
  lines.push(`  no error but 429 (and 503 with Retry-After beyond the queue): ${unexpected.length ? `FAIL (${unexpected.join('; ')})` : 'PASS'}`);
  const undone = steps.filter(([s]) => s.done < s.residents).map(([s]) => `${s.name} ${s.done}/${s.residents}`);
  lines.push(`  every resident through every step: ${undone.length ? `FAIL (${undone.join('; ')})` : 'PASS'}`);
  for (const [s, ceiling] of steps) {
    if (!ceiling) continue;
    const p99 = percentile(s.okMs, 99);
    const ratio = s.done / s.seconds / ceiling.opsPerSecond;
    const ratioPart = s === overload ? '' : `, ${fixed(ratio, 3)} of argon2 (≥ ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? 'PASS' : 'BELOW'}`;
    lines.push(`  ${s.name}: p99 ${fixed(p99, 0)} ms (< ${TARGET_P99_MS}) ${p99 < TARGET_P99_MS ? 'PASS' : 'FAIL'}${ratioPart}`);
  }
  lines.push(
    '',
    "what the web path adds to argon2 (CPU per operation done, refusals included: the service's event loop, which argon2 never runs on, and the database server; argon2's own cost from the ceiling's process):",
  );
  for (const [s, ceiling] of steps.slice(0, 3)) {
    if (!ceiling || !s.cpu || s.cpu.loop === null) continue;
    const loop = s.cpu.loop / s.done;
    const db = (s.cpu.databaseServer ?? 0) / s.done;
    const dbPart = s.cpu.databaseServer === null ? '' : ` + database server ${fixed(db, 2)} ms = ${fixed(loop + db, 2)} ms, ${fixed((loop + db) / ceiling.cpuMsPerOp, 3)}`;
    lines.push(`  ${s.name}: argon2 ${fixed(ceiling.cpuMsPerOp, 2)} ms; event loop ${fixed(loop, 2)} ms, ${fixed(loop / ceiling.cpuMsPerOp, 3)} of it${dbPart}`);
  }
  lines.push('  (the loop and db columns above: ms of CPU per operation done; others: the share of the machine that other processes took)');
  const errors = steps.filter(([s]) => s.firstError).map(([s]) => `  ${s.name}: ${s.firstError}`);
  if (errors.length) lines.push('', 'first error of each step:', ...errors);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Who used the machine's CPU during the whole surge (the ceiling's measures included, counted with the others). */
function machineShare(before: CpuSnapshot, watched: Watched): string {
  const use = cpuSince(before, watched);
  const after = machineCpu();
  if (!before.machine || !after || use.service === null) return 'CPU of the machine: unknown (no /proc/stat)';
  const share = (ms: number) => `${((100 * ms) / (after.totalMs - before.machine!.totalMs)).toFixed(0)} %`;
  const database = use.databaseServer === null ? '' : `, the database server ${share(use.databaseServer)}`;
  return `CPU of the machine during the surge: the service ${share(use.service)} (its event loop ${share(use.loop ?? 0)})${database}, this generator ${share(use.generator)}, others (the argon2 ceiling's process included) ${fixed(100 * (use.othersShare ?? 0), 0)} %`;
}

await main();
