import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EmailToken } from '../src/accounts/email-token.entity.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { RefreshToken } from '../src/auth/refresh-token.entity.js';
import type { Actor } from '../src/common/actor.js';
import { JobRun } from '../src/digest/job-run.entity.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { DossierRequestsService } from '../src/dossier-requests/dossier-requests.service.js';
import { MailboxDesk } from '../src/mailbox/mailbox-desk.service.js';
import { ThreadAttachment } from '../src/mailbox/thread-attachment.entity.js';
import { ThreadMessage } from '../src/mailbox/thread-message.entity.js';
import { Thread } from '../src/mailbox/thread.entity.js';
import { RETENTION_JOB, RetentionJob } from '../src/privacy/retention-job.service.js';
import { RetentionRun } from '../src/privacy/retention-run.entity.js';
import { RetentionSetting } from '../src/privacy/retention-setting.entity.js';
import { StaffSession } from '../src/staff/staff-session.entity.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { freshMysqlDatabase, MYSQL_URL, type FreshDatabase } from './support/databases.js';
import { dossierRequestForm } from './support/dossiers.js';
import { confirmedResident, signupBody } from './support/residents.js';
import { loginAsStaff, newStaff } from './support/staff.js';

const DAY = 86_400_000;

/**
 * Law 25's retention (issue 18): administrators set how long each kind of record is kept after it
 * closes; a daily job purges or anonymises what is due, once across instances, and records what it
 * did. On MySQL/MariaDB two instances share a database of their own (the job purges every row past
 * its period, whoever made it); on SQLite two instances share one file.
 */
describe('the retention job', () => {
  let database: FreshDatabase | undefined;
  let instances: TestApp[] = [];
  let a: TestApp;
  let clerk: Actor;

  /** Today at 10:00 in the city: after the job's hour, a few hours from the database's own clock at most. */
  let today: Date;
  const setClocks = (instant: Date) => instances.forEach((t) => t.clock.set(instant));

  beforeAll(async () => {
    database = MYSQL_URL ? await freshMysqlDatabase(MYSQL_URL) : undefined;
    a = await startApp({ STAFF_MFA: 'optional', ...(database ? { DATABASE_URL: database.url } : {}) });
    const b = await startApp({ STAFF_MFA: 'optional', ...(database ? { DATABASE_URL: database.url } : { DATA_DIR: a.config.dataDir, MAIL_DIR: `${a.config.dataDir}/mail-b` }) });
    instances = [a, b];
    const now = new Date();
    const [y, m, d] = a.clock.today().split('-').map(Number);
    today = a.clock.at(y, m, d, 10);
    if (today.getTime() > now.getTime() + DAY / 2) today = new Date(today.getTime() - DAY);
    const member = await newStaff(a, 'clerk');
    clerk = { kind: 'staff', staffId: member.id, role: 'clerk' };
  });
  afterAll(async () => {
    // The second instance shares the first one's folder on SQLite: closed first, the folder goes with the first.
    for (const t of [...instances].reverse()) await t.close();
    await database?.drop();
  });

  /** A dossier request submitted through the API and rejected by a clerk through the service, at the clock's time. */
  async function rejectedRequest(): Promise<number> {
    const email = uniqueEmail('refus');
    const res = await a.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send(dossierRequestForm(email, { members: [{ firstName: 'Léo', lastName: 'Tremblay', birthDate: '2019/03/03', relationship: 'child' }] })).expect(201);
    const { id } = await a.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
    const requests = a.app.get(DossierRequestsService);
    await requests.take(id, clerk);
    await requests.reject(id, 'not_resident', 'Adresse à Pointe-Lebel', clerk);
    return id;
  }

  /** A resident's thread with an attachment on its message, closed by a clerk, at the clock's time; and the resident's email and refresh tokens. */
  async function closedThread(): Promise<{ threadId: number; accountId: number }> {
    const resident = await confirmedResident(a);
    const login = await a.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send(resident).expect(200);
    const res = await a.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${login.body.accessToken}`).send({ category: 'correction', subject: 'Mon nom est mal écrit', body: 'Bonjour, mon nom s’écrit Brûlé.' }).expect(201);
    const threadId = Number(res.body.id);
    const message = await a.dataSource.getRepository(ThreadMessage).findOneByOrFail({ threadId });
    // Attachments arrive with emails (the IMAP intake): one written as the intake writes it.
    await a.dataSource.getRepository(ThreadAttachment).insert({ threadId, messageId: message.id, filename: 'bail.pdf', contentType: 'application/pdf', size: 4, content: Buffer.from('%PDF') });
    await a.app.get(MailboxDesk).close(threadId, clerk);
    const thread = await a.dataSource.getRepository(Thread).findOneByOrFail({ id: threadId });
    return { threadId, accountId: thread.accountId! };
  }

  it('anonymises or purges what is past its period, keeps what is within it, once across instances, and records the run', async () => {
    // Three years ago: a rejected request, a closed thread, a sign-up's link, a login's token, a staff session, audit lines.
    setClocks(new Date(today.getTime() - 1_100 * DAY));
    const oldRequest = await rejectedRequest();
    const old = await closedThread();
    const pendingEmail = uniqueEmail('jamais-confirme');
    await a.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(pendingEmail)).expect(202);
    await loginAsStaff(a, 'clerk');
    const oldAudit = await a.dataSource.getRepository(AuditEntry).findOneByOrFail({ resource: 'dossier_requests', recordId: String(oldRequest), action: 'reject' });

    // Ten days ago: the same, well within every period.
    setClocks(new Date(today.getTime() - 10 * DAY));
    const recentRequest = await rejectedRequest();
    const recent = await closedThread();
    const recentAudit = await a.dataSource.getRepository(AuditEntry).findOneByOrFail({ resource: 'dossier_requests', recordId: String(recentRequest), action: 'reject' });
    const recentTokens = await a.dataSource.getRepository(RefreshToken).countBy({ accountId: recent.accountId });

    // Today, after 02:00: both instances check at once; one runs.
    setClocks(today);
    const outcomes = await Promise.all(instances.map((t) => t.app.get(RetentionJob).runIfDue()));
    const day = a.clock.today();
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['already_ran', 'ran']);
    const ran = outcomes.find((o) => o.outcome === 'ran') as Extract<(typeof outcomes)[number], { outcome: 'ran' }>;
    expect(ran.counts).toMatchObject({ rejectedRequests: 1, closedThreads: 1, threadAttachments: 1 });
    expect(ran.counts.emailLinks).toBeGreaterThanOrEqual(2);
    expect(ran.counts.residentSessions).toBeGreaterThanOrEqual(1);
    expect(ran.counts.staffSessions).toBeGreaterThanOrEqual(1);
    expect(ran.counts.auditEntries).toBe(0);
    expect(await a.dataSource.getRepository(JobRun).countBy({ job: RETENTION_JOB, day })).toBe(1);
    const runs = await a.dataSource.getRepository(RetentionRun).findBy({ day });
    expect(runs).toEqual([expect.objectContaining({ id: ran.runId, rejectedRequests: 1, closedThreads: 1, threadAttachments: 1 })]);

    // The old request: anonymised, its reference, status and reason kept; the recent one untouched.
    const requests = a.dataSource.getRepository(DossierRequest);
    expect(await requests.findOneByOrFail({ id: oldRequest })).toMatchObject({
      status: 'rejected',
      rejectionReason: 'not_resident',
      applicantFirstName: '',
      applicantLastName: '',
      // The search box's key of the last name is personal data too.
      applicantLastNameKey: '',
      email: '',
      phone: '',
      members: [],
      decisionNote: null,
      address: expect.objectContaining({ street: '', city: 'Baie-Comeau' }),
      anonymizedAt: expect.any(Date),
    });
    expect(await requests.findOneByOrFail({ id: recentRequest })).toMatchObject({ applicantFirstName: 'Camille', applicantLastNameKey: expect.stringMatching(/.+/), decisionNote: 'Adresse à Pointe-Lebel', anonymizedAt: null });

    // The old thread: messages and attachment gone, address and subject cleared, times kept; the recent one whole.
    const threads = a.dataSource.getRepository(Thread);
    expect(await threads.findOneByOrFail({ id: old.threadId })).toMatchObject({ status: 'closed', email: '', subject: '', accountId: null, anonymizedAt: expect.any(Date), category: 'correction' });
    expect(await a.dataSource.getRepository(ThreadMessage).countBy({ threadId: old.threadId })).toBe(0);
    expect(await a.dataSource.getRepository(ThreadAttachment).countBy({ threadId: old.threadId })).toBe(0);
    expect(await threads.findOneByOrFail({ id: recent.threadId })).toMatchObject({ subject: 'Mon nom est mal écrit', anonymizedAt: null });
    expect(await a.dataSource.getRepository(ThreadMessage).countBy({ threadId: recent.threadId })).toBe(1);
    expect(await a.dataSource.getRepository(ThreadAttachment).countBy({ threadId: recent.threadId })).toBe(1);

    // Tokens and sessions: the old ones gone, the recent ones kept.
    expect(await a.dataSource.getRepository(RefreshToken).countBy({ accountId: old.accountId })).toBe(0);
    expect(await a.dataSource.getRepository(RefreshToken).countBy({ accountId: recent.accountId })).toBe(recentTokens);
    expect(await a.dataSource.getRepository(EmailToken).count({ where: { account: { email: pendingEmail } }, relations: { account: true } })).toBe(0);
    const sessions = await a.dataSource.getRepository(StaffSession).find();
    expect(sessions.every((s) => s.expiresAt.getTime() >= today.getTime() - DAY)).toBe(true);
    // Audit lines are kept seven years by default: the three-year-old line stays.
    expect(await a.dataSource.getRepository(AuditEntry).existsBy({ id: oldAudit.id })).toBe(true);
    expect(await a.dataSource.getRepository(AuditEntry).findBy({ resource: 'retention_runs', recordId: String(ran.runId) })).toEqual([expect.objectContaining({ action: 'purge', actorKind: 'system' })]);

    // A second run the same day, on either instance: nothing.
    for (const t of instances) expect(await t.app.get(RetentionJob).runIfDue()).toEqual({ outcome: 'already_ran', day });
    // The next day: nothing more is due.
    setClocks(new Date(today.getTime() + DAY));
    const next = await a.app.get(RetentionJob).runIfDue();
    expect(next).toMatchObject({ outcome: 'ran', counts: { rejectedRequests: 0, closedThreads: 0, threadAttachments: 0, auditEntries: 0 } });
    expect(await requests.findOneByOrFail({ id: recentRequest })).toMatchObject({ applicantFirstName: 'Camille' });

    // Shorter periods set by an administrator: the audit log down to its floor of a year, requests to a week.
    const settings = a.dataSource.getRepository(RetentionSetting);
    await settings.update({ kind: 'audit_entries' }, { days: 365 });
    await settings.update({ kind: 'rejected_requests' }, { days: 7 });
    setClocks(new Date(today.getTime() + 2 * DAY));
    const shorter = await a.app.get(RetentionJob).runIfDue();
    expect(shorter).toMatchObject({ outcome: 'ran', counts: { rejectedRequests: 1 } });
    expect((shorter as Extract<typeof shorter, { outcome: 'ran' }>).counts.auditEntries).toBeGreaterThanOrEqual(1);
    expect(await a.dataSource.getRepository(AuditEntry).existsBy({ id: oldAudit.id })).toBe(false);
    expect(await a.dataSource.getRepository(AuditEntry).existsBy({ id: recentAudit.id })).toBe(true);
    expect(await requests.findOneByOrFail({ id: recentRequest })).toMatchObject({ applicantFirstName: '', anonymizedAt: expect.any(Date) });
  });

  it('is not due before 02:00 in the city', async () => {
    const [y, m, d] = a.clock.today().split('-').map(Number);
    setClocks(a.clock.at(y, m, d + 5, 1, 59));
    expect(await a.app.get(RetentionJob).runIfDue()).toEqual({ outcome: 'not_due' });
  });

  it('never deletes an audit line younger than a year, whoever asks: the database refuses it', async () => {
    setClocks(today);
    const line = await a.dataSource.getRepository(AuditEntry).findOneOrFail({ where: {}, order: { id: 'DESC' } });
    await expect(a.dataSource.getRepository(AuditEntry).delete({ id: line.id })).rejects.toThrow(/append-only/);
    await expect(a.dataSource.getRepository(AuditEntry).update({ id: line.id }, { note: 'effacé' })).rejects.toThrow(/append-only/);
  });

  it('lets administrators alone set the periods in the panel, within bounds, audited; the runs are listed for them', async () => {
    setClocks(today);
    const admin = await loginAsStaff(a, 'administrator');
    const clerkCookie = (await loginAsStaff(a, 'clerk')).cookie;
    const setting = await a.dataSource.getRepository(RetentionSetting).findOneByOrFail({ kind: 'closed_threads' });
    const edit = (cookie: string, days: string) => a.http().post(`/admin/api/resources/retention_settings/records/${setting.id}/edit`).set('Cookie', cookie).field('days', days);

    const list = await a.http().get('/admin/api/resources/retention_settings/actions/list').set('Cookie', admin.cookie).expect(200);
    expect(list.body.records.map((r: { params: { kind: string; label: string } }) => r.params.label)).toContain('Conversations fermées');
    await edit(clerkCookie, '10').expect(403);
    const refused = await edit(admin.cookie, '-3').expect(200);
    expect(refused.body.record.errors.days.type).toBe('retention_days_invalid');
    const floor = await a.http().post(`/admin/api/resources/retention_settings/records/${(await a.dataSource.getRepository(RetentionSetting).findOneByOrFail({ kind: 'audit_entries' })).id}/edit`).set('Cookie', admin.cookie).field('days', '30').expect(200);
    expect(floor.body.record.errors.days.type).toBe('retention_days_invalid');
    await edit(admin.cookie, '1095').expect(200);
    expect(await a.dataSource.getRepository(RetentionSetting).findOneByOrFail({ id: setting.id })).toMatchObject({ days: 1095 });
    expect(await a.dataSource.getRepository(AuditEntry).findBy({ resource: 'retention_settings', recordId: String(setting.id) })).toEqual([
      expect.objectContaining({ action: 'update', staffId: admin.staff.id, changes: { days: { before: 730, after: 1095 } } }),
    ]);
    await a.http().post(`/admin/api/resources/retention_settings/records/${setting.id}/delete`).set('Cookie', admin.cookie).expect(403);
    await a.http().post('/admin/api/resources/retention_settings/actions/new').set('Cookie', admin.cookie).field('kind', 'persons').field('days', '1').expect(403);

    const runs = await a.http().get('/admin/api/resources/retention_runs/actions/list').set('Cookie', admin.cookie).expect(200);
    expect(runs.body.records.length).toBeGreaterThanOrEqual(1);
    expect(runs.body.records[0].params).toEqual(expect.objectContaining({ rejectedRequests: expect.any(Number), emailLinks: expect.any(Number), residentSessions: expect.any(Number), staffSessions: expect.any(Number), auditEntries: expect.any(Number) }));
    await a.http().get('/admin/api/resources/retention_runs/actions/list').set('Cookie', clerkCookie).expect(403);
    await a.http().get('/admin/api/resources/retention_settings/actions/list').set('Cookie', clerkCookie).expect(403);
  });
});
