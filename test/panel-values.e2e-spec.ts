import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntryView } from '../src/admin/audit-view.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { HouseholdsService } from '../src/dossiers/households.service.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold, dossierRequestForm } from './support/dossiers.js';
import { loginEveryRole } from './support/staff.js';

type Params = Record<string, string>;
type Entry = EntryView;

/** What a French clerk must never read: JSON, codes of the database, English field names, null. */
const RAW = /null|undefined|\{"|\[\{|Assigned To|\(home\)|\(mobile\)|\(work\)|"role"|dependent|T\d{2}:\d{2}:\d{2}/;

/**
 * Every value shown as a clerk reads it (issue #18): what the panel's API gives its components —
 * phones, requested members, a record's history, the audit log's entries — is in the clerk's words.
 */
describe('values as a clerk reads them', () => {
  let t: TestApp;
  let cookies: Record<string, string>;
  let staffIds: Record<string, number>;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookies, staffIds } = await loginEveryRole(t));
  });
  afterAll(async () => t?.close());

  const get = (role: string, path: string) => t.http().get(`/admin/api${path}`).set('Cookie', cookies[role]).expect(200);
  const post = (role: string, path: string, fields: Record<string, string> = {}) => {
    const req = t.http().post(`/admin/api${path}`).set('Cookie', cookies[role]);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.expect(200);
  };
  const show = async (role: string, resource: string, id: number): Promise<Params> => (await get(role, `/resources/${resource}/records/${id}/show`)).body.record.params;
  const historyOf = (params: Params) => JSON.parse(params.history) as Entry[];
  /** The texts a component lays out of entries (not the JSON carrying them). */
  const shownOf = (entries: Entry[]) => entries.flatMap((e) => [e.at, e.who, e.action, e.title, e.record.text, e.note ?? '', ...e.changes.flatMap((c) => [c.label, c.before, c.after])]).join('\n');
  const lastLineId = async () => (await t.dataSource.getRepository(AuditEntry).find({ order: { id: 'DESC' }, take: 1, select: { id: true } }))[0]?.id ?? 0;

  it('shows a household’s phones by their kind in French and its members’ changes as « Lien : enfant, à charge », the system as « Système »', async () => {
    const { household, persons } = await createHousehold(t.dataSource, [
      { birthDate: '1980-05-05', role: 'holder', lastName: 'Pelletier', firstName: 'Anne' },
      { birthDate: '2010-03-03', role: 'adult', lastName: 'Pelletier', firstName: 'Jade', dependent: false },
    ]);
    await t.app.get(HouseholdsService).setPhones({ householdId: household.id, phones: { mobile: '418 555 0199' } }, { kind: 'system' });
    await post('clerk', `/resources/households/records/${household.id}/setMemberRole`, { personId: String(persons[1].id), role: 'child', dependent: 'true' });

    const params = await show('clerk', 'households', household.id);
    expect(params.phones.split('\n')).toEqual(['418-296-8100 (Maison)', '418-555-0199 (Cellulaire)']);
    const [role, phones] = historyOf(params).filter((e) => e.action !== 'Consultation');
    expect(role).toMatchObject({ who: 'Test clerk', action: 'Changement de lien', changes: [{ label: `Membre ${persons[1].dossierNumber}`, before: 'Lien : adulte', after: 'Lien : enfant, à charge' }] });
    expect(phones).toMatchObject({ who: 'Système', action: 'Modification des téléphones', changes: [{ label: 'Téléphone (cellulaire)', before: '(vide)', after: '418-555-0199' }] });
    expect(role.at).toMatch(/^\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}, \d{1,2} h \d{2}$/);
    expect(shownOf(historyOf(params))).not.toMatch(RAW);
  });

  it('shows a request’s members as a list in French and its history « Responsable : aucun → » the clerk’s name', async () => {
    const res = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send(dossierRequestForm(uniqueEmail('valeurs'), {
      members: [{ firstName: 'Zoé', lastName: 'Tremblay', birthDate: '2018-08-08', relationship: 'child' }, { firstName: 'Marc', lastName: 'Roy', birthDate: '1986-01-02', relationship: 'spouse' }],
    })).expect(201);
    const { id, members } = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
    await post('clerk', `/resources/dossier_requests/records/${id}/take`);

    const params = await show('clerk', 'dossier_requests', id);
    expect(params.requestedMembers.split('\n')).toEqual(members.map((m) => `${m.lastName}, ${m.firstName} — date de naissance : ${m.birthDate} — lien : ${{ child: 'enfant', adult: 'adulte', spouse: 'conjoint ou conjointe' }[m.relationship]}`));
    const [take] = historyOf(params).filter((e) => e.action !== 'Consultation');
    expect(take.action).toBe('Prise en charge');
    expect(take.changes).toEqual(expect.arrayContaining([
      { field: 'status', label: 'Statut', before: 'Reçue', after: 'En traitement' },
      { field: 'assignedToId', label: 'Responsable', before: 'aucun', after: 'Test clerk' },
    ]));
    expect(shownOf(historyOf(params))).not.toMatch(RAW);
    expect(params.requestedMembers).not.toMatch(RAW);
  });

  it('titles the audit log’s entries « Prise en charge — demande de dossier D-… » with a link to the record, changes apart from consultations', async () => {
    const since = await lastLineId();
    const res = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send(dossierRequestForm(uniqueEmail('journal'))).expect(201);
    const { id, reference } = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
    await show('clerk', 'dossier_requests', id);
    await post('clerk', `/resources/dossier_requests/records/${id}/take`);

    const list = async (query: string) => (await get('supervisor', `/resources/audit_log/actions/list?filters.resource=dossier_requests&filters.recordId=${id}${query}`)).body.records as Array<{ id: string; params: Params }>;
    // The default: the changes only.
    const changes = await list('');
    expect(changes.map((r) => r.params.summary)).toEqual([`Prise en charge — demande de dossier ${reference}`]);
    const entry = JSON.parse(changes[0].params.entry) as Entry;
    expect(entry).toMatchObject({ who: 'Test clerk', record: { text: `demande de dossier ${reference}`, href: `/admin/resources/dossier_requests/records/${id}/show` } });
    expect(changes[0].params.staffName).toBe('Test clerk');
    // The consultations apart: the page read before the action.
    const views = await list('&filters.kind=views');
    expect(views.length).toBe(1);
    expect(views.every((r) => r.params.summary === `Consultation — demande de dossier ${reference}`)).toBe(true);
    expect((await list('&filters.kind=all')).length).toBe(views.length + 1);

    // An entry's page: its record linked, its changes as « champ : avant → après ».
    const shown = await show('administrator', 'audit_log', Number(changes[0].id));
    expect(JSON.parse(shown.entry)).toEqual(entry);
    expect(shown.staffName).toBe('Test clerk');
    expect(shownOf([JSON.parse(shown.entry)])).not.toMatch(RAW);
    expect(Number(changes[0].id)).toBeGreaterThan(since);
  });

  it('shows instants in the city’s time and an empty value as « (vide) », the actor « Système » by its name', async () => {
    const created = await post('administrator', '/resources/registration_periods/actions/new', { name: 'Printemps 2027', opensAt: '2027-06-10T13:05:00.000Z', closesAt: '2027-06-20T13:00:00.000Z' });
    const id = Number(created.body.record.params.id);
    const since = await lastLineId();
    const [line] = (await get('supervisor', `/resources/audit_log/actions/list?filters.resource=registration_periods&filters.recordId=${id}`)).body.records as Array<{ id: string; params: Params }>;
    const entry = JSON.parse(line.params.entry) as Entry;
    expect(entry.title).toBe('Création — période d’inscription Printemps 2027');
    expect(entry.changes).toEqual(expect.arrayContaining([
      { field: 'opensAt', label: 'Ouverture', before: '(vide)', after: '10 juin 2027, 9 h 05' },
      { field: 'name', label: 'Nom', before: '(vide)', after: 'Printemps 2027' },
    ]));
    expect(shownOf([entry])).not.toMatch(RAW);
    expect(since).toBeGreaterThan(0);
  });

  it('lists on a person’s page who viewed or changed it, linked to the audit log for those who may read it', async () => {
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-05-05', role: 'holder', lastName: 'Côté', firstName: 'Rémi' }]);
    const id = persons[0].id;
    await post('clerk', `/resources/persons/records/${id}/edit`, { phone: '418 555 0142' });
    await show('supervisor', 'persons', id);
    const seen = historyOf(await show('administrator', 'persons', id));
    // Newest first; the administrator's own reading is logged after the page is read.
    expect(seen.map((e) => [e.action, e.who])).toEqual([['Consultation', 'Test supervisor'], ['Modification', 'Test clerk']]);
    expect(seen[1].changes).toEqual([{ field: 'phone', label: 'Téléphone', before: '(vide)', after: '418-555-0142' }]);
    expect(seen.every((e) => e.href === `/admin/resources/audit_log/records/${e.id}/show`)).toBe(true);
    // A clerk does not read the audit log: no links. The person's household, the role in words.
    const byClerk = await show('clerk', 'persons', id);
    expect(historyOf(byClerk).every((e) => e.href === null)).toBe(true);
    expect(JSON.parse(byClerk.households)).toEqual([{ householdId: expect.any(Number), label: '1234, boulevard La Salle, Baie-Comeau', role: 'Titulaire' }]);
  });

  it('logs one consultation a visit: not the page shown again after the staff member’s own action, nor a reload, while nobody else comes between', async () => {
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-05-05', role: 'holder', lastName: 'Gagné', firstName: 'Lou' }]);
    const id = persons[0].id;
    const lines = async () => (await t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'persons', recordId: String(id) }, order: { id: 'ASC' } })).map((l) => [l.action, l.staffId]);
    t.clock.set(new Date());
    try {
      await show('clerk', 'persons', id);
      await post('clerk', `/resources/persons/records/${id}/edit`, { phone: '418 555 0143' });
      await show('clerk', 'persons', id);
      await show('clerk', 'persons', id);
      expect(await lines()).toEqual([['view', staffIds.clerk], ['update', staffIds.clerk]]);
      // Another staff member's reading is theirs; the clerk's next one is a new consultation.
      await show('supervisor', 'persons', id);
      await show('clerk', 'persons', id);
      // A quarter of an hour later, the same page read again is a new visit.
      t.clock.set(new Date(t.clock.now().getTime() + 16 * 60_000));
      await show('clerk', 'persons', id);
      expect(await lines()).toEqual([['view', staffIds.clerk], ['update', staffIds.clerk], ['view', staffIds.supervisor], ['view', staffIds.clerk], ['view', staffIds.clerk]]);
    } finally {
      t.clock.reset();
    }
  });

  it('lets a clerk change a dossier number only with a reason, kept in the audit line, and an administrator without one', async () => {
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-05-05', role: 'holder', lastName: 'Lavoie', firstName: 'Éric' }]);
    const id = persons[0].id;
    const number = (suffix: string) => `${persons[0].dossierNumber.slice(0, 17)}${suffix}`;
    const stored = async () => (await t.dataSource.getRepository(Person).findOneByOrFail({ id })).dossierNumber;
    const updates = async () => (await t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'persons', recordId: String(id), action: 'update' }, order: { id: 'ASC' } })).map((l) => [l.staffId, l.changes?.dossierNumber?.after, l.note]);

    // A clerk without a reason: refused, the French sentence on the dossier number's field, nothing written.
    const refused = await post('clerk', `/resources/persons/records/${id}/edit`, { dossierNumber: number('A1') });
    expect(refused.body.record.errors.dossierNumber).toEqual({ type: 'dossier_number_reason_required', message: 'Seul un administrateur peut changer un numéro de dossier sans raison : indiquez la raison du changement' });
    expect(await stored()).toBe(persons[0].dossierNumber);
    // A blank reason is no reason; other fields alone need none.
    expect((await post('clerk', `/resources/persons/records/${id}/edit`, { dossierNumber: number('A1'), dossierNumberReason: '   ' })).body.record.errors.dossierNumber).toBeDefined();
    await post('clerk', `/resources/persons/records/${id}/edit`, { dossierNumber: persons[0].dossierNumber, phone: '418 555 0150' });
    expect(await updates()).toEqual([[staffIds.clerk, undefined, null]]);

    // With a reason: changed, the reason in the audit line and in the person's history.
    await post('clerk', `/resources/persons/records/${id}/edit`, { dossierNumber: number('A1'), dossierNumberReason: 'Doublon fusionné avec le dossier de la facture 2019' });
    expect(await stored()).toBe(number('A1'));
    // An administrator: no reason needed.
    await post('administrator', `/resources/persons/records/${id}/edit`, { dossierNumber: number('B2') });
    expect(await stored()).toBe(number('B2'));
    expect((await updates()).slice(1)).toEqual([
      [staffIds.clerk, number('A1'), 'Doublon fusionné avec le dossier de la facture 2019'],
      [staffIds.administrator, number('B2'), null],
    ]);
    const history = historyOf(await show('supervisor', 'persons', id));
    expect(history.find((e) => e.note)).toMatchObject({ who: 'Test clerk', note: 'Doublon fusionné avec le dossier de la facture 2019', changes: [{ label: 'N° de dossier', before: persons[0].dossierNumber, after: number('A1') }] });
  });

});
