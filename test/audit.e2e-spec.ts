import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { REDACTED, changesBetween } from '../src/audit/audit-log.js';
import { RegistrationPeriod } from '../src/registration-periods/registration-period.entity.js';
import { startApp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { loginAsStaff } from './support/staff.js';

/** The audit log (SPEC S2, S3) of the panel's generic writes and of staff reads, and its protection. */
describe('the audit log', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const staffIds: Record<string, number> = {};

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    for (const role of ['clerk', 'supervisor', 'administrator'] as const) {
      const { cookie, staff } = await loginAsStaff(t, role);
      cookies[role] = cookie;
      staffIds[role] = staff.id;
    }
  });
  afterAll(async () => t?.close());

  const api = (role: string) => ({
    get: (path: string) => t.http().get(`/admin/api${path}`).set('Cookie', cookies[role]),
    post: (path: string, fields: Record<string, string> = {}) => {
      const req = t.http().post(`/admin/api${path}`).set('Cookie', cookies[role]);
      for (const [k, v] of Object.entries(fields)) req.field(k, v);
      return req;
    },
  });
  const linesOf = (resource: string, recordId: number) => t.dataSource.getRepository(AuditEntry).find({ where: { resource, recordId: String(recordId) }, order: { id: 'ASC' } });

  it('records a clerk’s edit of a person with the values before and after, and shows it as « Historique »', async () => {
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-05-05', role: 'holder', lastName: 'Bouchard', firstName: 'Line' }]);
    const id = persons[0].id;
    t.clock.set(new Date(Math.floor(Date.now() / 1000) * 1000));
    const at = t.clock.now().toISOString();
    await api('clerk').post(`/resources/persons/records/${id}/edit`, { lastName: 'Bouchard-Roy', phone: '418 555 0142', firstName: 'Line' }).expect(200);

    const [line] = await linesOf('persons', id);
    expect(line).toMatchObject({ actorKind: 'staff', staffId: staffIds.clerk, action: 'update', resource: 'persons', recordId: String(id) });
    expect(line.occurredAt.toISOString()).toBe(at);
    t.clock.reset();
    // Only what changed, with both values (lastNameKey derives from lastName and is not a form field).
    expect(line.changes).toEqual({ lastName: { before: 'Bouchard', after: 'Bouchard-Roy' }, phone: { before: null, after: '418-555-0142' } });

    // An edit that changes nothing writes no line; a refused edit (a future date) neither.
    await api('clerk').post(`/resources/persons/records/${id}/edit`, { firstName: 'Line' }).expect(200);
    const refused = await api('clerk').post(`/resources/persons/records/${id}/edit`, { birthDate: '2999-01-01' }).expect(200);
    expect(refused.body.record.errors.birthDate).toBeDefined();
    expect(await linesOf('persons', id)).toHaveLength(1);

    // The page: the history, newest first, and the reading itself logged (Law 25).
    const shown = await api('supervisor').get(`/resources/persons/records/${id}/show`).expect(200);
    // In the clerk's words (src/admin/values.ts): labels, « (vide) » for nothing.
    const history = JSON.parse(shown.body.record.params.history) as Array<{ who: string; action: string; changes: unknown }>;
    expect(history[0]).toMatchObject({
      who: 'Test clerk',
      action: 'Modification',
      changes: [{ field: 'lastName', label: 'Nom', before: 'Bouchard', after: 'Bouchard-Roy' }, { field: 'phone', label: 'Téléphone', before: '(vide)', after: '418-555-0142' }],
    });
    const lines = await linesOf('persons', id);
    expect(lines.at(-1)).toMatchObject({ action: 'view', staffId: staffIds.supervisor, changes: null });
  });

  it('logs each staff reading of a household’s page', async () => {
    const { household } = await createHousehold(t.dataSource, [{ birthDate: '1975-01-01', role: 'holder' }]);
    await api('clerk').get(`/resources/households/records/${household.id}/show`).expect(200);
    await api('administrator').get(`/resources/households/records/${household.id}/show`).expect(200);
    const lines = await linesOf('households', household.id);
    expect(lines.map((l) => [l.action, l.staffId])).toEqual([
      ['view', staffIds.clerk],
      ['view', staffIds.administrator],
    ]);
  });

  it('records an administrator’s creation and deletion of a period with every value', async () => {
    const [last] = await t.dataSource.getRepository(AuditEntry).find({ order: { id: 'DESC' }, take: 1, select: { id: true } });
    const created = await api('administrator').post('/resources/registration_periods/actions/new', { name: 'Hiver 2027', opensAt: '2027-01-10T13:00:00.000Z', closesAt: '2027-01-20T13:00:00.000Z' }).expect(200);
    const id = Number(created.body.record.params.id);
    expect(id).toBeGreaterThan(0);
    await api('administrator').post(`/resources/registration_periods/records/${id}/delete`).expect(200);
    expect(await t.dataSource.getRepository(RegistrationPeriod).findOneBy({ id })).toBeNull();
    // This test's lines only: on a shared MySQL database an earlier file's period may have had this id.
    const lines = (await linesOf('registration_periods', id)).filter((l) => l.id > (last?.id ?? 0));
    expect(lines.map((l) => l.action)).toEqual(['create', 'delete']);
    expect(lines[0].changes).toMatchObject({ name: { before: null, after: 'Hiver 2027' } });
    expect(lines[1].changes).toMatchObject({ name: { before: 'Hiver 2027', after: null }, opensAt: { before: '2027-01-10T13:00:00.000Z', after: null } });
  });

  it('is read-only for everyone: no edit or delete through the panel, even for an administrator, and the database refuses it', async () => {
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-05-05', role: 'holder' }]);
    await api('clerk').get(`/resources/persons/records/${persons[0].id}/show`).expect(200);
    const [line] = await linesOf('persons', persons[0].id);

    await api('administrator').post(`/resources/audit_log/records/${line.id}/edit`, { action: 'nothing' }).expect(403);
    await api('administrator').post(`/resources/audit_log/records/${line.id}/delete`).expect(403);
    await api('administrator').post('/resources/audit_log/actions/new', { action: 'forged' }).expect(403);
    // Clerks see a record's history on its page, not the whole log.
    await api('clerk').get('/resources/audit_log/actions/list').expect(403);

    await expect(t.dataSource.query('UPDATE audit_log SET action = ? WHERE id = ?', ['forged', line.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query('DELETE FROM audit_log WHERE id = ?', [line.id])).rejects.toThrow(/append-only/);
    expect(await t.dataSource.getRepository(AuditEntry).findOneByOrFail({ id: line.id })).toMatchObject({ action: 'view' });
  });

  it('lists lines for supervisors, filtered by staff member and by record', async () => {
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-05-05', role: 'holder' }]);
    await api('clerk').get(`/resources/persons/records/${persons[0].id}/show`).expect(200);
    // Consultations apart from the changes (the list's default).
    const byRecord = await api('supervisor').get(`/resources/audit_log/actions/list?filters.kind=views&filters.resource=persons&filters.recordId=${persons[0].id}`).expect(200);
    expect(byRecord.body.records.map((r: { params: Record<string, unknown> }) => [r.params.action, r.params.staffName])).toEqual([['view', 'Test clerk']]);
    const byStaff = await api('administrator').get(`/resources/audit_log/actions/list?filters.staffId=${staffIds.clerk}`).expect(200);
    expect(byStaff.body.records.length).toBeGreaterThan(0);
    expect(byStaff.body.records.every((r: { params: Record<string, unknown> }) => Number(r.params.staffId) === staffIds.clerk)).toBe(true);
  });

  it('never keeps a secret’s value', () => {
    expect(changesBetween({ passwordHash: 'old', email: 'a@b.c' }, { passwordHash: 'new', email: 'a@b.c' })).toEqual({ passwordHash: { before: REDACTED, after: REDACTED } });
    expect(changesBetween(null, { totpSecret: 'S', name: 'N' })).toEqual({ totpSecret: { before: null, after: REDACTED }, name: { before: null, after: 'N' } });
  });
});
