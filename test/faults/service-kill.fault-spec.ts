import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { PASSWORD, uniqueEmail, uniqueIp } from '../support/app.js';
import { call, dossierRequestBody, eventually, runLoad, uniqueLetters, type Outcome } from '../support/faults.js';
import { hasMariaDbServer, startPrivateMariaDb, type PrivateMariaDb } from '../support/mariadb-server.js';
import { freePort } from '../support/ports.js';
import { hasBuild, runCompiled, startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { LEASE_MS } from '../../src/notifications/outbox-dispatcher.service.js';

const ready = hasMariaDbServer && hasBuild;
const describeIfReady = ready ? describe : describe.skip;

const APPROVALS = 40;
const KILL_AFTER = 8;
const ADMIN_EMAIL = 'chef.faute@ville.test';

interface RequestRow {
  id: number;
  status: string;
  householdId: number | null;
  applicantLastName: string;
  email: string;
}

describeIfReady(`the service killed with SIGKILL${ready ? '' : ' (skipped: needs mariadbd and npm run build)'}`, () => {
  let db: PrivateMariaDb;
  let sink: SmtpSink;
  let dir: string;

  beforeAll(async () => {
    db = await startPrivateMariaDb();
    sink = await startSmtpSink();
    dir = mkdtempSync(join(tmpdir(), 'guichet-kill-'));
  });
  afterAll(async () => {
    await sink?.close();
    await db?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('during approvals: no half-created household, no number handed out twice, the rest approved after the restart', async () => {
    const port = await freePort();
    const env = {
      NODE_ENV: 'production',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: await db.createDatabase('guichet_faults'),
      SMTP_URL: sink.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      STAFF_COOKIE_INSECURE: 'true',
      STAFF_MFA: 'optional',
      ADMIN_EMAIL,
      ADMIN_PASSWORD: PASSWORD,
      TRUST_PROXY: 'loopback',
      MAIL_DISPATCH_INTERVAL_MS: '500',
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'warn',
    };
    const logFile = join(dir, 'service.log');
    let service: ServiceProcess = await startServiceProcess(env, logFile);
    const base = service.base;

    // The administrator's panel session (sessions live in the database: it outlives the process).
    const login = await fetch(`${base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: ADMIN_EMAIL, password: PASSWORD }),
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('guichet_personnel='))!.split(';')[0];
    const panel = (id: number, action: string, form: Record<string, string> = {}) =>
      call('approve', String(id), `${base}/admin/api/resources/dossier_requests/records/${id}/${action}`, { method: 'POST', form, headers: { cookie, origin: base } });

    // Requests received and taken.
    const ids = await runLoad(
      Array.from({ length: APPROVALS }, () => async () => {
        const submitted = await call('request', '', `${base}/api/v1/dossier-requests`, { body: dossierRequestBody(uniqueEmail('tuer'), uniqueLetters('Tuer')), headers: { 'x-forwarded-for': uniqueIp() } });
        expect(submitted.status).toBe(201);
        const [row] = await db.query<{ id: number }>('SELECT id FROM dossier_requests WHERE reference = ?', [submitted.body?.reference], 'guichet_faults');
        expect((await panel(row.id, 'take')).body?.notice).toMatchObject({ type: 'success' });
        return row.id;
      }),
      4,
    );

    // Approvals in parallel; the service is killed once KILL_AFTER have answered.
    let answered = 0;
    const killed = eventually('the kill point', async () => answered >= KILL_AFTER, 120_000, 5).then(() => service.kill());
    const outcomes = await runLoad(
      ids.map((id) => async (): Promise<Outcome | { key: string; status: 0 }> => {
        const outcome = await panel(id, 'approve', { household: 'new' }).catch(() => ({ key: String(id), status: 0 as const }));
        answered++;
        return outcome;
      }),
      6,
    );
    await killed;
    expect((await service.exited).signal).toBe('SIGKILL');
    const answeredOk = outcomes.filter((o) => o.status === 200).map((o) => Number(o.key));
    const noAnswer = outcomes.filter((o) => o.status === 0).length;
    expect(noAnswer).toBeGreaterThan(0);

    const requests = () => db.query<RequestRow>(`SELECT id, status, householdId, applicantLastName, email FROM dossier_requests WHERE id IN (${ids.join(',')})`, [], 'guichet_faults');

    /** Every approval whole or absent: household, two members with new numbers, one audit line, one email; nothing else. */
    const checkWhole = async () => {
      const rows = await requests();
      const approved = rows.filter((r) => r.status === 'approved');
      expect(rows.filter((r) => r.status !== 'approved').every((r) => r.status === 'in_review' && r.householdId === null)).toBe(true);
      const members = await db.query<{ householdId: number; role: string; lastName: string; dossierNumber: string }>(
        'SELECT m.householdId, m.role, p.lastName, p.dossierNumber FROM household_members m JOIN persons p ON p.id = m.personId',
        [],
        'guichet_faults',
      );
      for (const request of approved) {
        expect(members.filter((m) => m.householdId === request.householdId).map((m) => `${m.role} ${m.lastName}`).sort()).toEqual([`child ${request.applicantLastName}`, `holder ${request.applicantLastName}`]);
      }
      // No orphan household or person: exactly the approved requests' ones.
      const [{ households }] = await db.query<{ households: number }>('SELECT COUNT(*) AS households FROM households', [], 'guichet_faults');
      const [{ persons }] = await db.query<{ persons: number }>('SELECT COUNT(*) AS persons FROM persons', [], 'guichet_faults');
      expect(Number(households)).toBe(approved.length);
      expect(Number(persons)).toBe(approved.length * 2);
      expect(new Set(members.map((m) => m.dossierNumber)).size).toBe(members.length);
      const audit = await db.query<{ recordId: string }>("SELECT recordId FROM audit_log WHERE resource = 'dossier_requests' AND action = 'approve'", [], 'guichet_faults');
      expect(audit.map((a) => Number(a.recordId)).sort((a, b) => a - b)).toEqual(approved.map((r) => r.id).sort((a, b) => a - b));
      const mails = await db.query<{ recipient: string }>("SELECT recipient FROM outbox_messages WHERE template = 'dossier_numbers'", [], 'guichet_faults');
      expect(mails.map((m) => m.recipient).sort()).toEqual(approved.map((r) => r.email).sort());
      return { approved, members };
    };

    const afterKill = await checkWhole();
    // Every approval answered before the kill is there.
    expect(answeredOk.filter((id) => !afterKill.approved.some((r) => r.id === id))).toEqual([]);

    // Emails the killed process had claimed: another instance takes them over when their lease ends.
    const [{ heldByKilled }] = await db.query<{ heldByKilled: number }>("SELECT COUNT(*) AS heldByKilled FROM outbox_messages WHERE status = 'sending'", [], 'guichet_faults');
    // The service starts again and approves the rest; the numbers continue, none reused.
    service = await startServiceProcess(env, logFile);
    const restartedAt = Date.now();
    const rest = (await requests()).filter((r) => r.status === 'in_review');
    expect(rest.length).toBeGreaterThan(0);
    const second = await runLoad(rest.map((r) => () => panel(r.id, 'approve', { household: 'new' })), 4);
    expect(second.map((o) => (o.body?.notice as { type?: string } | undefined)?.type)).toEqual(rest.map(() => 'success'));
    const final = await checkWhole();
    expect(final.approved).toHaveLength(APPROVALS);

    // Every email out (a claim of the killed process waits for its lease), and no number in two emails.
    const [{ total }] = await db.query<{ total: number }>('SELECT COUNT(*) AS total FROM outbox_messages', [], 'guichet_faults');
    await eventually('every email of the outbox sent', async () => {
      const [{ unsent }] = await db.query<{ unsent: number }>("SELECT COUNT(*) AS unsent FROM outbox_messages WHERE status <> 'sent'", [], 'guichet_faults');
      return Number(unsent) === 0;
    }, LEASE_MS + 60_000, 500);
    const allSentAfterRestart = (Date.now() - restartedAt) / 1000;
    const numbersMails = await Promise.all(sink.messages.filter((m) => /dossier/i.test(m.raw) && /\d{7}/.test(m.raw)).map(async (m) => ({ id: m.messageId, text: (await simpleParser(m.raw)).text ?? '' })));
    const distinct = new Map(numbersMails.map((m) => [m.id, m.text]));
    const mailed = [...distinct.values()].flatMap((text) => [...text.matchAll(/ : (\d{7})\b/g)].map((match) => match[1]));
    expect(mailed.length).toBe(APPROVALS * 2);
    expect(new Set(mailed).size).toBe(mailed.length);
    expect(mailed.sort()).toEqual(final.members.map((m) => m.dossierNumber).sort());
    // Sent at least once; twice at most for the one email the killed process may have had in flight.
    const duplicates = sink.messages.length - new Set(sink.messages.map((m) => m.messageId)).size;
    expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(Number(total));
    expect(duplicates).toBeLessThanOrEqual(1);
    await service.kill();
    expect(service.output()).not.toContain('"level":50');
    process.stdout.write(
      `\nFAULT FIGURES service-kill-approvals ${JSON.stringify({ approvals: APPROVALS, answeredBeforeKill: answeredOk.length, noAnswer, approvedAtKill: afterKill.approved.length, approvedAfterRestart: rest.length, emails: Number(total), heldByKilled: Number(heldByKilled), allSentAfterRestartSeconds: allSentAfterRestart, duplicateEmails: duplicates })}\n`,
    );
  });

  it('during an import: the committed batches are whole, and running it again completes it', async () => {
    const url = await db.createDatabase('guichet_import');
    const run = randomBytes(3).toString('hex').toUpperCase();
    // A legacy file: households of one to three persons (a holder and children), one phone each.
    const lines: Array<{ number: string; key: string }> = [];
    const csv = ['dossier_number,first_name,last_name,birth_date,household_key,relationship,civic_number,street,city,postal_code,phone'];
    for (let h = 0; lines.length < 24_000; h++) {
      const key = `K${run}-${h}`;
      for (let m = 0; m <= h % 3; m++) {
        const number = `L${run}${String(h).padStart(6, '0')}${m}`;
        lines.push({ number, key });
        csv.push(`${number},${m ? 'Léo' : 'Camille'},Gagnon,${m ? '2015-05-0' + m : '1980-01-02'},${key},${m ? 'enfant' : 'titulaire'},${h % 900 + 1},rue Mance,Baie-Comeau,G4Z 1A1,418-555-${String(h % 10_000).padStart(4, '0')}`);
      }
    }
    const file = join(dir, 'dossiers.csv');
    writeFileSync(file, `${csv.join('\n')}\n`);
    const env = { DATABASE_URL: url, DATA_DIR: join(dir, 'import-data') };
    const numbersIn = async () => (await db.query<{ dossierNumber: string }>('SELECT dossierNumber FROM persons', [], 'guichet_import')).map((p) => p.dossierNumber);

    const first = runCompiled('dossiers/import/import-dossiers.cli.js', [file], env, join(dir, 'import-1.log'));
    await eventually('a first batch committed', async () => (await numbersIn().catch(() => [])).length > 0, 120_000, 25);
    await first.kill();
    expect((await first.exited).signal).toBe('SIGKILL');

    // Whole batches only: the persons, memberships and households of the file's first lines, no more.
    const present = await numbersIn();
    expect(present.length % 1000).toBe(0);
    expect(present.length).toBeLessThan(lines.length);
    const prefix = lines.slice(0, present.length);
    expect(new Set(present)).toEqual(new Set(prefix.map((l) => l.number)));
    const [{ memberships }] = await db.query<{ memberships: number }>('SELECT COUNT(*) AS memberships FROM household_members', [], 'guichet_import');
    expect(Number(memberships)).toBe(present.length);
    const keys = (await db.query<{ legacyKey: string }>('SELECT legacyKey FROM households', [], 'guichet_import')).map((h) => h.legacyKey);
    expect(new Set(keys)).toEqual(new Set(prefix.map((l) => l.key)));

    // Running it again completes it: the lines already there change nothing.
    const second = runCompiled('dossiers/import/import-dossiers.cli.js', [file, '--report', join(dir, 'report-2.txt')], env, join(dir, 'import-2.log'));
    expect((await second.exited).code).toBe(0);
    const report = readFileSync(join(dir, 'report-2.txt'), 'utf8');
    expect(report).toContain(`Créés : ${lines.length - present.length} personnes`);
    expect(report).toContain(`Lignes déjà importées (aucun changement) : ${present.length}`);
    expect(report).toContain('Lignes rejetées : 0');
    const households = new Set(lines.map((l) => l.key)).size;
    const counts = async () =>
      (
        await db.query<Record<string, number>>(
          'SELECT (SELECT COUNT(*) FROM persons) AS persons, (SELECT COUNT(*) FROM households) AS households, (SELECT COUNT(*) FROM household_members) AS memberships, (SELECT COUNT(*) FROM household_phones) AS phones',
          [],
          'guichet_import',
        )
      ).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])))[0];
    expect(await counts()).toEqual({ persons: lines.length, households, memberships: lines.length, phones: households });
    // And once more: nothing to do.
    const third = runCompiled('dossiers/import/import-dossiers.cli.js', [file, '--report', join(dir, 'report-3.txt')], env, join(dir, 'import-3.log'));
    expect((await third.exited).code).toBe(0);
    expect(readFileSync(join(dir, 'report-3.txt'), 'utf8')).toContain(`Lignes déjà importées (aucun changement) : ${lines.length}`);
    expect(await counts()).toEqual({ persons: lines.length, households, memberships: lines.length, phones: households });
    process.stdout.write(`\nFAULT FIGURES service-kill-import ${JSON.stringify({ lines: lines.length, committedAtKill: present.length })}\n`);
  });
});
