import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { dayInFrench, renderPersonFilePdf } from '../src/privacy/person-file.pdf.js';
import type { PersonFile } from '../src/privacy/person-file.js';
import { Registration } from '../src/registrations/registration.entity.js';
import type { StaffRole } from '../src/staff/staff-user.js';
import { startApp, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { pdfText } from './support/pdf.js';
import { createOffering } from './support/registrations.js';
import { confirmedResident } from './support/residents.js';
import { loginEveryRole } from './support/staff.js';

/**
 * Law 25, a person's file on request (issue 18): an administrator exports everything the city
 * holds about a person from the panel, as JSON and as a PDF; nobody else may; each export is audited.
 */
describe('a person’s file on request (Law 25)', () => {
  let t: TestApp;
  let cookies: Record<StaffRole, string>;
  const raw = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookies } = await loginEveryRole(t));
  });
  afterAll(async () => t?.close());

  const panelPost = (role: StaffRole, path: string, fields: Record<string, string>) => {
    const req = t.http().post(`/admin/api/resources/${path}`).set('Cookie', cookies[role]);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req;
  };

  /** A family whose holder has an account, a request, a thread, a registration and a waitlist entry, each made through the API or the panel. */
  async function familyWithHistory() {
    // A date of birth of her own: requests are matched by names and date of birth, and MariaDB keeps other runs' rows.
    const birthDate = `19${50 + randomInt(50)}-0${1 + randomInt(9)}-1${randomInt(10)}`;
    const { household, persons } = await createHousehold(t.dataSource, [
      { role: 'holder', firstName: 'Éloïse', lastName: 'Côté-Bérubé', birthDate },
      { role: 'child', firstName: 'Noémie', lastName: 'Côté-Bérubé', birthDate: '2018-05-01' },
    ]);
    const [holder, child] = persons;
    const resident = await confirmedResident(t);
    const login = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send(resident).expect(200);
    const bearer = { Authorization: `Bearer ${login.body.accessToken}` };
    await t.http().post('/api/v1/me/dossier/link').set(bearer).set('X-Forwarded-For', uniqueIp()).send({ dossierNumber: holder.dossierNumber, birthDate: holder.birthDate }).expect(200);
    // A dossier request naming the holder (as a member) from another address.
    const request = await t
      .http()
      .post('/api/v1/dossier-requests')
      .set('X-Forwarded-For', uniqueIp())
      .send({
        applicant: { firstName: 'Jacques', lastName: 'Bérubé', birthDate: '1960/01/02' },
        address: { civicNumber: '12', street: 'rue Principale', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
        members: [{ firstName: 'Eloise', lastName: 'Cote-Berube', birthDate: birthDate.replace(/-/g, '/'), relationship: 'adult' }],
        email: 'jacques.berube@exemple.ca',
        phone: '(418) 296-8100',
        consent: true,
      })
      .expect(201);
    // A thread of the holder's account, answered by a clerk in the panel.
    const thread = await t.http().post('/api/v1/me/messages').set(bearer).send({ category: 'address_change', subject: 'Déménagement à l’été', body: 'Nous déménageons rue de Puyjalon.' }).expect(201);
    await panelPost('clerk', `threads/records/${thread.body.id}/reply`, { body: 'Merci, nous avons noté votre nouvelle adresse.' }).expect(200);
    // The child registered at the counter; then, the group full, on the waitlist of another.
    const offering = await createOffering(t);
    await panelPost('clerk', `activities/records/${offering.id}/register`, { householdId: String(household.id), personIds: String(child.id) }).expect(200);
    const full = await createOffering(t, { capacity: 1 });
    const other = await createHousehold(t.dataSource, [{ role: 'holder', birthDate: '1980-01-01' }, { role: 'child', birthDate: '2017-01-01' }]);
    await panelPost('clerk', `activities/records/${full.id}/register`, { householdId: String(other.household.id), personIds: String(other.persons[1].id) }).expect(200);
    const waitlist = await t.http().post('/api/v1/me/waitlist').set(bearer).send({ code: full.code, personIds: [child.id] }).expect(201);
    // A clerk reads the holder's page: an audit line about her.
    await t.http().get(`/admin/api/resources/persons/records/${holder.id}/show`).set('Cookie', cookies.clerk).expect(200);
    return { household, holder, child, accountEmail: resident.email, reference: request.body.reference as string, threadId: thread.body.id as number, offering, full, waitlistId: waitlist.body.id as number };
  }

  it('exports everything the city holds about a person as JSON, for an administrator, each source in it, and audits the export', async () => {
    const f = await familyWithHistory();
    const res = await raw().get(`/admin/persons/${f.holder.id}/file.json`).set('Cookie', cookies.administrator).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`dossier-${f.holder.dossierNumber}.json`);
    expect(res.headers['cache-control']).toContain('no-store');
    const file = JSON.parse(res.text) as PersonFile;
    expect(file.person).toMatchObject({ id: f.holder.id, firstName: 'Éloïse', lastName: 'Côté-Bérubé', birthDate: f.holder.birthDate, dossierNumber: f.holder.dossierNumber });
    expect(file.generatedAt).toMatch(/-0[45]:00$/);
    expect(file.households).toEqual([
      expect.objectContaining({
        id: f.household.id,
        role: 'holder',
        address: expect.stringContaining('boulevard La Salle'),
        phones: [{ kind: 'home', number: '418-296-8100' }],
        members: [{ firstName: 'Éloïse', lastName: 'Côté-Bérubé', role: 'holder' }, { firstName: 'Noémie', lastName: 'Côté-Bérubé', role: 'child' }],
      }),
    ]);
    expect(file.accounts).toEqual([expect.objectContaining({ email: f.accountEmail })]);
    expect(file.dossierRequests).toEqual([expect.objectContaining({ reference: f.reference, names: 'member', applicant: expect.objectContaining({ lastName: 'Bérubé' }) })]);
    expect(file.threads).toEqual([
      expect.objectContaining({
        id: f.threadId,
        subject: 'Déménagement à l’été',
        messages: [
          expect.objectContaining({ author: 'resident', body: 'Nous déménageons rue de Puyjalon.' }),
          expect.objectContaining({ author: 'staff', body: expect.stringContaining('Merci, nous avons noté votre nouvelle adresse.') }),
        ],
      }),
    ]);
    // The holder herself has no registration: the child's file has it, and the waitlist entry.
    expect(file.registrations).toEqual([]);
    const childFile = JSON.parse((await raw().get(`/admin/persons/${f.child.id}/file.json`).set('Cookie', cookies.administrator).expect(200)).text) as PersonFile;
    const registration = await t.dataSource.getRepository(Registration).findOneByOrFail({ offeringId: f.offering.id, personId: f.child.id });
    expect(childFile.registrations).toEqual([expect.objectContaining({ id: registration.id, group: 'Samedi 9 h', status: 'confirmed', amountCents: registration.amount })]);
    expect(childFile.waitlistEntries).toEqual([expect.objectContaining({ id: f.waitlistId, status: 'waiting' })]);
    // The holder's thread is in her child's file too (her account speaks for the household); the child has no account of her own.
    expect(childFile.threads.map((th) => th.id)).toEqual([f.threadId]);
    expect(childFile.accounts).toEqual([]);
    expect(file.auditEntries).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'view', resource: 'persons', recordId: String(f.holder.id), actor: 'Test clerk' })]));

    const exports = await t.dataSource.getRepository(AuditEntry).findBy({ resource: 'persons', recordId: String(f.holder.id), action: 'export' });
    expect(exports).toEqual([expect.objectContaining({ actorKind: 'staff', note: 'JSON' })]);
  });

  it('refuses the file to a clerk and a supervisor (403, nothing audited), and answers 404 for no such person', async () => {
    const f = await familyWithHistory();
    for (const role of ['clerk', 'supervisor'] as const) {
      for (const format of ['json', 'pdf']) {
        const res = await raw().get(`/admin/persons/${f.holder.id}/file.${format}`).set('Cookie', cookies[role]).expect(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
      await t.http().get(`/admin/api/resources/persons/records/${f.holder.id}/exportFile`).set('Cookie', cookies[role]).expect(403);
    }
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ resource: 'persons', recordId: String(f.holder.id), action: 'export' })).toBe(0);
    await raw().get('/admin/persons/999999999/file.json').set('Cookie', cookies.administrator).expect(404);
    await raw().get('/admin/persons/abc/file.json').set('Cookie', cookies.administrator).expect(404);
    await raw().get(`/admin/persons/${f.holder.id}/file.json`).expect(302);
    // The action's screen, for an administrator.
    await t.http().get(`/admin/api/resources/persons/records/${f.holder.id}/exportFile`).set('Cookie', cookies.administrator).expect(200);
  });

  it('exports a readable PDF in French, dates in the city’s time, accents drawn, and audits it', async () => {
    const f = await familyWithHistory();
    const res = await raw().get(`/admin/persons/${f.holder.id}/file.pdf`).set('Cookie', cookies.administrator).buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Dossier de renseignements personnels');
    expect(text).toContain('Éloïse Côté-Bérubé');
    expect(text).toContain(dayInFrench(f.holder.birthDate));
    expect(text).toContain('Nous déménageons rue de Puyjalon.');
    expect(text).toContain(f.reference);
    expect(await t.dataSource.getRepository(AuditEntry).findBy({ resource: 'persons', recordId: String(f.holder.id), action: 'export' })).toEqual([expect.objectContaining({ note: 'PDF' })]);
  });

  it('draws any name: letters beyond Latin-1 lose their accent rather than break the file', async () => {
    const file = JSON.parse(
      (await raw().get(`/admin/persons/${(await familyWithHistory()).holder.id}/file.json`).set('Cookie', cookies.administrator).expect(200)).text,
    ) as PersonFile;
    file.person.lastName = 'Nguyễn Đặng';
    const pdf = await renderPersonFilePdf(file, 'America/Toronto', { compress: false });
    expect(pdfText(pdf)).toContain('Éloïse Nguyen ?ang');
  });
});
