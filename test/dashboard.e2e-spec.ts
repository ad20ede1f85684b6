import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../src/common/actor.js';
import { DossierRequestsService } from '../src/dossier-requests/dossier-requests.service.js';
import { MailboxDesk } from '../src/mailbox/mailbox-desk.service.js';
import { startApp, type TestApp } from './support/app.js';
import { freshMysqlDatabase, MYSQL_URL, type FreshDatabase } from './support/databases.js';
import { cityTime, queueArrivals } from './support/queues.js';
import { loggedInResident } from './support/residents.js';
import { loginEveryRole, newStaff } from './support/staff.js';

const at = cityTime;

interface Figures {
  open: number;
  overdue: number;
  dueSoon: number;
  unassigned: number;
  waitingForResident: number;
  links: Record<string, string>;
  perClerk: Array<{ staffId: number; name: string; open: number; overdue: number; links: { open: string; overdue: string } }>;
}

/**
 * The panel's home (issue 18, `GET /admin/api/home`): on a database of its own, threads and
 * requests received at known instants, then the home at Monday 30 November 2026, 10:00 in the city
 * (72 business hours = three business days): each figure and the list its link opens count the
 * same rows, the twelve weeks, the oldest open items, and what each role's home says it can do.
 */
describe('the panel’s home: figures that lead to their lists, twelve weeks, the oldest items, each role’s tasks', () => {
  let t: TestApp;
  let database: FreshDatabase | undefined;
  let cookies: Awaited<ReturnType<typeof loginEveryRole>>['cookies'];
  let clerkId: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    database = MYSQL_URL ? await freshMysqlDatabase(MYSQL_URL) : undefined;
    t = await startApp({ STAFF_MFA: 'optional', ...(database ? { DATABASE_URL: database.url } : {}) });
    const resident = await loggedInResident(t);
    const clerkRow = await newStaff(t, 'clerk');
    clerkId = clerkRow.id;
    const clerk: Actor = { kind: 'staff', staffId: clerkId, role: 'clerk' };
    const desk = t.app.get(MailboxDesk);
    const requests = t.app.get(DossierRequestsService);
    const arrive = queueArrivals(t, resident);
    const act = arrive.at;
    const thread = async (name: string, receivedLocal: string) => {
      ids[name] = await arrive.thread(receivedLocal, `Message ${name}`);
    };
    const request = async (name: string, receivedLocal: string) => {
      ids[name] = await arrive.request(receivedLocal);
    };

    // Eight weeks back, answered in time.
    await thread('T6', '2026-10-05T09:00:00');
    await act('2026-10-05T11:00:00', () => desk.reply(ids.T6, 'Réponse.', clerk));
    // Answered a day after its due time (Thursday 19, 09:00).
    await thread('T2', '2026-11-16T09:00:00');
    await act('2026-11-20T09:00:00', () => desk.reply(ids.T2, 'Désolée du délai.', clerk));
    // Answered 3 business hours after receipt.
    await thread('T1', '2026-11-23T09:00:00');
    await act('2026-11-23T12:00:00', () => desk.reply(ids.T1, 'Voici la réponse.', clerk));
    // Due Friday 27 November 10:00, held by the clerk, never answered: past due.
    await thread('T3', '2026-11-24T10:00:00');
    await act('2026-11-24T11:00:00', () => desk.take(ids.T3, clerk));
    // Due Monday 30 November 14:00: due soon. Due Wednesday 2 December 09:00.
    await thread('T5', '2026-11-25T14:00:00');
    await thread('T4', '2026-11-27T09:00:00');

    // Due Wednesday 25 November 09:00, nobody's: past due.
    await request('R4', '2026-11-20T09:00:00');
    // Asked for information a business day after submission: waits for the applicant.
    await request('R1', '2026-11-24T10:00:00');
    await act('2026-11-25T10:00:00', async () => {
      await requests.take(ids.R1, clerk);
      await requests.askInfo(ids.R1, 'Quelle est la date de naissance de Zoé ?', clerk);
    });
    // Due Monday 30 November 12:00, taken by the clerk: due soon.
    await request('R3', '2026-11-25T12:00:00');
    await act('2026-11-30T09:30:00', () => requests.take(ids.R3, clerk));
    // Due Thursday 3 December 09:00, nobody's.
    await request('R2', '2026-11-30T09:00:00');

    t.clock.set(at('2026-11-30T10:00:00'));
    ({ cookies } = await loginEveryRole(t));
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  const home = async (role: keyof typeof cookies) => (await t.http().get('/admin/api/home').set('Cookie', cookies[role]).expect(200)).body;

  /** The number of rows of the list a link opens, as the panel's list page asks AdminJS for it. */
  async function listCount(href: string, cookie: string): Promise<number> {
    const url = new URL(href, 'http://api.test');
    const match = /^\/admin\/resources\/([a-z_]+)$/.exec(url.pathname);
    expect(match).not.toBeNull();
    const res = await t.http().get(`/admin/api/resources/${match![1]}/actions/list${url.search}`).set('Cookie', cookie).expect(200);
    return res.body.meta.total as number;
  }

  it('answers 401 problem details without a staff session', async () => {
    const res = await t.http().get('/admin/api/home').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('gives each figure a link to the list that counts the same rows, for every queue and every clerk', async () => {
    const body = await home('supervisor');
    expect(body.generatedAt).toBe('2026-11-30T10:00:00.000-05:00');
    const mailbox = body.mailbox as Figures;
    const requests = body.requests as Figures;
    expect(mailbox).toMatchObject({ open: 3, overdue: 1, dueSoon: 1, unassigned: 2, waitingForResident: 3 });
    expect(requests).toMatchObject({ open: 3, overdue: 1, dueSoon: 1, unassigned: 2, waitingForResident: 1 });

    const compared: string[] = [];
    for (const [queue, figures] of [['mailbox', mailbox], ['requests', requests]] as const) {
      for (const figure of ['open', 'overdue', 'dueSoon', 'unassigned', 'waitingForResident'] as const) {
        expect(figures.links[figure]).toMatch(queue === 'mailbox' ? /^\/admin\/resources\/threads\?/ : /^\/admin\/resources\/dossier_requests\?/);
        expect({ queue, figure, count: await listCount(figures.links[figure], cookies.supervisor) }).toEqual({ queue, figure, count: figures[figure] });
        compared.push(`${queue}.${figure}`);
      }
      const clerk = figures.perClerk.find((c) => c.staffId === clerkId)!;
      expect(clerk).toMatchObject({ open: 1, overdue: queue === 'mailbox' ? 1 : 0 });
      for (const load of figures.perClerk) {
        expect(await listCount(load.links.open, cookies.supervisor)).toBe(load.open);
        expect(await listCount(load.links.overdue, cookies.supervisor)).toBe(load.overdue);
      }
    }
    expect(compared).toHaveLength(10);
    // The links are the same for a clerk, whose lists count the same rows.
    expect(await listCount(requests.links.overdue, cookies.clerk)).toBe(1);
  });

  it('gives the last twelve weeks, Monday to Sunday in the city: received, and the share answered within the due time', async () => {
    const { weeks } = await home('administrator');
    expect(weeks).toHaveLength(12);
    expect(weeks[0].start).toBe('2026-09-14');
    expect(weeks[11].start).toBe('2026-11-30');
    const week = (start: string) => weeks.find((w: { start: string }) => w.start === start);
    // 23–29 November: T1 in time, T3 past due, T4 and T5 not due yet; R1 answered in time, R3 not due yet.
    expect(week('2026-11-23')).toEqual({
      start: '2026-11-23',
      mailbox: { received: 4, inTime: 1, late: 1, withinSlaShare: 0.5 },
      requests: { received: 2, inTime: 1, late: 0, withinSlaShare: 1 },
    });
    expect(week('2026-11-16')).toEqual({ start: '2026-11-16', mailbox: { received: 1, inTime: 0, late: 1, withinSlaShare: 0 }, requests: { received: 1, inTime: 0, late: 1, withinSlaShare: 0 } });
    expect(week('2026-11-30')).toEqual({ start: '2026-11-30', mailbox: { received: 0, inTime: 0, late: 0, withinSlaShare: null }, requests: { received: 1, inTime: 0, late: 0, withinSlaShare: null } });
    // Before the change to standard time (EDT): Monday 5 October.
    expect(week('2026-10-05').mailbox).toEqual({ received: 1, inTime: 1, late: 0, withinSlaShare: 1 });
    const total = weeks.reduce((sum: number, w: { mailbox: { received: number }; requests: { received: number } }) => sum + w.mailbox.received + w.requests.received, 0);
    expect(total).toBe(10);
  });

  it('lists the open items that have waited longest, each with a link to its page', async () => {
    const { oldest } = await home('supervisor');
    expect(oldest.threads.map((i: { id: number }) => i.id)).toEqual([ids.T3, ids.T5, ids.T4]);
    expect(oldest.threads[0]).toMatchObject({ overdue: true, href: `/admin/resources/threads/records/${ids.T3}/show`, receivedAt: '2026-11-24T10:00:00.000-05:00', dueAt: '2026-11-27T10:00:00.000-05:00' });
    expect(oldest.threads[0].assignee).toEqual(expect.any(String));
    expect(oldest.threads[1]).toMatchObject({ overdue: false, assignee: null });
    expect(oldest.requests.map((i: { id: number }) => i.id)).toEqual([ids.R4, ids.R3, ids.R2]);
    expect(oldest.requests[0]).toMatchObject({ overdue: true, href: `/admin/resources/dossier_requests/records/${ids.R4}/show` });
    for (const item of [...oldest.threads, ...oldest.requests]) await t.http().get(`/admin/api${item.href.slice('/admin'.length)}`).set('Cookie', cookies.supervisor).expect(200);
  });

  it('tells each role what it can do, from the role table: a supervisor reads and assigns, a clerk processes, an administrator does everything', async () => {
    const tasks = async (role: keyof typeof cookies) => Object.fromEntries(((await home(role)).tasks as Array<{ resource: string; actions: string[] }>).map((task) => [task.resource, task.actions]));
    const supervisor = await tasks('supervisor');
    expect((await home('supervisor')).role).toBe('supervisor');
    expect(supervisor.dossier_requests).toEqual(['show', 'assign']);
    expect(supervisor.threads).toEqual(['show', 'assign']);
    expect(supervisor.persons).toEqual(['show']);
    expect(supervisor.households).toEqual(['show']);
    expect(supervisor.audit_log).toEqual(['show']);
    expect(supervisor.staff).toBeUndefined();

    const clerk = await tasks('clerk');
    expect(clerk.dossier_requests).toEqual(['show', 'take', 'approve', 'askInfo', 'resume', 'reject']);
    expect(clerk.threads).toEqual(['show', 'take', 'reply', 'note', 'close', 'reopen']);
    expect(clerk.persons).toEqual(['show', 'edit']);
    expect(clerk.audit_log).toBeUndefined();

    const administrator = await tasks('administrator');
    expect(administrator.dossier_requests).toEqual(['show', 'take', 'approve', 'askInfo', 'resume', 'reject', 'assign']);
    expect(administrator.staff).toEqual(['show', 'new', 'edit', 'resetTwoFactor']);
  });

  it('keeps a link on the rows its figure counted: a thread that becomes late later is not in the list of « hors délai »', async () => {
    const before = (await home('supervisor')).mailbox as Figures;
    // In the afternoon T5 (due 14:00) is past due as well (a new session: the morning's has expired).
    t.clock.set(at('2026-11-30T15:00:00'));
    try {
      const { cookies: afternoon } = await loginEveryRole(t);
      const after = (await t.http().get('/admin/api/home').set('Cookie', afternoon.supervisor).expect(200)).body.mailbox as Figures;
      expect(after.overdue).toBe(2);
      expect(await listCount(after.links.overdue, afternoon.supervisor)).toBe(2);
      expect(await listCount(before.links.overdue, afternoon.supervisor)).toBe(1);
    } finally {
      t.clock.set(at('2026-11-30T10:00:00'));
    }
  });
});
