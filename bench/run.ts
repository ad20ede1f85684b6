// Throughput benchmark (npm run bench): the real app against bare argon2id and a bare Nest route,
// measured in the same process and run, so that the ratios compare across machines. A report,
// not a test: it exits 0 whatever the ratios are. See docs/benchmarks.md.
import 'reflect-metadata';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import argon2 from 'argon2';
import { In, type DataSource } from 'typeorm';
import { Account } from '../src/accounts/account.entity.js';
import { ARGON2_OPTIONS, hashPassword } from '../src/security/password-hasher.js';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';
import { startBareApp } from './bare-app.js';
import { Client, contention, expectStatus, machineCpu, merge, runLoad, summarize, type Sample, type Summary } from './load.js';

/**
 * Operations in flight at once, the same on both sides of a ratio. Throughput is a server's
 * capacity when saturated, as on a registration night, so each pair runs at a load that saturates
 * what bounds it. argon2 is bound by libuv's 4 threads: with only 4 requests in flight every HTTP
 * round trip leaves a thread idle, and even a bare express route that only hashes measured about
 * 0.9 of bare argon2 on 2 cores; from 8 in flight the queue hides those gaps. GET /me is bound by
 * the event loop, which 4 in flight already keep busy; more only adds queueing to both sides.
 */
const ARGON2_CONCURRENCY = 16;
const LIGHT_CONCURRENCY = 4;
/**
 * The two sides of a ratio are measured in alternating slices rather than one after the other:
 * on a shared 2-core VM the throughput drifts by ±15 % over a few seconds, and alternating puts the
 * drift on both sides alike. argon2-bound measures run at a few dozen ops/s, hence their longer total.
 */
const ROUNDS = 5;
const ARGON2_SLICE_MS = 2_000;
const LIGHT_SLICE_MS = 1_000;
/** Unmeasured run before each measure: JIT, connection pools, prepared statements, the dummy hash. */
const WARMUP_MS = 1_500;
const PASSWORD = 'Soleil-d-hiver-27';

const TARGETS = [
  { name: 'login/verify', numerator: 'login', denominator: 'verify', target: 0.9 },
  { name: 'signup/hash', numerator: 'signup', denominator: 'hash', target: 0.9 },
  { name: 'me/bare', numerator: 'me', denominator: 'bare', target: 0.5 },
] as const;

type Measure = 'hash' | 'verify' | 'signup' | 'login' | 'bare' | 'me';

const LABELS: Record<Measure, string> = {
  hash: 'argon2id hash (no HTTP)',
  verify: 'argon2id verify (no HTTP)',
  signup: 'POST /api/v1/auth/signup',
  login: 'POST /api/v1/auth/login',
  bare: 'GET /api/v1/bare (bare Nest)',
  me: 'GET /api/v1/me',
};

// Addresses and client IPs unique across reruns on the same MySQL database: the limiter's counters
// (100 email requests/IP/hour, 5 emails/address/hour) persist there.
const RUN_ID = `${Date.now().toString(36)}${randomInt(36 ** 4).toString(36)}`;
let emailSeq = 0;
let ipSeq = randomInt(0xfffffe);

function nextEmail(): string {
  return `bench.${RUN_ID}.${emailSeq++}@exemple.ca`;
}

/** 10.0.0.1 … 10.255.255.254, one per request, sent as X-Forwarded-For through the trusted loopback. */
function nextIp(): string {
  const n = (ipSeq++ % 0xfffffe) + 1;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

function portOf(app: INestApplication): number {
  return (app.getHttpServer().address() as AddressInfo).port;
}

async function describeDatabase(dataSource: DataSource): Promise<string> {
  if (dataSource.options.type === 'better-sqlite3') {
    const [row] = (await dataSource.query('SELECT sqlite_version() AS version')) as Array<{ version: string }>;
    return `sqlite (SQLite ${row.version}, better-sqlite3)`;
  }
  const [row] = (await dataSource.query('SELECT VERSION() AS version')) as Array<{ version: string }>;
  return `mysql (${row.version}, mysql2)`;
}

/** Confirms the addresses directly in the database: following each email link would dominate the setup. */
async function confirmAccounts(dataSource: DataSource, emails: string[]): Promise<void> {
  let confirmed = 0;
  for (let i = 0; i < emails.length; i += 500) {
    const result = await dataSource.getRepository(Account).update({ email: In(emails.slice(i, i + 500)) }, { emailVerifiedAt: new Date() });
    confirmed += result.affected ?? 0;
  }
  if (confirmed !== emails.length) throw new Error(`${emails.length} sign-ups answered 202 but ${confirmed} accounts were confirmed`);
}

function progress(message: string): void {
  process.stdout.write(`· ${message}\n`);
}

type Op = () => Promise<void>;

/** Warms both sides up, then alternates them slice by slice; each side's slices add up to one sample. */
async function measurePair([nameA, opA]: [Measure, Op], [nameB, opB]: [Measure, Op], sliceMs: number, concurrency: number): Promise<[Summary, Summary]> {
  progress(`${LABELS[nameA]} / ${LABELS[nameB]}: ${ROUNDS} × ${sliceMs / 1000} s each, ${concurrency} in flight`);
  await runLoad(WARMUP_MS, concurrency, opA);
  await runLoad(WARMUP_MS, concurrency, opB);
  const samplesA: Sample[] = [];
  const samplesB: Sample[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    samplesA.push(await runLoad(sliceMs, concurrency, opA));
    samplesB.push(await runLoad(sliceMs, concurrency, opB));
  }
  return [summarize(merge(samplesA)), summarize(merge(samplesB))];
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function report(results: Record<Measure, Summary>, header: string[]): void {
  const lines = ['', ...header, ''];
  lines.push(`${'measure'.padEnd(30)}${'ok'.padStart(7)}${'errors'.padStart(8)}${'ops/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}`);
  for (const name of Object.keys(LABELS) as Measure[]) {
    const r = results[name];
    lines.push(
      `${LABELS[name].padEnd(30)}${String(r.ok).padStart(7)}${String(r.errors).padStart(8)}${fixed(r.opsPerSecond, 1).padStart(10)}` +
        `${fixed(r.p50Ms, 1).padStart(9)}${fixed(r.p95Ms, 1).padStart(9)}`,
    );
  }
  lines.push('', `${'ratio'.padEnd(16)}${'value'.padStart(7)}${'target'.padStart(9)}  verdict`);
  for (const { name, numerator, denominator, target } of TARGETS) {
    const ratio = results[numerator].opsPerSecond / results[denominator].opsPerSecond;
    const verdict = Number.isFinite(ratio) && ratio >= target ? 'PASS' : 'BELOW';
    lines.push(`${name.padEnd(16)}${fixed(ratio, 3).padStart(7)}${`≥ ${target}`.padStart(9)}  ${verdict}`);
  }
  const failed = (Object.keys(LABELS) as Measure[]).filter((name) => results[name].errors > 0);
  if (failed.length) {
    lines.push('', 'errors (first of each):');
    for (const name of failed) lines.push(`  ${LABELS[name]}: ${results[name].errors} × ${results[name].firstError}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-bench-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    MAIL_DISPATCH_INTERVAL_MS: '0',
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: 'silent',
  });
  try {
    const app = await createApp(config);
    try {
      await app.listen(0, '127.0.0.1');
      const bareApp = await startBareApp();
      try {
        await measureAll(app, bareApp);
      } finally {
        await bareApp.close();
      }
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureAll(app: INestApplication, bareApp: INestApplication): Promise<void> {
  const api = new Client(portOf(app), ARGON2_CONCURRENCY);
  const bare = new Client(portOf(bareApp), LIGHT_CONCURRENCY);
  try {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const cpu = cpus();
    const header = [
      `Node ${process.version}, ${cpu.length} CPU(s) (${cpu[0]?.model.trim() ?? 'unknown'}), UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`,
      `database: ${await describeDatabase(dataSource)}`,
      `argon2id m=${ARGON2_OPTIONS.memoryCost} KiB t=${ARGON2_OPTIONS.timeCost} p=${ARGON2_OPTIONS.parallelism}; in flight: ${ARGON2_CONCURRENCY} for the argon2 pairs, ${LIGHT_CONCURRENCY} for GET /me`,
    ];
    const machineBefore = machineCpu();
    const ownBefore = process.cpuUsage();
    progress(header[1]);

    const hashOp: Op = async () => {
      if (!(await hashPassword(PASSWORD)).startsWith('$argon2id$')) throw new Error('not an argon2id hash');
    };
    // The addresses signed up here (warm-up included) are the accounts the login measure uses.
    const signedUp: string[] = [];
    const signupOp: Op = async () => {
      const email = nextEmail();
      const body = { firstName: 'Camille', lastName: 'Tremblay', email, password: PASSWORD, passwordConfirmation: PASSWORD };
      expectStatus(await api.send('POST', '/api/v1/auth/signup', { 'x-forwarded-for': nextIp() }, body), 202);
      signedUp.push(email);
    };
    const [signup, hash] = await measurePair(['signup', signupOp], ['hash', hashOp], ARGON2_SLICE_MS, ARGON2_CONCURRENCY);
    if (!signedUp.length) throw new Error('no sign-up succeeded: nothing to log in with');
    await confirmAccounts(dataSource, signedUp);

    const stored = await argon2.hash(PASSWORD, ARGON2_OPTIONS);
    const verifyOp: Op = async () => {
      if (!(await argon2.verify(stored, PASSWORD))) throw new Error('argon2.verify answered false');
    };
    // Round-robin over the accounts, a new client IP each time; every login succeeds, so no
    // failure counter ever grows.
    let loginSeq = 0;
    let accessToken = '';
    const loginOp: Op = async () => {
      const email = signedUp[loginSeq++ % signedUp.length];
      const reply = expectStatus(await api.send('POST', '/api/v1/auth/login', { 'x-forwarded-for': nextIp() }, { email, password: PASSWORD }), 200);
      const token = (JSON.parse(reply.body) as { accessToken?: unknown }).accessToken;
      if (typeof token !== 'string') throw new Error('200 without an access token');
      accessToken ||= token;
    };
    const [login, verify] = await measurePair(['login', loginOp], ['verify', verifyOp], ARGON2_SLICE_MS, ARGON2_CONCURRENCY);
    if (!accessToken) throw new Error('no login succeeded: no token for GET /me');

    const authorization = `Bearer ${accessToken}`;
    const meOp: Op = async () => {
      expectStatus(await api.send('GET', '/api/v1/me', { authorization }), 200);
    };
    const bareOp: Op = async () => {
      expectStatus(await bare.send('GET', '/api/v1/bare'), 200);
    };
    const [me, bareRoute] = await measurePair(['me', meOp], ['bare', bareOp], LIGHT_SLICE_MS, LIGHT_CONCURRENCY);

    header.push(contention(machineBefore, ownBefore));
    report({ hash, verify, signup, login, bare: bareRoute, me }, header);
  } finally {
    api.close();
    bare.close();
  }
}

await main();
