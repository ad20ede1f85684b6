// Scale-out on a three-node MariaDB Galera cluster (npm run bench:galera): two instances of the
// service on two nodes under parallel load, and the invariants that must hold across them. Exits 1
// when one is broken. See docs/benchmarks.md ("Galera") and README ("Running on several machines").
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection, type Connection } from 'mysql2/promise';
import { businessDays } from '../src/calendar/business-calendar.js';
import { dateInZone } from '../src/common/clock.js';
import { freePort, GaleraCluster } from './galera/cluster.js';
import { runCli, ServiceInstance } from './galera/service.js';
import { SmtpSink, type SunkMail } from './galera/smtp-sink.js';
import type { Reply } from './load.js';

const RESIDENTS = Number(process.env.GALERA_BENCH_RESIDENTS ?? 60);
const REQUESTS = Number(process.env.GALERA_BENCH_REQUESTS ?? 40);
const RACES = Math.min(REQUESTS, Number(process.env.GALERA_BENCH_RACES ?? 10));
/** Households whose holder and spouse link from two accounts at once, one on each instance (one account per family). */
const SPOUSE_RACES = Math.min(5, Math.floor(RESIDENTS / 4));
const DELIVERY_MS = 60_000;
const DIGEST_INTERVAL_MS = 2_000;
const PASSWORD = 'Soleil-d-hiver-27';
const STAFF_PASSWORD = 'Loisirs-Banc-2026';
const PUBLIC_URL = 'http://guichet.bench';
const CITY_ZONE = 'America/Toronto';
/** Registration night at the library: every resident behind one address (the limiter's hot row). */
const LIBRARY_IP = '203.0.113.10';
const RUN = randomBytes(3).toString('hex');

const log = (line: string) => process.stdout.write(`${line}\n`);
/** Ctrl-C: the run's own error (the cluster stopped under it) is not worth printing. */
let interrupted = false;

// ---------------------------------------------------------------------------------------------
// What every call answered, by phase

interface PhaseStats {
  name: string;
  calls: number;
  byStatus: Map<number, number>;
  latencies: number[];
  /** 5xx other than a 503 with Retry-After: the first few, to read. */
  errors: string[];
  unavailable: number;
}

const phases: PhaseStats[] = [];
let phase: PhaseStats;

function beginPhase(name: string): void {
  phase = { name, calls: 0, byStatus: new Map(), latencies: [], errors: [], unavailable: 0 };
  phases.push(phase);
  log(`- ${name}`);
}

/**
 * One call, as a client would make it: after a 503 with Retry-After (nothing was written) it waits
 * that long and sends it again, up to 3 times. Every answer counts in the phase's figures.
 */
async function call(instance: ServiceInstance, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
  const stats = phase;
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const reply = await instance.send(method, path, { 'accept-language': 'fr', ...headers }, body);
    stats.latencies.push(performance.now() - started);
    stats.calls++;
    stats.byStatus.set(reply.status, (stats.byStatus.get(reply.status) ?? 0) + 1);
    const retryAfter = reply.status === 503 ? Number(reply.headers['retry-after']) : NaN;
    if (Number.isFinite(retryAfter)) stats.unavailable++;
    else if (reply.status >= 500 && stats.errors.length < 5) stats.errors.push(`${instance.name} ${method} ${path} → ${reply.status} ${reply.body.slice(0, 160)}`);
    if (!Number.isFinite(retryAfter) || attempt > 3) return reply;
    await sleep(retryAfter * 1000);
  }
}

const json = (reply: Reply) => JSON.parse(reply.body) as Record<string, unknown>;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

// ---------------------------------------------------------------------------------------------
// Emails: each accepted operation that must send one, and when it was accepted

interface ExpectedMail {
  to: string;
  subject: string;
  acceptedAt: number;
}

const expectedMails: ExpectedMail[] = [];

function expectMail(to: string, subject: string): void {
  expectedMails.push({ to: to.toLowerCase(), subject, acceptedAt: Date.now() });
}

function find(mails: SunkMail[], expected: ExpectedMail): SunkMail | undefined {
  return mails.find((mail) => mail.to === expected.to && mail.subject.includes(expected.subject));
}

/** Waits until every expected email is at the sink, or its 60 s are over. */
async function awaitMails(sink: SmtpSink, which: ExpectedMail[]): Promise<void> {
  const deadline = Math.max(0, ...which.map((e) => e.acceptedAt)) + DELIVERY_MS;
  while (Date.now() < deadline) {
    const mails = await sink.received();
    if (which.every((e) => find(mails, e))) return;
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------

interface Check {
  name: string;
  value: string;
  ok: boolean;
}

const checks: Check[] = [];
function check(name: string, ok: boolean, value: string): void {
  checks.push({ name, ok, value });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

function dossierCsv(): string {
  const lines = ['dossier_number,first_name,last_name,birth_date,household_key,relationship,dependent,civic_number,street,apartment,city,postal_code,phone,phone2,email'];
  for (let i = 0; i < RESIDENTS; i++) {
    lines.push(`${500_000 + i},Résident,Banc${letters(i)},${birthDateOf(i)},GAL-${i},titulaire,,${100 + i},rue de la Grappe,,Baie-Comeau,G4Z 1A1,(418) 555-0100,,`);
    if (i < SPOUSE_RACES) lines.push(`${600_000 + i},Conjointe,Banc${letters(i)},${spouseBirthDateOf(i)},GAL-${i},conjointe,,${100 + i},rue de la Grappe,,Baie-Comeau,G4Z 1A1,(418) 555-0100,,`);
  }
  return `${lines.join('\n')}\n`;
}

/** Names are letters only: the i-th resident is « Banc » and i in letters (a, b, … ba, bb…). */
function letters(i: number): string {
  let text = '';
  do {
    text = String.fromCharCode(97 + (i % 26)) + text;
    i = Math.floor(i / 26);
  } while (i > 0);
  return text;
}

function birthDateOf(i: number): string {
  return new Date(Date.UTC(1975, 0, 1) + i * 86_400_000 * 37).toISOString().slice(0, 10);
}

function spouseBirthDateOf(i: number): string {
  return new Date(Date.UTC(1972, 5, 1) + i * 86_400_000 * 41).toISOString().slice(0, 10);
}

function requestBody(i: number) {
  const lastName = `Galera${letters(i)}${letters(parseInt(RUN, 16))}`;
  return {
    applicant: { firstName: 'Camille', lastName, birthDate: '1985-04-12' },
    address: { civicNumber: String(1000 + i), street: 'boulevard La Salle', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
    members: [{ firstName: 'Léo', lastName, birthDate: '2016-06-01', relationship: 'child' }],
    email: `demande.${RUN}.${i}@exemple.ca`,
    phone: '418-296-8100',
    consent: true,
  };
}

async function main(): Promise<number> {
  for (const need of ['/usr/lib/galera/libgalera_smm.so', '/usr/bin/rsync', 'dist/src/main.js']) {
    if (!existsSync(need)) throw new Error(`${need} is missing (apt-get install -y galera-4 rsync; npm run build)`);
  }
  const work = mkdtempSync(join(tmpdir(), 'guichet-galera-bench-'));
  const sink = new SmtpSink();
  let cluster: GaleraCluster | null = null;
  const instances: ServiceInstance[] = [];
  let db: Connection | null = null;
  // One teardown, awaited by whoever asks for it (the end of the run, an error, Ctrl-C).
  let tearingDown: Promise<void> | null = null;
  const teardown = () =>
    (tearingDown ??= (async () => {
      await db?.end().catch(() => undefined);
      await Promise.all(instances.map((instance) => instance.stop().catch(() => undefined)));
      await sink.stop().catch(() => undefined);
      await cluster?.stop().catch(() => undefined);
      if (process.env.GALERA_BENCH_KEEP_LOGS !== '1') rmSync(work, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      log(`\n${signal}: tearing the cluster down`);
      void teardown().finally(() => process.exit(130));
    });
  }

  try {
    const began = Date.now();
    await sink.start();
    log(`Galera cluster (three nodes on this machine):`);
    cluster = new GaleraCluster(log);
    await cluster.start();
    const [node1, node2, node3] = cluster.nodes;
    const database = 'guichet';
    db = await createConnection(node3.url());
    await db.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await db.query(`USE ${database}`);
    // Reads for the checks go to the third node, where no instance writes: what the cluster holds.
    await db.query('SET SESSION wsrep_sync_wait = 1');

    log('Release step: migrations (npm run migration:run), dossiers, staff');
    const nodeEnv = (node: typeof node1) => ({ DATABASE_URL: node.url(database), NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    const secrets = { JWT_SECRET: randomBytes(48).toString('base64url'), SESSION_SECRET: randomBytes(48).toString('base64url') };
    await runCli('node_modules/typeorm/cli.js', ['migration:run', '-d', 'dist/src/database/data-source.js'], { ...nodeEnv(node1), ...secrets });
    const csv = join(work, 'dossiers.csv');
    writeFileSync(csv, dossierCsv());
    await runCli('dist/src/dossiers/import/import-dossiers.cli.js', [csv], { ...nodeEnv(node2), ...secrets });
    const staff = [
      { email: `prepose.a.${RUN}@ville.test`, role: 'clerk', locale: 'fr' },
      { email: `prepose.b.${RUN}@ville.test`, role: 'clerk', locale: 'fr' },
      { email: `superviseure.${RUN}@ville.test`, role: 'supervisor', locale: 'fr' },
      { email: `supervisor.${RUN}@ville.test`, role: 'supervisor', locale: 'en' },
    ];
    for (const member of staff) {
      const args = ['--email', member.email, '--name', `Banc ${member.role}`, '--role', member.role, '--locale', member.locale, '--password-stdin'];
      await runCli('dist/src/staff/create-staff.cli.js', args, { ...nodeEnv(node1), ...secrets }, `${STAFF_PASSWORD}\n`);
    }

    const sharedEnv = {
      ...secrets,
      NODE_ENV: 'production',
      MIGRATIONS_RUN: 'false',
      PUBLIC_URL,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      TRUST_PROXY: 'loopback',
      STAFF_MFA: 'optional',
      STAFF_COOKIE_INSECURE: 'true',
      LOG_LEVEL: 'warn',
      DATA_DIR: work,
      // Asked of both instances, started together: seeded once, under the cluster-wide lock.
      DEMO_DATA: 'true',
      // The morning digest is due from midnight on, checked every 2 s: it goes out during the run.
      DIGEST_TIME: '00:00',
      DIGEST_CHECK_INTERVAL_MS: String(DIGEST_INTERVAL_MS),
    };
    const ports = await Promise.all([0, 1].map(() => freePort()));
    instances.push(
      new ServiceInstance('A', ports[0], { ...sharedEnv, DATABASE_URL: node1.url(database) }, join(work, 'instance-a.log')),
      new ServiceInstance('B', ports[1], { ...sharedEnv, DATABASE_URL: node2.url(database) }, join(work, 'instance-b.log')),
    );
    await Promise.all(instances.map((instance) => instance.start()));
    const [A, B] = instances;
    const [periodRows] = await db.query('SELECT COUNT(*) AS n FROM registration_periods');
    const periods = Number((periodRows as Array<{ n: number }>)[0].n);
    check('demo data asked of both instances started together: seeded once (3 periods)', periods === 3, `${periods} period(s)`);
    const other = (instance: ServiceInstance) => (instance === A ? B : A);
    log(`Instances: A on node1 (:${A.port}), B on node2 (:${B.port}); ready ${((Date.now() - began) / 1000).toFixed(0)} s after the start`);
    const loadStarted = Date.now();

    // --- Sign-ups, all at once, half on each instance, from one address
    beginPhase(`sign-ups (${RESIDENTS} in parallel, one client IP)`);
    const residents = Array.from({ length: RESIDENTS }, (_, i) => ({ i, email: `resident.${RUN}.${i}@exemple.ca`, via: i % 2 ? B : A, accepted: false, token: '', access: '' }));
    await Promise.all(
      residents.map(async (r) => {
        const reply = await call(r.via, 'POST', '/api/v1/auth/signup', { 'x-forwarded-for': LIBRARY_IP }, { firstName: 'Résident', lastName: `Banc${letters(r.i)}`, email: r.email, password: PASSWORD, passwordConfirmation: PASSWORD });
        if (reply.status === 202) {
          r.accepted = true;
          expectMail(r.email, 'Confirmez votre adresse courriel');
        }
      }),
    );
    const signedUp = residents.filter((r) => r.accepted);
    await awaitMails(sink, expectedMails);

    // --- Confirmations on the other instance than the sign-up
    beginPhase('confirmations (the link opened on the other instance)');
    const mails = await sink.received();
    await Promise.all(
      signedUp.map(async (r) => {
        const mail = mails.find((m) => m.to === r.email && m.subject.includes('Confirmez'));
        const token = mail && /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
        if (!token) return;
        const reply = await call(other(r.via), 'POST', '/api/v1/auth/verify-email', {}, { token });
        if (reply.status === 200) r.token = token;
      }),
    );
    const confirmed = signedUp.filter((r) => r.token);

    beginPhase('logins');
    await Promise.all(
      confirmed.map(async (r) => {
        const reply = await call(r.via, 'POST', '/api/v1/auth/login', { 'x-forwarded-for': LIBRARY_IP }, { email: r.email, password: PASSWORD });
        if (reply.status === 200) r.access = String(json(reply).accessToken);
      }),
    );
    const loggedIn = confirmed.filter((r) => r.access);

    // The residents after the first SPOUSE_RACES link the spouse of the first households, at the
    // same moment as their holder links, on the other instance: one account per family.
    beginPhase(`dossier links (one client IP; ${SPOUSE_RACES} holder/spouse races)`);
    let linked = 0;
    const raced = new Map<number, Array<{ status: number; code: string }>>();
    await Promise.all(
      loggedIn.map(async (r) => {
        const spouseOf = r.i >= SPOUSE_RACES && r.i < 2 * SPOUSE_RACES ? r.i - SPOUSE_RACES : null;
        const target = spouseOf === null ? { dossierNumber: String(500_000 + r.i), birthDate: birthDateOf(r.i) } : { dossierNumber: String(600_000 + spouseOf), birthDate: spouseBirthDateOf(spouseOf) };
        const reply = await call(other(r.via), 'POST', '/api/v1/me/dossier/link', { authorization: `Bearer ${r.access}`, 'x-forwarded-for': LIBRARY_IP }, target);
        if (reply.status === 200) linked++;
        const household = spouseOf ?? (r.i < SPOUSE_RACES ? r.i : null);
        if (household !== null) raced.set(household, [...(raced.get(household) ?? []), { status: reply.status, code: String(json(reply).code ?? '') }]);
      }),
    );
    const familyOnce = [...raced.values()].filter((both) => both.map((o) => `${o.status}${o.code ? ` ${o.code}` : ''}`).sort().join('+') === '200+409 household_already_linked').length;
    check('one account per family: of a holder and a spouse linking at once on A and B, one links', familyOnce === SPOUSE_RACES, `${familyOnce} of ${SPOUSE_RACES}`);

    // --- Dossier-number requests: the yearly reference counter is one row every request increments
    beginPhase(`dossier requests (${REQUESTS} in parallel)`);
    const references: string[] = [];
    await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const body = requestBody(i);
        const reply = await call(i % 2 ? B : A, 'POST', '/api/v1/dossier-requests', { 'x-forwarded-for': `198.51.100.${1 + (i % 4)}` }, body);
        if (reply.status !== 201) return;
        references.push(String(json(reply).reference));
        expectMail(body.email, String(json(reply).reference));
      }),
    );

    // --- Staff: a session opened on one instance, used on the other
    beginPhase('staff logins and sessions across instances');
    const staffLogin = async (via: ServiceInstance, email: string): Promise<string> => {
      const reply = await call(via, 'POST', '/admin/login', { ...FORM, 'x-forwarded-for': '192.0.2.1' }, form({ email, password: STAFF_PASSWORD }));
      const cookie = ([] as string[]).concat(reply.headers['set-cookie'] ?? []).find((c) => c.startsWith('guichet_personnel='))?.split(';')[0];
      if (reply.status !== 303 || !cookie) throw new Error(`staff login on ${via.name}: ${reply.status} ${reply.body.slice(0, 200)}`);
      return cookie;
    };
    const clerkA = await staffLogin(A, staff[0].email);
    const clerkB = await staffLogin(B, staff[1].email);
    const crossA = await call(B, 'GET', '/admin/api/resources/dossier_requests/actions/list', { cookie: clerkA });
    const crossB = await call(A, 'GET', '/admin/api/resources/dossier_requests/actions/list', { cookie: clerkB });
    const sessionsShared = [crossA, crossB].every((reply) => reply.status === 200 && Array.isArray(json(reply).records));
    check('a staff session opened on A works on B (and B on A)', sessionsShared, `${crossA.status}, ${crossB.status}`);

    // --- The approve race: two clerks approve the same request at once, one on each instance
    beginPhase(`approvals racing (${RACES} requests, both clerks at once on A and B)`);
    const [rows] = await db.query('SELECT id, reference, email FROM dossier_requests WHERE reference IN (?) ORDER BY id', [references.length ? references : ['-']]);
    const races = (rows as Array<{ id: number; reference: string; email: string }>).slice(0, RACES);
    const action = (via: ServiceInstance, cookie: string, id: number, name: string, fields: Record<string, string> = {}) =>
      call(via, 'POST', `/admin/api/resources/dossier_requests/records/${id}/${name}`, { ...FORM, cookie }, form(fields));
    const noticeOf = (reply: Reply) => (reply.status === 200 ? String((json(reply).notice as { type?: string } | undefined)?.type ?? '') : `http ${reply.status}`);
    await Promise.all(races.map((race) => action(A, clerkA, race.id, 'take')));
    const outcomes = await Promise.all(
      races.map(async (race) => {
        const both = await Promise.all([action(A, clerkA, race.id, 'approve', { household: 'new' }), action(B, clerkB, race.id, 'approve', { household: 'new' })]);
        const notices = both.map(noticeOf).sort();
        if (notices.includes('success')) expectMail(race.email, `Vos numéros de dossier (${race.reference})`);
        return notices.join('+');
      }),
    );
    const wonOnce = outcomes.filter((o) => o === 'error+success').length;
    check('the approve race won exactly once per request', wonOnce === races.length && races.length === RACES, `${wonOnce} of ${races.length} (${[...new Set(outcomes)].join(', ')})`);

    // --- Throttles shared: 8 wrong passwords for one account at once, on both instances
    beginPhase('login limiter (8 wrong passwords at once on A and B)');
    const target = loggedIn[0] ?? residents[0];
    const wrong = await Promise.all(
      Array.from({ length: 8 }, (_, i) => call(i % 2 ? B : A, 'POST', '/api/v1/auth/login', { 'x-forwarded-for': `192.0.2.${10 + i}` }, { email: target.email, password: 'Mauvais-Passe-99' })),
    );
    const refused = wrong.filter((reply) => reply.status === 401).length;
    const throttled = wrong.filter((reply) => reply.status === 429).length;
    check('the login limiter counts across instances (5 × 401, then 429)', refused === 5 && throttled === 3, `${refused} × 401, ${throttled} × 429`);

    // --- Every accepted email out within 60 s, none twice
    log('- waiting for the emails (60 s at most after each acceptance)');
    await awaitMails(sink, expectedMails);

    // --- The morning digest: once per supervisor per business day, whichever instance claims it
    const now = new Date();
    const today = dateInZone(now, CITY_ZONE);
    const [closureRows] = await db.query('SELECT date FROM calendar_entries WHERE date = ?', [today]);
    const businessDay = businessDays((closureRows as Array<{ date: string }>).map((row) => String(row.date).slice(0, 10))).isBusinessDay(today);
    log(`- morning digest (${today} in ${CITY_ZONE}: ${businessDay ? 'a business day, due since 00:00' : 'not a business day, none expected'})`);
    const supervisors = staff.filter((member) => member.role === 'supervisor');
    const digestsOf = (all: SunkMail[], email: string) => all.filter((m) => m.to === email && /Tableau de bord du matin|Morning dashboard/.test(m.subject));
    const digestDeadline = Date.now() + 30_000;
    while (businessDay && Date.now() < digestDeadline && !supervisors.every((s) => digestsOf(sink.mails, s.email).length > 0)) await sleep(500);
    // A few more checks of both instances: a second digest would show now.
    await sleep(4 * DIGEST_INTERVAL_MS);
    const digests = supervisors.map((s) => digestsOf(sink.mails, s.email).length);
    const [runRows] = await db.query('SELECT COUNT(*) AS n FROM job_runs WHERE job = ? AND day = ?', ['morning_digest', today]).catch(() => [[{ n: -1 }]]);
    const runs = Number((runRows as Array<{ n: number }>)[0].n);
    const expectedDigests = businessDay ? 1 : 0;
    check(
      'the morning digest: one email per supervisor, one run claimed',
      digests.every((n) => n === expectedDigests) && runs === expectedDigests,
      `${digests.join(' and ')} email(s) for ${supervisors.length} supervisors, ${runs} run(s) on record`,
    );

    // --- The figures
    const all = await sink.received();
    const byId = new Map<string, number>();
    for (const mail of all) byId.set(mail.messageId, (byId.get(mail.messageId) ?? 0) + 1);
    const twice = [...byId.values()].filter((n) => n > 1).length;
    check('no email sent twice (by Message-ID at the sink)', twice === 0, `${all.length} received, ${twice} Message-ID(s) more than once`);
    const delays = expectedMails.map((e) => {
      const mail = find(all, e);
      return mail ? mail.receivedAt - e.acceptedAt : Infinity;
    });
    const late = delays.filter((d) => d > DELIVERY_MS).length;
    check(
      'every accepted email delivered within 60 s',
      late === 0,
      `${expectedMails.length - late} of ${expectedMails.length}; delay p50 ${fmt(percentile(delays, 50))} ms, p95 ${fmt(percentile(delays, 95))} ms, max ${fmt(Math.max(...delays))} ms`,
    );
    const [outbox] = await db.query("SELECT status, COUNT(*) AS n FROM outbox_messages GROUP BY status ORDER BY status");
    const [dupNumbers] = await db.query('SELECT dossierNumber FROM persons GROUP BY dossierNumber HAVING COUNT(*) > 1');
    // The system's numbers have 7 digits (1000009…); the imported ones here and the demo's have 6.
    const [newNumbers] = await db.query('SELECT COUNT(*) AS n FROM persons WHERE CHAR_LENGTH(dossierNumber) >= 7');
    const allocated = Number((newNumbers as Array<{ n: number }>)[0].n);
    check(
      'no dossier number allocated twice (an applicant and a child per approval)',
      (dupNumbers as unknown[]).length === 0 && allocated === 2 * wonOnce,
      `${allocated} allocated for ${wonOnce} approvals, ${(dupNumbers as unknown[]).length} twice`,
    );
    const [refRows] = await db.query('SELECT COUNT(DISTINCT reference) AS n FROM dossier_requests');
    check('every dossier request accepted got its own reference', Number((refRows as Array<{ n: number }>)[0].n) === references.length && new Set(references).size === references.length, `${references.length} accepted, ${new Set(references).size} distinct`);
    const fiveHundreds = phases.reduce((sum, p) => sum + p.calls - p.unavailable - [...p.byStatus].filter(([s]) => s < 500).reduce((n, [, c]) => n + c, 0), 0);
    check('no 5xx (a 503 with Retry-After aside)', fiveHundreds === 0, `${fiveHundreds}`);
    check(
      'every step of every resident succeeded',
      signedUp.length === RESIDENTS && confirmed.length === RESIDENTS && loggedIn.length === RESIDENTS && linked === RESIDENTS - SPOUSE_RACES && references.length === REQUESTS,
      `${signedUp.length} signed up, ${confirmed.length} confirmed, ${loggedIn.length} logged in, ${linked} linked (${RESIDENTS - SPOUSE_RACES} expected) of ${RESIDENTS}; ${references.length} of ${REQUESTS} requests`,
    );

    log('');
    log('phase                                                          calls  2xx/3xx  4xx  429  503   5xx   p50 ms   p95 ms');
    log('(a 503 with Retry-After is sent again after that delay, as a client would: both answers count as calls)');
    for (const p of phases) {
      const count = (test: (status: number) => boolean) => [...p.byStatus].filter(([s]) => test(s)).reduce((n, [, c]) => n + c, 0);
      log(
        `${p.name.padEnd(62)} ${String(p.calls).padStart(5)} ${String(count((s) => s < 400)).padStart(8)} ${String(count((s) => s >= 400 && s < 500 && s !== 429)).padStart(4)} ${String(count((s) => s === 429)).padStart(4)} ${String(p.unavailable).padStart(4)} ${String(count((s) => s >= 500) - p.unavailable).padStart(5)} ${fmt(percentile(p.latencies, 50)).padStart(8)} ${fmt(percentile(p.latencies, 95)).padStart(8)}`,
      );
    }
    for (const p of phases) for (const error of p.errors) log(`  ${error}`);
    log('');
    log(`outbox at the end: ${(outbox as Array<{ status: string; n: number }>).map((row) => `${row.n} ${row.status}`).join(', ')}`);
    const conflicts = await cluster.conflicts();
    log(`Galera conflicts: ${conflicts.map((c) => `${c.node} ${c.certFailures} certification failures, ${c.bfAborts} brute-force aborts`).join('; ')}`);
    log(`load phases took ${((Date.now() - loadStarted) / 1000).toFixed(0)} s; the whole run ${((Date.now() - began) / 1000).toFixed(0)} s`);
    log('');
    for (const c of checks) log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.value}`);
    if (process.env.GALERA_BENCH_KEEP_LOGS === '1') log(`\nlogs kept in ${work}`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    await teardown();
  }
}

function fmt(value: number): string {
  return Number.isFinite(value) ? value.toFixed(0) : '—';
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (!interrupted) console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(interrupted ? 130 : 1);
  },
);
