// Panel benchmark (npm run bench:panel): a fresh MariaDB/MySQL database seeded with a city's volumes
// (100 000 households, 300 000 persons, 200 000 dossier requests, 200 000 threads, 50 000 resident
// accounts, 10 clerks), the app
// started as `npm start` starts it, a clerk signed in through /admin/login, then the calls the
// panel's pages make to AdminJS's API, each for a few seconds at a fixed number in flight. A report,
// not a test: it exits 0 whatever the figures are. The database is dropped at the end.
// DATABASE_URL names the server (and the prefix of the database's name); default
// mysql://root@127.0.0.1:3306/guichet. PANEL_BENCH_SECONDS (3) and PANEL_BENCH_CONCURRENCY (8) tune the
// measure, PANEL_BENCH_ONLY=<text> runs the calls whose name has it; PANEL_BENCH_KEEP=1 keeps the
// database (to EXPLAIN its queries), PANEL_BENCH_DATABASE=<name> measures a kept one again. See docs/benchmarks.md.
import './panel-env.js';
import 'reflect-metadata';
import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import type { NestExpressApplication } from '@nestjs/platform-express';
import mysql from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { AuditLog } from '../src/audit/audit-log.js';
import { Clock } from '../src/common/clock.js';
import { createApp } from '../src/app.factory.js';
import { loadConfig, type AppConfig } from '../src/config/app-config.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { nameKey } from '../src/dossiers/dossier-rules.js';
import { QueuesService } from '../src/queues/queues.service.js';
import { createStaff } from '../src/staff/staff-accounts.service.js';
import { Client, contention, expectStatus, machineCpu, runLoad, summarize, type Summary } from './load.js';
import { generator, pad } from './random.js';

const HOUSEHOLDS = 100_000;
const PERSONS_PER_HOUSEHOLD = 3;
const PERSONS = HOUSEHOLDS * PERSONS_PER_HOUSEHOLD;
const REQUESTS = 200_000;
/** The mailbox's conversations, over the same three years (issue 18: the dashboard at this scale). */
const THREADS = 200_000;
/** Clerks holding requests and threads (staff ids 1…CLERKS; the benchmark's own clerk comes after). */
const CLERKS = 10;
const ACCOUNTS = 50_000;
const BATCH = 2_000;

const CONCURRENCY = Number(process.env.PANEL_BENCH_CONCURRENCY ?? 8);
const MEASURE_MS = Number(process.env.PANEL_BENCH_SECONDS ?? 3) * 1000;
const WARMUP_MS = 700;
const TARGET_P95_MS = 50;
const TARGET_RPS = 200;
/** The panel's home (issue 18): p95 under 100 ms; it is opened at the start of a day, not per keystroke, so no throughput target. */
const HOME_TARGET = { p95Ms: 100, rps: 0 };
const PASSWORD = 'Soleil-d-hiver-27';

const FIRST_NAMES = ['Léa', 'Émile', 'Zoé', 'Gabriel', 'Chloé', 'Félix', 'Juliette', 'Éloïse', 'Thomas', 'Noémie', 'Mathis', 'Rosalie', 'Olivier', 'Florence', 'Samuel', 'Béatrice', 'Jérôme', 'Geneviève', 'François', 'Hélène'];
// Québec's most common names: « Tremblay » alone is a few percent of a city, the harsh case of a prefix search.
const LAST_NAMES = ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque', 'Bérubé', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard', 'Boucher', 'Caron', 'Beaulieu', 'Cloutier', 'Dubé', 'Poirier', 'Fournier', 'Lapointe', 'St-Pierre', 'Thériault', 'Émond', 'Allard', 'Bédard', 'Vézina', 'Hébert', 'Lemieux', 'Désilets', 'Gélinas', 'Ménard', 'Plourde'];
const STREETS = ['boulevard Lasalle', 'boulevard Blanche', 'boulevard Jolliet', 'avenue Cartier', 'rue de Puyjalon', 'rue Bossé', 'avenue Laval', 'rue Mance', 'rue des Érables', 'rue Champlain'];
const STATUSES = ['submitted', 'in_review', 'needs_info', 'approved', 'rejected'] as const;
const STATUS_WEIGHTS = [0.08, 0.04, 0.03, 0.75, 0.1];
/** The requests' creation dates spread over these days before now. */
const REQUEST_DAYS = 3 * 365;

const { random, pick, between } = generator(20261130);
const NOW = Date.now();
const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const birthDate = (from: number, to: number) => `${between(from, to)}-${pad(between(1, 12))}-${pad(between(1, 28))}`;
const dossierNumber = (personId: number) => String(1_000_000 + personId);
const personEmail = (personId: number) => `resident.${personId}@exemple.ca`;
const accountEmail = (accountId: number) => `compte.${accountId}@exemple.ca`;
const reference = (requestId: number) => `DR-2026-${pad(requestId, 6)}`;
const threadReference = (threadId: number) => `DM-2026-${pad(threadId, 6)}`;

/**
 * A thread's status by its age: most of the last week's still open or answered, older ones closed
 * or answered, and a few forgotten (open and long past due, which the dashboard counts as late).
 */
function threadStatusOf(ageMs: number, draw: number): 'open' | 'answered' | 'closed' {
  if (ageMs < 7 * 86_400_000) return draw < 0.5 ? 'open' : draw < 0.8 ? 'answered' : 'closed';
  return draw < 0.01 ? 'open' : draw < 0.11 ? 'answered' : 'closed';
}

/** Due three days after receipt; when answered, 1 to 120 hours after receipt (so some late), in business minutes as near enough. */
function queueTimes(receivedSql: string, answered: boolean): { dueAt: string; firstResponseAt: string | null; responseMinutes: number | null } {
  const received = Date.parse(`${receivedSql.replace(' ', 'T')}Z`);
  const dueAt = sqlTime(received + 3 * 86_400_000);
  if (!answered) return { dueAt, firstResponseAt: null, responseMinutes: null };
  const hours = between(1, 120);
  return { dueAt, firstResponseAt: sqlTime(Math.min(NOW, received + hours * 3_600_000)), responseMinutes: hours * 60 };
}
/** Household n's phone: distinct numbers spread over the exchanges 200–999. */
const phoneOf = (householdId: number) => `418-${200 + (householdId % 800)}-${pad(Math.floor(householdId / 800), 4)}`;

function statusOf(draw: number): (typeof STATUSES)[number] {
  let sum = 0;
  for (const [index, weight] of STATUS_WEIGHTS.entries()) {
    sum += weight;
    if (draw < sum) return STATUSES[index];
  }
  return 'approved';
}

function progress(message: string): void {
  process.stdout.write(`· ${message}\n`);
}

/** `INSERT … VALUES (…), (…)` by batches of BATCH rows on one connection. */
async function insertRows(db: mysql.Connection, table: string, columns: string[], count: number, row: (n: number) => unknown[]): Promise<void> {
  const sql = `INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`;
  for (let start = 1; start <= count; start += BATCH) {
    const rows: unknown[][] = [];
    for (let n = start; n < Math.min(start + BATCH, count + 1); n++) rows.push(row(n));
    await db.query(sql, [rows]);
  }
}

/**
 * The volumes, written straight into the tables (the API and the import would take minutes). Person
 * n belongs to household ceil(n / 3); persons 1…ACCOUNTS are linked to accounts 1…ACCOUNTS.
 */
async function seed(db: mysql.Connection): Promise<void> {
  await db.query('SET foreign_key_checks = 0, unique_checks = 0');
  const dummyHash = '$argon2id$v=19$m=19456,t=2,p=1$c2VlZHNlZWRzZWVk$c2VlZHNlZWRzZWVkc2VlZHNlZWRzZWVkc2VlZHNlZWQ';
  const created = (n: number, total: number) => sqlTime(NOW - Math.floor(((total - n) / total) * REQUEST_DAYS * 86_400_000));
  const familyName: string[] = [];
  for (let h = 1; h <= HOUSEHOLDS; h++) familyName[h] = pick(LAST_NAMES);

  let started = performance.now();
  await insertRows(db, 'accounts', ['id', 'email', 'firstName', 'lastName', 'passwordHash', 'locale', 'emailVerifiedAt', 'createdAt', 'updatedAt'], ACCOUNTS, (n) => {
    const at = created(n, ACCOUNTS);
    return [n, accountEmail(n), pick(FIRST_NAMES), familyName[Math.ceil(n / PERSONS_PER_HOUSEHOLD)], dummyHash, 'fr', random() < 0.9 ? at : null, at, at];
  });
  await insertRows(db, 'households', ['id', 'legacyKey', 'civicNumber', 'street', 'apartment', 'city', 'postalCode', 'createdAt', 'updatedAt'], HOUSEHOLDS, (n) => {
    const at = created(n, HOUSEHOLDS);
    return [n, `F-${n}`, String(between(1, 2999)), pick(STREETS), random() < 0.2 ? String(between(1, 12)) : null, 'Baie-Comeau', `G4Z ${between(0, 9)}B${between(0, 9)}`, at, at];
  });
  await insertRows(db, 'household_phones', ['id', 'householdId', 'kind', 'number'], HOUSEHOLDS, (n) => [n, n, 'home', phoneOf(n)]);
  progress(`accounts, households, phones: ${((performance.now() - started) / 1000).toFixed(1)} s`);

  started = performance.now();
  await insertRows(db, 'persons', ['id', 'dossierNumber', 'firstName', 'lastName', 'lastNameKey', 'birthDate', 'email', 'phone', 'accountId', 'createdAt', 'updatedAt'], PERSONS, (n) => {
    const household = Math.ceil(n / PERSONS_PER_HOUSEHOLD);
    const rank = (n - 1) % PERSONS_PER_HOUSEHOLD;
    const lastName = rank === 1 ? pick(LAST_NAMES) : familyName[household];
    const adult = rank < 2;
    const at = created(household, HOUSEHOLDS);
    return [n, dossierNumber(n), pick(FIRST_NAMES), lastName, nameKey(lastName), adult ? birthDate(1950, 2004) : birthDate(2010, 2024), adult && random() < 0.6 ? personEmail(n) : null, null, n <= ACCOUNTS ? n : null, at, at];
  });
  await insertRows(db, 'household_members', ['id', 'householdId', 'personId', 'role', 'dependent'], PERSONS, (n) => {
    const rank = (n - 1) % PERSONS_PER_HOUSEHOLD;
    return [n, Math.ceil(n / PERSONS_PER_HOUSEHOLD), n, ['holder', 'spouse', 'child'][rank], rank === 2 ? 1 : 0];
  });
  progress(`persons, memberships: ${((performance.now() - started) / 1000).toFixed(1)} s`);

  started = performance.now();
  const requestColumns = ['id', 'reference', 'accountId', 'status', 'applicantFirstName', 'applicantLastName', 'applicantLastNameKey', 'applicantBirthDate', 'email', 'phone', 'civicNumber', 'street', 'apartment', 'city', 'postalCode', 'members', 'possibleDuplicates', 'consentedAt', 'consentVersion', 'locale', 'late', 'householdId', 'decisionNote', 'decidedAt', 'dueAt', 'firstResponseAt', 'responseMinutes', 'assignedToId', 'createdAt', 'updatedAt'];
  await insertRows(db, 'dossier_requests', requestColumns, REQUESTS, (n) => {
    const status = statusOf(random());
    const at = created(n, REQUESTS);
    const decided = status === 'approved' || status === 'rejected';
    const accountId = n <= ACCOUNTS ? n : null;
    const members = JSON.stringify([{ firstName: pick(FIRST_NAMES), lastName: pick(LAST_NAMES), birthDate: birthDate(2010, 2024), relationship: 'enfant' }]);
    // The queues' columns: due three days after receipt, answered (a question or a decision) 1 to 120 hours after it.
    const { dueAt, firstResponseAt, responseMinutes } = queueTimes(at, status !== 'submitted' && status !== 'in_review');
    const assignedToId = status === 'submitted' ? null : between(1, CLERKS);
    const lastName = pick(LAST_NAMES);
    return [n, reference(n), accountId, status, pick(FIRST_NAMES), lastName, nameKey(lastName), birthDate(1950, 2004), accountId ? accountEmail(accountId) : `demande.${n}@exemple.ca`, '418-555-0142', String(between(1, 2999)), pick(STREETS), null, 'Baie-Comeau', 'G4Z 1B2', members, '[]', at, '2026-01', 'fr', random() < 0.05 ? 1 : 0, decided && status === 'approved' ? between(1, HOUSEHOLDS) : null, null, decided ? at : null, dueAt, firstResponseAt, responseMinutes, assignedToId, at, at];
  });
  progress(`dossier requests: ${((performance.now() - started) / 1000).toFixed(1)} s`);

  started = performance.now();
  await insertRows(db, 'staff', ['id', 'email', 'displayName', 'role', 'passwordHash', 'active', 'locale', 'sessionVersion', 'createdAt', 'updatedAt'], CLERKS, (n) => [n, `commis.${n}@ville.test`, `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`, 'clerk', dummyHash, 1, 'fr', 1, sqlTime(NOW), sqlTime(NOW)]);
  const threadColumns = ['id', 'reference', 'accountId', 'email', 'unverifiedSender', 'category', 'subject', 'status', 'source', 'locale', 'receivedAt', 'dueAt', 'firstResponseAt', 'responseMinutes', 'assignedToId', 'lastMessageAt', 'createdAt', 'updatedAt'];
  await insertRows(db, 'threads', threadColumns, THREADS, (n) => {
    const at = created(n, THREADS);
    const status = threadStatusOf(NOW - Date.parse(`${at.replace(' ', 'T')}Z`), random());
    const { dueAt, firstResponseAt, responseMinutes } = queueTimes(at, status !== 'open' || random() < 0.3);
    const accountId = between(1, ACCOUNTS);
    const assignedToId = status === 'open' && random() < 0.5 ? null : between(1, CLERKS);
    return [n, threadReference(n), accountId, accountEmail(accountId), 0, pick(['address_change', 'member_change', 'correction', 'other']), 'Question au sujet de mon inscription', status, 'api', 'fr', at, dueAt, firstResponseAt, responseMinutes, assignedToId, at, at, at];
  });
  progress(`clerks, threads: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await db.query('SET foreign_key_checks = 1, unique_checks = 1');
  started = performance.now();
  for (const table of ['accounts', 'households', 'household_phones', 'persons', 'household_members', 'dossier_requests', 'staff', 'threads']) await db.query(`ANALYZE TABLE ${table}`);
  progress(`ANALYZE TABLE: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

interface Call {
  name: string;
  /** The path of the next request (the values rotate, so that no answer is the same twice in a row). */
  path: () => string;
  /** Its own targets (the lists' otherwise). */
  target?: { p95Ms: number; rps: number };
  /** Whether an answer is a success (a list or a record otherwise). */
  check?: (body: Record<string, unknown>) => boolean;
  /** A call made in the process instead of over HTTP (the home's figures without their cache). */
  run?: () => Promise<void>;
}

const api = (resource: string, rest: string) => `/admin/api/resources/${resource}/${rest}`;
const rotate = <T>(values: T[]) => {
  let n = 0;
  return () => values[n++ % values.length];
};
const someOf = (count: number, max: number) => Array.from({ length: count }, () => between(1, max));
const stripAccents = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');

/** The calls of the panel's pages: lists (as the browser asks them), filters, the search box, a record. */
function calls(): Call[] {
  const persons = someOf(500, PERSONS);
  const households = someOf(500, HOUSEHOLDS);
  const requests = someOf(500, REQUESTS);
  const accounts = someOf(500, ACCOUNTS);
  const withEmail = persons.filter((n) => n % PERSONS_PER_HOUSEHOLD !== 0);
  // Prefixes typed without accents nor capitals: « cote », « belang », « levesq », « tremb »…
  const namePrefixes = LAST_NAMES.map((name) => stripAccents(name).toLowerCase().slice(0, between(3, 6)));
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const months = Array.from({ length: 24 }, (_, m) => {
    const from = NOW - (m + 1) * 30 * 86_400_000;
    return `filters.createdAt~~from=${day(from)}&filters.createdAt~~to=${day(from + 30 * 86_400_000)}`;
  });
  const next = {
    person: rotate(persons),
    household: rotate(households),
    request: rotate(requests),
    account: rotate(accounts),
    email: rotate(withEmail),
    name: rotate(namePrefixes),
    status: rotate(['submitted', 'in_review', 'needs_info', 'approved', 'rejected']),
    month: rotate(months),
    page: rotate([2, 3, 5, 10, 50, 100, 500]),
    // Households' phones as a clerk types them: « 418 555-1234 », « 4185551234 ».
    phone: rotate(households.map((n, i) => (i % 2 ? phoneOf(n) : phoneOf(n).replace('-', ' ')))),
  };
  return [
    { name: 'persons: list', path: () => api('persons', 'actions/list?direction=asc&sortBy=lastName&page=1') },
    { name: 'persons: list, page 2…500', path: () => api('persons', `actions/list?direction=asc&sortBy=lastName&page=${next.page()}`) },
    { name: 'persons: filter dossier number', path: () => api('persons', `actions/list?filters.dossierNumber=${dossierNumber(next.person())}&page=1`) },
    { name: 'persons: filter last name', path: () => api('persons', `actions/list?filters.lastName=${next.name()}&page=1`) },
    { name: 'persons: search dossier number', path: () => api('persons', `actions/search/${dossierNumber(next.person())}`) },
    { name: 'persons: search last name', path: () => api('persons', `actions/search/${next.name()}`) },
    { name: 'persons: search email prefix', path: () => api('persons', `actions/search/${encodeURIComponent(personEmail(next.email()).slice(0, 13))}`) },
    { name: 'persons: show', path: () => api('persons', `records/${next.person()}/show`) },
    { name: 'households: list', path: () => api('households', 'actions/list?page=1') },
    { name: 'households: search last name', path: () => api('households', `actions/search/${next.name()}`) },
    { name: 'households: search dossier no.', path: () => api('households', `actions/search/${dossierNumber(next.person())}`) },
    { name: 'households: show', path: () => api('households', `records/${next.household()}/show`) },
    { name: 'requests: list', path: () => api('dossier_requests', 'actions/list?direction=desc&sortBy=createdAt&page=1') },
    { name: 'requests: filter status', path: () => api('dossier_requests', `actions/list?filters.status=${next.status()}&direction=desc&sortBy=createdAt&page=1`) },
    { name: 'requests: filter 30 days', path: () => api('dossier_requests', `actions/list?${next.month()}&direction=desc&sortBy=createdAt&page=1`) },
    { name: 'requests: search reference', path: () => api('dossier_requests', `actions/search/${reference(next.request())}`) },
    { name: 'requests: show', path: () => api('dossier_requests', `records/${next.request()}/show`) },
    // The panel's one search box (issue 18): a page of its own, every kind of record at once.
    { name: 'search box: last name', path: () => `/admin/api/pages/recherche?q=${next.name()}` },
    { name: 'search box: phone', path: () => `/admin/api/pages/recherche?q=${encodeURIComponent(next.phone())}` },
    { name: 'search box: reference', path: () => `/admin/api/pages/recherche?q=${reference(next.request())}` },
    { name: 'accounts: list', path: () => api('accounts', 'actions/list?page=1') },
    { name: 'accounts: search email', path: () => api('accounts', `actions/search/${encodeURIComponent(accountEmail(next.account()).slice(0, 11))}`) },
    { name: 'accounts: show', path: () => api('accounts', `records/${next.account()}/show`) },
    // The home's figures, weeks and oldest items (GET /admin/api/home), as the browser reads them.
    { name: 'home: dashboard', path: () => '/admin/api/home', target: HOME_TARGET, check: (body) => Array.isArray(body.weeks) && body.weeks.length === 12 && typeof (body.mailbox as { open?: unknown })?.open === 'number' },
  ];
}

/** Signs a new clerk in through the login form; the session cookie. */
async function signIn(config: AppConfig, client: Client): Promise<string> {
  const dataSource = new DataSource(await dataSourceOptions(config.database));
  await dataSource.initialize();
  const email = `bench.${Date.now().toString(36)}@ville.test`;
  try {
    await createStaff(dataSource, { email, displayName: 'Préposé du banc d’essai', role: 'clerk', password: PASSWORD }, { log: new AuditLog(new Clock(config.cityTimeZone)), actor: { kind: 'system' } });
  } finally {
    await dataSource.destroy();
  }
  const body = new URLSearchParams({ email, password: PASSWORD }).toString();
  const reply = await client.send('POST', '/admin/login', { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body);
  const cookie = (reply.headers['set-cookie'] ?? []).find((c) => c.startsWith('guichet_personnel='))?.split(';')[0];
  if (reply.status !== 303 || !cookie) throw new Error(`sign-in failed: ${reply.status} ${reply.headers.location}`);
  return cookie;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function report(results: Array<[Call, Summary]>, header: string[]): void {
  const lines = ['', ...header, ''];
  lines.push(`${'call'.padEnd(34)}${'ok'.padStart(7)}${'errors'.padStart(8)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}  verdict`);
  for (const [call, r] of results) {
    const target = call.target ?? { p95Ms: TARGET_P95_MS, rps: TARGET_RPS };
    const pass = r.errors === 0 && r.p95Ms < target.p95Ms && r.opsPerSecond >= target.rps;
    lines.push(
      `${call.name.padEnd(34)}${String(r.ok).padStart(7)}${String(r.errors).padStart(8)}${fixed(r.opsPerSecond, 0).padStart(9)}` +
        `${fixed(r.p50Ms, 1).padStart(9)}${fixed(r.p95Ms, 1).padStart(9)}  ${pass ? 'PASS' : 'BELOW'}`,
    );
  }
  const failed = results.filter(([, r]) => r.errors > 0);
  if (failed.length) {
    lines.push('', 'errors (first of each):');
    for (const [call, r] of failed) lines.push(`  ${call.name}: ${r.errors} × ${r.firstError}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const server = new URL(process.env.DATABASE_URL?.startsWith('mysql:') ? process.env.DATABASE_URL : 'mysql://root@127.0.0.1:3306/guichet');
  // A database a previous run kept (PANEL_BENCH_KEEP=1): measured again as it is, neither seeded nor dropped.
  const reused = process.env.PANEL_BENCH_DATABASE;
  const database = reused ?? `${decodeURIComponent(server.pathname.slice(1)) || 'guichet'}_panel_${randomInt(36 ** 5).toString(36)}`;
  server.pathname = '/';
  const admin = await mysql.createConnection({ uri: server.toString() });
  if (!reused) await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  try {
    const url = new URL(server);
    url.pathname = `/${database}`;
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url.toString(), MAIL_DISPATCH_INTERVAL_MS: '0', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
    const dataSource = new DataSource(await dataSourceOptions(config.database));
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();
    const [[version]] = (await admin.query('SELECT VERSION() AS v')) as unknown as [[{ v: string }]];
    if (!reused) {
      progress(`database ${database} on ${version.v}: seeding ${HOUSEHOLDS} households, ${PERSONS} persons, ${REQUESTS} requests, ${THREADS} threads, ${ACCOUNTS} accounts`);
      const seeding = await mysql.createConnection({ uri: url.toString() });
      try {
        await seed(seeding);
      } finally {
        await seeding.end();
      }
    }
    const app = await createApp(config);
    try {
      await app.listen(0, '127.0.0.1');
      await measure(app, config, version.v);
    } finally {
      await app.close();
    }
  } finally {
    if (process.env.PANEL_BENCH_KEEP === '1' || reused) progress(`database ${database} kept: drop it yourself`);
    else await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
  }
}

async function measure(app: NestExpressApplication, config: AppConfig, version: string): Promise<void> {
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const client = new Client(port, CONCURRENCY);
  try {
    const cookie = await signIn(config, client);
    const cpu = cpus();
    const header = [
      `Node ${process.version}, ${cpu.length} CPU(s) (${cpu[0]?.model.trim() ?? 'unknown'}), database ${version}`,
      `${HOUSEHOLDS} households, ${PERSONS} persons, ${REQUESTS} dossier requests, ${THREADS} threads, ${ACCOUNTS} accounts; a clerk's session; ${CONCURRENCY} in flight, ${MEASURE_MS / 1000} s per call`,
      `targets: p95 < ${TARGET_P95_MS} ms and ≥ ${TARGET_RPS} req/s per call; the home: p95 < ${HOME_TARGET.p95Ms} ms`,
    ];
    const machineBefore = machineCpu();
    const ownBefore = process.cpuUsage();
    const results: Array<[Call, Summary]> = [];
    const only = process.env.PANEL_BENCH_ONLY;
    // The home's figures read afresh each time: what one in DASHBOARD_CACHE_MS pays (the HTTP call above mostly hits the cache).
    const queues = app.get(QueuesService, { strict: false });
    const uncached: Call = { name: 'home: figures, uncached', path: () => '', target: HOME_TARGET, run: async () => void (await queues.compute()) };
    for (const call of [...calls(), uncached].filter((c) => !only || c.name.includes(only))) {
      const op = call.run ?? (async () => {
        const reply = expectStatus(await client.send('GET', call.path(), { cookie }), 200);
        const body = JSON.parse(reply.body) as { records?: unknown[]; record?: unknown; results?: Record<string, unknown[]> };
        const ok = call.check ? call.check(body) : !!body.records?.length || !!body.record || Object.values(body.results ?? {}).some((kind) => kind.length);
        if (!ok) throw new Error(`not the expected answer: ${reply.body.slice(0, 200)}`);
      });
      await runLoad(WARMUP_MS, CONCURRENCY, op);
      const summary = summarize(await runLoad(MEASURE_MS, CONCURRENCY, op));
      progress(`${call.name}: ${fixed(summary.opsPerSecond, 0)} req/s, p95 ${fixed(summary.p95Ms, 1)} ms${summary.errors ? `, ${summary.errors} errors` : ''}`);
      results.push([call, summary]);
    }
    header.push(contention(machineBefore, ownBefore));
    report(results, header);
  } finally {
    client.close();
  }
}

await main();
