import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { PrivacyIncident } from '../src/privacy/privacy-incident.entity.js';
import { IncidentsService } from '../src/privacy/incidents.service.js';
import type { StaffRole } from '../src/staff/staff-user.js';
import { startApp, type TestApp } from './support/app.js';
import { loginEveryRole } from './support/staff.js';

/** A complete entry as the register's form posts it. */
const INCIDENT = {
  occurredOn: '2026-11-02',
  discoveredOn: '2026-11-04',
  description: 'Une liste de classe imprimée (noms, âges et téléphones) a été oubliée à l’aréna Henry-Leonard.\nRetrouvée le lendemain par un employé.',
  informationConcerned: 'Nom, âge des enfants, téléphone des parents',
  personsConcerned: 'Enfants inscrits au groupe de patinage du samedi et leurs parents',
  personsCount: '14',
  seriousRisk: 'false',
  riskAssessment: 'Document retrouvé fermé dans un local verrouillé ; aucune trace de consultation ni de copie.',
  commissionNote: 'Non requis : aucun risque de préjudice sérieux',
  personsNote: 'Non avisées : aucun risque de préjudice sérieux',
  measures: 'Les listes de classe ne sont plus imprimées ; les moniteurs les consultent sur tablette.',
};

/**
 * The confidentiality incidents register (Law 25): an administrator records incidents in the panel,
 * append-only like the audit log (no edit, no delete; a follow-up is a new entry), nobody else.
 */
describe('the confidentiality incidents register', () => {
  let t: TestApp;
  let cookies: Record<StaffRole, string>;
  let staffIds: Record<StaffRole, number>;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookies, staffIds } = await loginEveryRole(t));
    t.clock.set(t.clock.at(2026, 12, 6, 10));
  });
  afterAll(async () => t?.close());

  const post = (role: StaffRole, path: string, fields: Record<string, string> = {}) => {
    const req = t.http().post(`/admin/api/resources/privacy_incidents${path}`).set('Cookie', cookies[role]);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req;
  };

  it('lets an administrator record an incident, audited, and a follow-up naming it', async () => {
    const created = await post('administrator', '/actions/new', INCIDENT).expect(200);
    expect(created.body.notice).toMatchObject({ type: 'success' });
    const id = Number(created.body.record.params.id);
    const row = await t.dataSource.getRepository(PrivacyIncident).findOneByOrFail({ id });
    expect(row).toMatchObject({
      occurredOn: '2026-11-02',
      discoveredOn: '2026-11-04',
      description: INCIDENT.description,
      personsCount: 14,
      seriousRisk: false,
      commissionNotifiedOn: null,
      commissionNote: INCIDENT.commissionNote,
      recordedById: staffIds.administrator,
      followsId: null,
    });
    const [line] = await t.dataSource.getRepository(AuditEntry).findBy({ resource: 'privacy_incidents', recordId: String(id) });
    expect(line).toMatchObject({ action: 'create', staffId: staffIds.administrator });
    expect(line.changes?.personsCount).toEqual({ before: null, after: 14 });

    // The follow-up: the Commission notified after all.
    const follow = await post('administrator', '/actions/new', {
      ...INCIDENT,
      followsId: String(id),
      seriousRisk: 'true',
      riskAssessment: 'Une copie a été photographiée et publiée : risque réévalué.',
      commissionNotifiedOn: '2026-12-01',
      commissionNote: '',
      personsNotifiedOn: '2026-12-02',
      personsNote: 'Lettre aux parents',
    }).expect(200);
    const followId = Number(follow.body.record.params.id);
    expect(await t.dataSource.getRepository(PrivacyIncident).findOneByOrFail({ id: followId })).toMatchObject({ followsId: id, seriousRisk: true, commissionNotifiedOn: '2026-12-01', personsNotifiedOn: '2026-12-02' });

    const shown = await t.http().get(`/admin/api/resources/privacy_incidents/records/${followId}/show`).set('Cookie', cookies.administrator).expect(200);
    expect(shown.body.record.params).toMatchObject({ followsId: id, recordedBy: 'Test administrator', seriousRisk: true });
    const list = await t.http().get('/admin/api/resources/privacy_incidents/actions/list').set('Cookie', cookies.administrator).expect(200);
    expect(list.body.records.map((r: { id: string }) => Number(r.id))).toEqual(expect.arrayContaining([id, followId]));
  });

  it('refuses an incomplete or inconsistent entry on its fields, in French', async () => {
    const refused = await post('administrator', '/actions/new', {
      ...INCIDENT,
      discoveredOn: '2026-11-01',
      personsCount: 'une dizaine',
      commissionNote: '',
      seriousRisk: 'true',
      personsNote: '',
      followsId: '999999999',
      measures: '',
    }).expect(200);
    const errors = refused.body.record.errors as Record<string, { type: string; message: string }>;
    expect(Object.fromEntries(Object.entries(errors).map(([field, e]) => [field, e.type]))).toEqual({
      discoveredOn: 'discovered_before_incident',
      personsCount: 'persons_count_invalid',
      commissionNotifiedOn: 'commission_notice_due',
      personsNotifiedOn: 'persons_notice_required',
      followsId: 'incident_not_found',
      measures: 'required',
    });
    expect(errors.commissionNotifiedOn.message).toContain('Commission d’accès à l’information');
    const future = await post('administrator', '/actions/new', { ...INCIDENT, occurredOn: '2026-12-07', discoveredOn: '2026-12-07' }).expect(200);
    expect(future.body.record.errors.occurredOn.type).toBe('date_in_future');
  });

  it('never changes or removes an entry: edit and delete refused in the panel (403), by the service’s absence, and by the database', async () => {
    const created = await post('administrator', '/actions/new', INCIDENT).expect(200);
    const id = Number(created.body.record.params.id);
    await post('administrator', `/records/${id}/edit`, { description: 'Rien ne s’est passé' }).expect(403);
    await post('administrator', `/records/${id}/delete`).expect(403);
    await post('administrator', '/bulk/bulkDelete', { recordIds: String(id) }).expect(403);
    expect(Object.keys(IncidentsService.prototype).concat(Object.getOwnPropertyNames(IncidentsService.prototype))).not.toEqual(expect.arrayContaining(['update']));
    const repository = t.dataSource.getRepository(PrivacyIncident);
    await expect(repository.update({ id }, { description: 'Rien' })).rejects.toThrow(/append-only/);
    await expect(repository.delete({ id })).rejects.toThrow(/append-only/);
    expect(await repository.findOneByOrFail({ id })).toMatchObject({ description: INCIDENT.description });
  });

  it('is the administrators’ alone: a clerk and a supervisor get 403 on the list, a record and a new entry', async () => {
    const created = await post('administrator', '/actions/new', INCIDENT).expect(200);
    const id = Number(created.body.record.params.id);
    const before = await t.dataSource.getRepository(PrivacyIncident).count();
    for (const role of ['clerk', 'supervisor'] as const) {
      await t.http().get('/admin/api/resources/privacy_incidents/actions/list').set('Cookie', cookies[role]).expect(403);
      await t.http().get(`/admin/api/resources/privacy_incidents/records/${id}/show`).set('Cookie', cookies[role]).expect(403);
      await post(role, '/actions/new', INCIDENT).expect(403);
    }
    await expect(t.app.get(IncidentsService).create(INCIDENT, { kind: 'staff', staffId: staffIds.clerk, role: 'clerk' })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    expect(await t.dataSource.getRepository(PrivacyIncident).count()).toBe(before);
  });
});
