import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { In } from 'typeorm';
import { Account } from '../../src/accounts/account.entity.js';
import { EmailToken } from '../../src/accounts/email-token.entity.js';
import { DossierRequest } from '../../src/dossier-requests/dossier-request.entity.js';
import { Household } from '../../src/dossiers/household.entity.js';
import { Membership } from '../../src/dossiers/membership.entity.js';
import { Person } from '../../src/dossiers/person.entity.js';
import { LEASE_MS, outboxMessageId } from '../../src/notifications/outbox-dispatcher.service.js';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity.js';
import { PASSWORD, uniqueEmail, uniqueIp, type TestApp } from '../support/app.js';
import { createHousehold } from '../support/dossiers.js';
import { call, dossierRequestBody, eventually, isUnavailableProblem, mismatches, runLoad, shuffled, startFaultStack, uniqueLetters, type FaultStack, type Outcome } from '../support/faults.js';
import { hasMariaDbServer, type PrivateMariaDb } from '../support/mariadb-server.js';
import { signupBody } from '../support/residents.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { loginAsStaff } from '../support/staff.js';

const describeWithMariaDb = hasMariaDbServer ? describe : describe.skip;

/** The load: sizes chosen so that the kill lands in the middle and requests keep coming after the return. */
const SIGNUPS = 150;
const LINKS = 30;
const REQUESTS = 50;
const APPROVALS = 30;
/** The clerks' queue read in the panel (AdminJS's API). */
const PANEL_READS = 30;
const CONCURRENCY = 8;
/** The kill comes once this many requests of the load have answered. */
const KILL_AFTER = 70;
/** The database stays down at least this long (and until /health/ready has said 503). */
const DOWN_MS = 3_000;
/** A client backs off after a 503 (less than the Retry-After it is given, to keep the test short). */
const BACKOFF_MS = 1_000;

type Kind = 'signup' | 'link' | 'request' | 'approve' | 'queue';

describeWithMariaDb('MariaDB killed (SIGKILL) and restarted in the middle of a load', () => {
  let stack: FaultStack;
  let db: PrivateMariaDb;
  let sink: SmtpSink;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    stack = await startFaultStack();
    ({ db, sink, t, base } = stack);
  });
  afterAll(async () => stack?.close());

  /** The confirmation token of the last email the sink received for an address. */
  async function tokenFor(email: string): Promise<string> {
    const mail = await eventually(`the confirmation email of ${email}`, async () => [...sink.messages].reverse().find((m) => m.to.includes(email)));
    const text = (await simpleParser(mail.raw)).text ?? '';
    const token = /token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
    if (!token) throw new Error(`no token in the email to ${email}`);
    return token;
  }

  /** A confirmed, logged-in resident and a household of their own to link to. */
  async function linker(): Promise<{ token: string; dossierNumber: string }> {
    const email = uniqueEmail('lien');
    await call('prep', email, `${base}/api/v1/auth/signup`, { body: signupBody(email), headers: { 'x-forwarded-for': uniqueIp() } }).then((o) => expect(o.status).toBe(202));
    const verified = await call('prep', email, `${base}/api/v1/auth/verify-email`, { body: { token: await tokenFor(email) } });
    expect(verified.status).toBe(200);
    const login = await call('prep', email, `${base}/api/v1/auth/login`, { body: { email, password: PASSWORD }, headers: { 'x-forwarded-for': uniqueIp() } });
    expect(login.status).toBe(200);
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-03-04', role: 'holder', lastName: uniqueLetters('Faute') }]);
    return { token: String(login.body?.accessToken), dossierNumber: persons[0].dossierNumber };
  }

  it('answers 200 or 503 (Retry-After), writes whole transactions only, recovers alone and sends every email once within a minute', async () => {
    // Before the fault: residents ready to link, requests taken by a clerk and ready to approve.
    const linkers = await runLoad(Array.from({ length: LINKS }, () => () => linker()), 4);
    const clerk = await loginAsStaff(t, 'clerk');
    const panel = (id: number, action: string, form: Record<string, string> = {}) =>
      call('approve', String(id), `${base}/admin/api/resources/dossier_requests/records/${id}/${action}`, { method: 'POST', form, headers: { cookie: clerk.cookie, origin: 'http://api.test' } });
    const toApprove = await runLoad(
      Array.from({ length: APPROVALS }, () => async () => {
        const submitted = await call('prep', '', `${base}/api/v1/dossier-requests`, { body: dossierRequestBody(uniqueEmail('approuver'), uniqueLetters('Faute')), headers: { 'x-forwarded-for': uniqueIp() } });
        expect(submitted.status).toBe(201);
        const { id } = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: String(submitted.body?.reference) });
        const taken = await panel(id, 'take');
        expect(taken.body?.notice).toMatchObject({ type: 'success' });
        return id;
      }),
      4,
    );

    const signups = Array.from({ length: SIGNUPS }, () => uniqueEmail('faute'));
    const requests = Array.from({ length: REQUESTS }, () => ({ email: uniqueEmail('demande'), lastName: uniqueLetters('Faute') }));
    const tasks: Array<() => Promise<Outcome<Kind>>> = shuffled([
      ...signups.map((email) => () => call('signup', email, `${base}/api/v1/auth/signup`, { body: signupBody(email), headers: { 'x-forwarded-for': uniqueIp() } })),
      ...linkers.map(({ token, dossierNumber }) => () =>
        call('link', dossierNumber, `${base}/api/v1/me/dossier/link`, { body: { dossierNumber, birthDate: '1980/03/04' }, headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': uniqueIp() } }),
      ),
      ...requests.map(({ email, lastName }) => () => call('request', email, `${base}/api/v1/dossier-requests`, { body: dossierRequestBody(email, lastName), headers: { 'x-forwarded-for': uniqueIp() } })),
      ...toApprove.map((id) => () => panel(id, 'approve', { household: 'new' })),
      ...Array.from({ length: PANEL_READS }, () => () => call('queue', '', `${base}/admin/api/resources/dossier_requests/actions/list`, { headers: { cookie: clerk.cookie } })),
    ] as Array<() => Promise<Outcome<Kind>>>);

    // The fault: SIGKILL once KILL_AFTER requests have answered; back after DOWN_MS and a 503 from /health/ready.
    let answered = 0;
    const ready: Array<{ at: number; status: number; ms: number; unavailable: boolean }> = [];
    const probeReady = async () => {
      const at = Date.now();
      const res = await call('ready', '', `${base}/health/ready`);
      ready.push({ at, status: res.status, ms: Date.now() - at, unavailable: isUnavailableProblem(res) });
      return res;
    };
    const fault = (async () => {
      await eventually('the load to reach the kill point', async () => answered >= KILL_AFTER, 120_000, 20);
      await db.kill();
      const killedAt = Date.now();
      await eventually('/health/ready to answer 503', async () => (await probeReady()).status === 503, 30_000);
      while (Date.now() - killedAt < DOWN_MS) {
        await probeReady();
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await db.start();
      const backAt = Date.now();
      await eventually('/health/ready to answer 200 again', async () => (await probeReady()).status === 200, 60_000, 100);
      return { killedAt, backAt, readyAt: Date.now() };
    })();
    const started = Date.now();
    const outcomes = await runLoad(
      tasks.map((task) => async () => {
        const outcome = await task();
        answered++;
        return outcome;
      }),
      CONCURRENCY,
      (outcome) => (outcome.status === 503 ? BACKOFF_MS : 0),
    );
    const loadEnd = Date.now();
    const { killedAt, backAt, readyAt } = await fault;

    // Every answer is a success or the 503 of an unavailable database; never a 500.
    const success: Record<Kind, number> = { signup: 202, link: 200, request: 201, approve: 200, queue: 200 };
    const unexpected = outcomes.filter((o) => o.status !== success[o.kind] && !isUnavailableProblem(o));
    expect(unexpected.map((o) => ({ kind: o.kind, status: o.status, body: o.body, retryAfter: o.retryAfter }))).toEqual([]);
    // The 503s are the ones the API document announces.
    expect(mismatches(t.openapi, outcomes)).toEqual([]);
    const failed = outcomes.filter((o) => o.status === 503);
    // The approvals' 200 is AdminJS's: the notice says whether the service approved.
    const approvals = outcomes.filter((o) => o.kind === 'approve' && o.status === 200);
    expect(approvals.filter((o) => (o.body?.notice as { type?: string } | undefined)?.type !== 'success').map((o) => o.body?.notice)).toEqual([]);
    // The fault landed in the middle: successes before the kill and after the return, failures between.
    expect(outcomes.some((o) => o.status < 300 && o.answeredAt < killedAt)).toBe(true);
    expect(outcomes.some((o) => o.status < 300 && o.sentAt > readyAt)).toBe(true);
    expect(failed.length).toBeGreaterThan(0);
    // /health/ready said 503 while the database was down, quickly, and 200 once it was back.
    const down = ready.filter((r) => r.at > killedAt && r.at + r.ms < backAt);
    expect(down.length).toBeGreaterThan(0);
    expect(down.every((r) => r.status === 503 && r.unavailable)).toBe(true);
    expect(Math.max(...down.map((r) => r.ms))).toBeLessThan(5_000);
    expect(ready[ready.length - 1].status).toBe(200);

    // Nothing half-written. Sign-ups: an account exists for every 202, and every account of the load
    // has its confirmation link and its email.
    const ds = t.dataSource;
    const accounts = await ds.getRepository(Account).findBy({ email: In(signups) });
    const accountEmails = new Set(accounts.map((a) => a.email));
    const byKind = (kind: Kind, ok: boolean) => outcomes.filter((o) => o.kind === kind && (o.status < 300) === ok);
    expect(byKind('signup', true).filter((o) => !accountEmails.has(o.key))).toEqual([]);
    const tokens = await ds.getRepository(EmailToken).findBy({ accountId: In(accounts.map((a) => a.id)), purpose: 'verify_email' });
    expect(new Set(tokens.map((tk) => tk.accountId)).size).toBe(accounts.length);
    const outbox = await ds.getRepository(OutboxMessage).find();
    const mailedTo = (template: string) => new Set(outbox.filter((m) => m.template === template).map((m) => m.recipient));
    expect(accounts.filter((a) => !mailedTo('verify_email').has(a.email)).map((a) => a.email)).toEqual([]);

    // Links: every 200 is linked; a 503 linked all or nothing (a person has one account at most).
    const linkedNumbers = new Set((await ds.getRepository(Person).findBy({ dossierNumber: In(linkers.map((l) => l.dossierNumber)) })).filter((p) => p.accountId !== null).map((p) => p.dossierNumber));
    expect(byKind('link', true).filter((o) => !linkedNumbers.has(o.key))).toEqual([]);

    // Requests: every 201 is stored, and every stored request has its acknowledgement email.
    const stored = await ds.getRepository(DossierRequest).findBy({ email: In(requests.map((r) => r.email)) });
    const storedEmails = new Set(stored.map((r) => r.email));
    expect(byKind('request', true).filter((o) => !storedEmails.has(o.key))).toEqual([]);
    expect(stored.filter((r) => !mailedTo('dossier_request_received').has(r.email))).toEqual([]);

    // Approvals: an approved request has exactly one household, with its applicant and child, their
    // new numbers, and one email of the numbers; a request not approved has none of these.
    const decided = await ds.getRepository(DossierRequest).findBy({ id: In(toApprove) });
    const approved = decided.filter((r) => r.status === 'approved');
    expect(decided.filter((r) => r.status !== 'approved').every((r) => r.status === 'in_review' && r.householdId === null)).toBe(true);
    expect(byKind('approve', true).filter((o) => !approved.some((r) => String(r.id) === o.key))).toEqual([]);
    const memberships = await ds.getRepository(Membership).find({ where: { householdId: In(approved.map((r) => r.householdId!)) }, relations: { person: true } });
    for (const request of approved) {
      const members = memberships.filter((m) => m.householdId === request.householdId);
      expect(members.map((m) => `${m.role} ${m.person.lastName}`).sort()).toEqual([`child ${request.applicantLastName}`, `holder ${request.applicantLastName}`]);
    }
    const numbersMails = outbox.filter((m) => m.template === 'dossier_numbers');
    expect(numbersMails.map((m) => m.recipient).sort()).toEqual(approved.map((r) => r.email).sort());
    // No orphan: the persons of the approvals' names all belong to an approved household, and the
    // households of the load are exactly the approved ones.
    const approvalNames = decided.map((r) => r.applicantLastName);
    const persons = await ds.getRepository(Person).findBy({ lastName: In(approvalNames) });
    expect(persons.length).toBe(approved.length * 2);
    const allNumbers = (await ds.getRepository(Person).find({ select: { dossierNumber: true } })).map((p) => p.dossierNumber);
    expect(new Set(allNumbers).size).toBe(allNumbers.length);
    const households = await ds.getRepository(Household).count();
    expect(households).toBe(LINKS + approved.length);

    // Every email of the outbox reaches the SMTP server exactly once, within a minute of the return.
    await sink.waitFor(
      () => outbox.every((m) => sink.count(outboxMessageId(m)) >= 1),
      'every email of the outbox',
      Math.max(backAt + 60_000, loadEnd + 30_000) - Date.now(),
    );
    const lastDelivery = Math.max(...outbox.map((m) => sink.messages.find((s) => s.messageId === outboxMessageId(m))!.receivedAt));
    const rows = await ds.getRepository(OutboxMessage).find();
    expect(rows.filter((m) => m.status !== 'sent').map((m) => ({ id: m.id, status: m.status, lastError: m.lastError }))).toEqual([]);
    const twice = sink.messages.filter((m) => sink.count(m.messageId) !== 1);
    expect(twice.map((m) => m.messageId)).toEqual([]);
    expect(sink.messages.length).toBe(rows.length);
    // Logged as warnings (once per outage), never as unhandled errors.
    const log = t.logs.join('');
    expect(log).not.toContain('Unhandled error');
    expect(log).toContain('Database unavailable: answered 503');

    const committedDespite503 =
      failed.filter((o) => o.kind === 'signup' && accountEmails.has(o.key)).length +
      failed.filter((o) => o.kind === 'request' && storedEmails.has(o.key)).length +
      failed.filter((o) => o.kind === 'link' && linkedNumbers.has(o.key)).length +
      failed.filter((o) => o.kind === 'approve' && approved.some((r) => String(r.id) === o.key)).length;
    const figures = {
      requests: outcomes.length,
      succeeded: outcomes.length - failed.length,
      answered503: failed.length,
      answered503ByKind: Object.fromEntries(['signup', 'link', 'request', 'approve', 'queue'].map((kind) => [kind, failed.filter((o) => o.kind === kind).length])),
      committedDespite503,
      loadSeconds: (loadEnd - started) / 1000,
      downSeconds: (backAt - killedAt) / 1000,
      readyAfterReturnMs: readyAt - backAt,
      readyProbesWhileDown: down.length,
      slowestReady503Ms: Math.max(...down.map((r) => r.ms)),
      emails: rows.length,
      lastEmailAfterReturnSeconds: (lastDelivery - backAt) / 1000,
    };
    process.stdout.write(`\nFAULT FIGURES database-outage ${JSON.stringify(figures)}\n`);
    expect(lastDelivery - backAt).toBeLessThan(60_000);
  });

  it('sends once every email of a batch the outage cut: the one in flight is marked on the return, the others go out at once, not after the lease', async () => {
    const repo = t.dataSource.getRepository(OutboxMessage);
    // A slow SMTP server: the dispatcher is in the middle of a batch when the database dies.
    sink.delayMs = 2_000;
    const emails = Array.from({ length: 5 }, () => uniqueEmail('lot'));
    const signedUp = await Promise.all(emails.map((email) => call('signup', email, `${base}/api/v1/auth/signup`, { body: signupBody(email), headers: { 'x-forwarded-for': uniqueIp() } })));
    expect(signedUp.map((o) => o.status)).toEqual(emails.map(() => 202));
    const rows = await repo.findBy({ recipient: In(emails) });
    await eventually('a batch claimed, its first email held by the SMTP server', async () => sink.holding > 0 && (await repo.countBy({ recipient: In(emails), status: 'sending' })) >= 2, 30_000, 20);
    await db.kill();
    // The held email is accepted after the kill: sent, and its mark waits in memory.
    await eventually('the email in flight sent and its mark kept', async () => t.dispatcher.unrecordedMarks === 1, 30_000, 50);
    sink.delayMs = 0;
    await db.start();
    const backAt = Date.now();
    await eventually('every email of the batch sent', async () => rows.every((m) => sink.count(outboxMessageId(m)) >= 1) && (await repo.countBy({ recipient: In(emails), status: 'sent' })) === emails.length, 60_000);
    expect(rows.map((m) => sink.count(outboxMessageId(m)))).toEqual(emails.map(() => 1));
    expect(t.dispatcher.unrecordedMarks).toBe(0);
    const lastDelivery = Math.max(...rows.map((m) => sink.messages.find((s) => s.messageId === outboxMessageId(m))!.receivedAt));
    // Well before the claim's lease (LEASE_MS) would have let them go.
    expect(lastDelivery - backAt).toBeLessThan(LEASE_MS / 2);
    const log = t.logs.join('');
    expect(log).toContain('Email marked sent once the database answered again');
    expect(log).toContain('Emails of an interrupted run queued again');
    process.stdout.write(`\nFAULT FIGURES outbox-batch-cut ${JSON.stringify({ emails: emails.length, lastEmailAfterReturnSeconds: (lastDelivery - backAt) / 1000 })}\n`);
  });
});
