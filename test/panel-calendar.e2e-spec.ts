import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { CalendarEntry } from '../src/calendar/calendar-entry.entity.js';
import { startApp, type TestApp } from './support/app.js';
import { loggedInResident } from './support/residents.js';
import { loginAsStaff } from './support/staff.js';

/** The city's closures (M3) as the panel's `calendar` resource: administrators edit them, and due times follow. */
describe('the calendar in the panel', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    for (const role of ['clerk', 'administrator'] as const) cookies[role] = (await loginAsStaff(t, role)).cookie;
  });
  afterAll(async () => t?.close());

  const post = (role: string, path: string, fields: Record<string, string> = {}) => {
    const req = t.http().post(`/admin/api/resources/calendar${path}`).set('Cookie', cookies[role]);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req;
  };

  it('lists the seeded closures (Dec 24, 26, 31, Jan 2) to every staff member', async () => {
    const res = await t.http().get('/admin/api/resources/calendar/actions/list?filters.date~~from=2026-12-01&filters.date~~to=2027-01-31').set('Cookie', cookies.clerk).expect(200);
    expect(res.body.records.map((r: { params: { date: string } }) => r.params.date)).toEqual(['2026-12-24', '2026-12-26', '2026-12-31', '2027-01-02']);
  });

  it('lets an administrator add a closure, which moves the due time of the next message; refuses a clerk, a bad date and a day already listed', async () => {
    await post('clerk', '/actions/new', { date: '2027-02-01', name: 'Tempête' }).expect(403);

    const bad = await post('administrator', '/actions/new', { date: '2027-02-30', name: 'Jour impossible' }).expect(200);
    expect(bad.body.record.errors.date).toMatchObject({ type: 'date_invalid', message: "La date n'est pas valide : inscrivez-la sous la forme AAAA/MM/JJ" });
    const taken = await post('administrator', '/actions/new', { date: '2026-12-24', name: 'Doublon' }).expect(200);
    expect(taken.body.record.errors.date.type).toBe('value_taken');

    // A snowstorm closes the offices on Monday, November 30, 2026: Friday 15:00 is then due Thursday 15:00.
    const created = await post('administrator', '/actions/new', { date: '2026-11-30', name: 'Tempête de neige' }).expect(200);
    const id = Number(created.body.record.params.id);
    try {
      t.clock.set('2026-11-20T20:00:00Z');
      const before = await loggedInResident(t);
      const unchanged = await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${before.accessToken}`).send({ category: 'other', subject: 'Avant', body: 'x' }).expect(201);
      expect(unchanged.body.dueAt).toBe('2026-11-25T15:00:00.000-05:00');
      t.clock.set('2026-11-27T20:00:00Z');
      const resident = await loggedInResident(t);
      const res = await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).send({ category: 'other', subject: 'Question', body: 'x' }).expect(201);
      expect(res.body.dueAt).toBe('2026-12-03T15:00:00.000-05:00');
    } finally {
      t.clock.reset();
    }
    const [line] = await t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'calendar', recordId: String(id) } });
    expect(line).toMatchObject({ action: 'create', changes: { date: { before: null, after: '2026-11-30' }, name: { before: null, after: 'Tempête de neige' } } });

    await post('administrator', `/records/${id}/delete`).expect(200);
    expect(await t.dataSource.getRepository(CalendarEntry).findOneBy({ id })).toBeNull();
  });
});
