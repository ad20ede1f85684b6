import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withActions } from '../src/admin/locale/actions.js';
import { fr } from '../src/admin/locale/fr.js';
import { In } from 'typeorm';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import type { Actor } from '../src/common/actor.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { DossierRequestsService } from '../src/dossier-requests/dossier-requests.service.js';
import { ageOn, formatDossierNumber } from '../src/dossiers/dossier-rules.js';
import { HouseholdPhone } from '../src/dossiers/household-phone.entity.js';
import { Household } from '../src/dossiers/household.entity.js';
import { Membership } from '../src/dossiers/membership.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { birthDateForAge, createHousehold } from './support/dossiers.js';
import { Staff } from '../src/staff/staff.entity.js';
import { loggedInStaff, loginAsStaff, loginEveryRole, newStaff } from './support/staff.js';

const FR = withActions(fr, 'fr') as { messages: Record<string, string> };

/** Letters only (a name), different on each run: MariaDB keeps the rows of earlier runs. */
const uniqueName = (base: string) => `${base}-${[...Date.now().toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')}`;

type Answer = { body: { notice?: { message: string; type: string }; record?: { errors?: Record<string, { message: string; type: string }>; params: Record<string, string> } } };

/** A clerk fixes families in the panel (issue #8, item 2): each change through AdminJS's API, with its rules and its audit lines. */
describe('families in the panel', () => {
  let t: TestApp;
  let cookies: Record<string, string>;
  let staffIds: Record<string, number>;
  let today: string;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookies, staffIds } = await loginEveryRole(t));
    today = t.clock.today();
  });
  afterAll(async () => t?.close());

  /** POSTs a household's action as the panel's form does (multipart fields). */
  const post = async (who: string, householdId: number, action: string, fields: Record<string, string> = {}, status = 200) => {
    const req = t.http().post(`/admin/api/resources/households/records/${householdId}/${action}`).set('Cookie', cookies[who] ?? who);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    const res = await req;
    expect(res.status).toBe(status);
    return res as unknown as Answer;
  };
  const notice = (res: Answer) => ({ type: res.body.notice?.type, text: FR.messages[res.body.notice?.message ?? ''] ?? res.body.notice?.message });
  const fieldError = (res: Answer, field: string) => res.body.record?.errors?.[field]?.message;
  const memberships = (personId: number) => t.dataSource.getRepository(Membership).find({ where: { personId }, order: { householdId: 'ASC' } });
  const roles = async (householdId: number) =>
    Object.fromEntries((await t.dataSource.getRepository(Membership).find({ where: { householdId }, relations: { person: true } })).map((m) => [m.person.dossierNumber, [m.role, Boolean(m.dependent)]]));
  const auditLines = (resource: string, recordId: number) => t.dataSource.getRepository(AuditEntry).find({ where: { resource, recordId: String(recordId) }, order: { id: 'ASC' } });
  const writes = async (resource: string, recordId: number) => (await auditLines(resource, recordId)).filter((line) => line.action !== 'view');

  const family = () =>
    createHousehold(t.dataSource, [
      { firstName: 'Marie', lastName: 'Tremblay', birthDate: '1980-03-14', role: 'holder' },
      { firstName: 'Luc', lastName: 'Tremblay', birthDate: '1979-07-02', role: 'spouse' },
      { firstName: 'Léa', lastName: 'Tremblay', birthDate: '2015-06-01', role: 'child' },
    ]);

  it('refuses to delete the holder of a household with other members; a member, or a holder alone, may be deleted', async () => {
    const { household, persons } = await family();
    const del = (personId: number) => t.http().post(`/admin/api/resources/persons/records/${personId}/delete`).set('Cookie', cookies.administrator).expect(200) as unknown as Promise<Answer>;

    expect(notice(await del(persons[0].id))).toEqual({ type: 'error', text: 'La famille doit garder un titulaire de 18 ans ou plus : nommez d’abord un autre titulaire' });
    expect(await t.dataSource.getRepository(Person).findOneBy({ id: persons[0].id })).not.toBeNull();
    expect(await writes('persons', persons[0].id)).toEqual([]);

    expect(notice(await del(persons[2].id)).type).toBe('success');
    expect(Object.keys(await roles(household.id))).toEqual(expect.arrayContaining([persons[0].dossierNumber, persons[1].dossierNumber]));
    expect(await t.dataSource.getRepository(Person).findOneBy({ id: persons[2].id })).toBeNull();

    const alone = await createHousehold(t.dataSource, [{ firstName: 'Solène', lastName: 'Roy', birthDate: '1970-01-20', role: 'holder' }]);
    expect(notice(await del(alone.persons[0].id)).type).toBe('success');
    expect((await writes('persons', alone.persons[0].id)).map((line) => line.action)).toEqual(['delete']);
  });

  it('writes the same audit lines for an approved dossier-number request as for a clerk who creates the same family by hand', async () => {
    const lastName = uniqueName('Bérubé');
    const email = uniqueEmail('berube');
    const people = [
      { firstName: 'Camille', birthDate: '1988-02-28', role: 'holder', email, phone: '418-296-8100' },
      { firstName: 'Alex', birthDate: '1987-05-05', role: 'spouse' },
      { firstName: 'Zoé', birthDate: '2018-08-08', role: 'child' },
    ];
    const address = { civicNumber: '1234', street: 'boulevard La Salle', apartment: '3', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' };

    // By hand: the household from the panel, its home phone, then each member, new.
    const created = await t.http().post('/admin/api/resources/households/actions/new').set('Cookie', cookies.clerk)
      .field('civicNumber', address.civicNumber).field('street', address.street).field('apartment', address.apartment).field('city', address.city).field('postalCode', address.postalCode);
    const byHand = Number(created.body.record?.params?.id);
    expect(notice(await post('clerk', byHand, 'editPhones', { homePhone: '418-296-8100' })).type).toBe('success');
    for (const p of people) {
      const fields: Record<string, string> = { mode: 'new', firstName: p.firstName, lastName, birthDate: p.birthDate, role: p.role, dependent: String(p.role === 'child') };
      if (p.email) Object.assign(fields, { email: p.email, phone: p.phone });
      expect(notice(await post('clerk', byHand, 'addMember', fields)).type).toBe('success');
    }

    // By approval: the same family asked for by the form, approved by the same clerk.
    const [applicant, ...members] = people;
    const submitted = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send({
      applicant: { firstName: applicant.firstName, lastName, birthDate: applicant.birthDate },
      address,
      members: members.map((m) => ({ firstName: m.firstName, lastName, birthDate: m.birthDate, relationship: m.role })),
      email,
      phone: applicant.phone,
      consent: true,
    }).expect(201);
    const requests = t.app.get(DossierRequestsService);
    const request = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: submitted.body.reference });
    const clerk: Actor = { kind: 'staff', staffId: staffIds.clerk, role: 'clerk' };
    await requests.moveTo({ requestId: request.id, to: 'in_review' }, clerk);
    const approved = await requests.approve({ requestId: request.id }, clerk);

    // Each line by resource, action, staff member and the fields it changed, in order (numbers and ids aside).
    const lines = async (householdId: number) => {
      const personIds = (await t.dataSource.getRepository(Membership).find({ where: { householdId } })).map((m) => String(m.personId));
      const all = await t.dataSource.getRepository(AuditEntry).find({ where: [{ resource: 'households', recordId: String(householdId) }, { resource: 'persons', recordId: In(personIds) }], order: { id: 'ASC' } });
      return all
        .filter((line) => line.action !== 'view')
        .map((line) => [line.resource, line.action, line.staffId, Object.entries(line.changes ?? {}).map(([key, change]) => `${key.replace(/^member:.*/, 'member')}:${change.before === null ? '∅' : 'before'}→${change.after === null ? '∅' : 'after'}`).sort().join(' ')]);
    };
    const expected = await lines(byHand);
    expect(expected.map(([resource, action]) => `${resource} ${action}`)).toEqual([
      'households create', 'households editPhones',
      ...people.flatMap(() => ['persons create', 'households addMember', 'persons addMember']),
    ]);
    expect(await lines(approved.householdId)).toEqual(expected);
  });

  it('starts a household created in the panel with its holder: its first member must be an adult holder', async () => {
    const created = await t.http().post('/admin/api/resources/households/actions/new').set('Cookie', cookies.clerk)
      .field('civicNumber', '40').field('street', 'rue Cartier').field('city', 'Baie-Comeau').field('postalCode', 'G4Z 1A1');
    expect(created.status).toBe(200);
    const householdId = Number(created.body.record?.params?.id);
    expect(householdId).toBeGreaterThan(0);
    const lastName = uniqueName('Gagnon');

    // A child first, or a minor as holder: refused on the relationship, nothing written.
    const child = await post('clerk', householdId, 'addMember', { mode: 'new', firstName: 'Zoé', lastName, birthDate: '2019-05-05', role: 'child', dependent: 'true' });
    expect(notice(child)).toEqual({ type: 'error', text: 'Une famille sans membre commence par son titulaire, de 18 ans ou plus' });
    expect(fieldError(child, 'role')).toBe('Une famille sans membre commence par son titulaire, de 18 ans ou plus');
    const minor = await post('clerk', householdId, 'addMember', { mode: 'new', firstName: 'Zoé', lastName, birthDate: birthDateForAge(17, today), role: 'holder', dependent: 'false' });
    expect(notice(minor)).toEqual({ type: 'error', text: 'Le titulaire doit avoir 18 ans ou plus' });
    expect(await roles(householdId)).toEqual({});
    expect(await t.dataSource.getRepository(Person).countBy({ lastName })).toBe(0);

    // Nor can a member be moved into it but as its holder.
    const other = await family();
    const moved = await post('clerk', other.household.id, 'moveMember', { personId: String(other.persons[2].id), toHouseholdId: String(householdId), role: 'child' });
    expect(notice(moved).type).toBe('error');
    expect(await roles(householdId)).toEqual({});

    // The holder first, then the child.
    expect(notice(await post('clerk', householdId, 'addMember', { mode: 'new', firstName: 'Anne', lastName, birthDate: '1984-09-12', role: 'holder', dependent: 'false' })).type).toBe('success');
    expect(notice(await post('clerk', householdId, 'addMember', { mode: 'new', firstName: 'Zoé', lastName, birthDate: '2019-05-05', role: 'child', dependent: 'true' })).type).toBe('success');
    expect(Object.values(await roles(householdId)).sort()).toEqual([['child', true], ['holder', false]]);
  });

  it('adds a child already known by dossier number to a second household: a child of separated guardians belongs to both', async () => {
    const mother = await family();
    const father = await createHousehold(t.dataSource, [{ firstName: 'Marc', lastName: 'Roy', birthDate: '1978-01-20', role: 'holder' }], { civicNumber: '12', street: 'rue Mance' });
    const child = mother.persons[2];

    const res = await post('clerk', father.household.id, 'addMember', { mode: 'existing', dossierNumber: ` ${child.dossierNumber.toLowerCase()} `, role: 'child', dependent: 'true', note: 'Garde partagée' });
    expect(notice(res)).toEqual({ type: 'success', text: 'Le membre a été ajouté à la famille' });
    expect((await memberships(child.id)).map((m) => m.householdId)).toEqual([mother.household.id, father.household.id].sort((a, b) => a - b));

    // The household's page lists the members with age and relationship; the child's page both households.
    const page = await t.http().get(`/admin/api/resources/households/records/${father.household.id}/show`).set('Cookie', cookies.clerk).expect(200);
    const members = JSON.parse(page.body.record.params.members);
    expect(members).toEqual([
      expect.objectContaining({ dossierNumber: father.persons[0].dossierNumber, lastName: 'Roy', birthDate: '1978-01-20', role: 'holder', dependent: false }),
      expect.objectContaining({ personId: child.id, dossierNumber: child.dossierNumber, firstName: 'Léa', birthDate: '2015-06-01', age: ageOn('2015-06-01', today), role: 'child', dependent: true }),
    ]);
    const childPage = await t.http().get(`/admin/api/resources/persons/records/${child.id}/show`).set('Cookie', cookies.supervisor).expect(200);
    expect(JSON.parse(childPage.body.record.params.households).map((h: { householdId: number }) => h.householdId)).toEqual([mother.household.id, father.household.id].sort((a, b) => a - b));

    const [line] = await writes('households', father.household.id);
    expect(line).toMatchObject({ action: 'addMember', staffId: staffIds.clerk, note: 'Garde partagée', changes: { [`member:${child.dossierNumber}`]: { before: null, after: { role: 'child', dependent: true } } } });
    const [personLine] = await writes('persons', child.id);
    expect(personLine).toMatchObject({ action: 'addMember', changes: { households: { before: [mother.household.id], after: [mother.household.id, father.household.id].sort((a, b) => a - b) } } });

    // Twice is refused: already a member.
    const again = await post('clerk', father.household.id, 'addMember', { mode: 'existing', dossierNumber: child.dossierNumber, role: 'child', dependent: 'true' });
    expect(notice(again)).toEqual({ type: 'error', text: 'Cette personne fait déjà partie de cette famille' });
    expect(await writes('households', father.household.id)).toHaveLength(1);
  });

  it('adds a new person with a new dossier number, names checked and phone normalised as the API does', async () => {
    const { household } = await family();
    const bad = await post('clerk', household.id, 'addMember', { mode: 'new', firstName: 'Zoé<script>', lastName: '', birthDate: '2024-02-30', phone: '555-0142', email: 'pas-un-courriel', role: 'child', dependent: 'true' });
    expect(notice(bad)).toEqual({ type: 'error', text: 'Certains champs doivent être corrigés : voyez les messages sous chacun' });
    expect(fieldError(bad, 'firstName')).toBe('Un nom ne peut contenir que des lettres, des espaces, des apostrophes, des traits d’union et des points');
    expect(fieldError(bad, 'lastName')).toBe('Ce champ est requis');
    expect(fieldError(bad, 'birthDate')).toBe("La date n'est pas valide : inscrivez-la sous la forme AAAA/MM/JJ");
    expect(fieldError(bad, 'phone')).toBe("Le numéro de téléphone n'est pas valide (ex. : 418-296-8100)");
    expect(fieldError(bad, 'email')).toBeDefined();
    expect(Object.keys(await roles(household.id))).toHaveLength(3);

    const lastName = uniqueName("D'Amours");
    const res = await post('clerk', household.id, 'addMember', { mode: 'new', firstName: '  Zoé ', lastName, birthDate: '2024/02/29', phone: '(418) 555 0142', email: ' Zoe@Exemple.CA ', role: 'child', dependent: 'true' });
    expect(notice(res)).toEqual({ type: 'success', text: 'Le membre a été ajouté à la famille' });
    const zoe = await t.dataSource.getRepository(Person).findOneByOrFail({ lastName, birthDate: '2024-02-29' });
    expect(zoe).toMatchObject({ firstName: 'Zoé', phone: '418-555-0142', email: 'zoe@exemple.ca', lastNameKey: lastName.replace(/[^a-z]/gi, '').toLowerCase() });
    // A number the system allocates: a sequence value and its Luhn digit.
    expect(zoe.dossierNumber).toBe(formatDossierNumber(Number(zoe.dossierNumber.slice(0, -1))));
    expect((await roles(household.id))[zoe.dossierNumber]).toEqual(['child', true]);

    const [created, joined] = await writes('persons', zoe.id);
    expect(created).toMatchObject({ action: 'create', staffId: staffIds.clerk, changes: { dossierNumber: { before: null, after: zoe.dossierNumber }, firstName: { before: null, after: 'Zoé' }, phone: { before: null, after: '418-555-0142' } } });
    expect(joined).toMatchObject({ action: 'addMember', changes: { households: { before: [], after: [household.id] } } });
    expect((await writes('households', household.id)).at(-1)).toMatchObject({ action: 'addMember', changes: { [`member:${zoe.dossierNumber}`]: { before: null, after: { role: 'child', dependent: true } } } });
  });

  it('refuses a second holder, a holder under 18 and an unknown dossier number, changing nothing', async () => {
    const { household, persons } = await family();
    const before = await roles(household.id);

    const lastName = uniqueName('Côté');
    const second = await post('clerk', household.id, 'addMember', { mode: 'new', firstName: 'Paul', lastName, birthDate: '1970-01-01', role: 'holder', dependent: 'false' });
    expect(notice(second)).toEqual({ type: 'error', text: 'La famille a déjà un titulaire : il n’y en a qu’un par famille' });
    expect(fieldError(second, 'role')).toBe('La famille a déjà un titulaire : il n’y en a qu’un par famille');
    expect(await t.dataSource.getRepository(Person).countBy({ lastName })).toBe(0);

    const unknown = await post('clerk', household.id, 'addMember', { mode: 'existing', dossierNumber: 'ZZ0000000', role: 'adult', dependent: 'false' });
    expect(notice(unknown)).toEqual({ type: 'error', text: 'Aucune personne n’a ce numéro de dossier' });
    expect(fieldError(unknown, 'dossierNumber')).toBe('Aucune personne n’a ce numéro de dossier');

    // The child (11) named holder: refused on the day, in the city's time zone.
    const minor = await post('clerk', household.id, 'setMemberRole', { personId: String(persons[2].id), role: 'holder', dependent: 'false' });
    expect(notice(minor)).toEqual({ type: 'error', text: 'Le titulaire doit avoir 18 ans ou plus' });

    const role = await post('clerk', household.id, 'setMemberRole', { personId: String(persons[1].id), role: 'grand-parent', dependent: 'false' });
    expect(fieldError(role, 'role')).toBe('Le lien doit être titulaire, adulte, conjoint ou enfant (holder, adult, spouse, child)');

    const stranger = await post('clerk', household.id, 'removeMember', { personId: '999999999' });
    expect(notice(stranger)).toEqual({ type: 'error', text: 'Cette personne ne fait pas partie de cette famille' });

    expect(await roles(household.id)).toEqual(before);
    expect(await writes('households', household.id)).toEqual([]);
  });

  it('names another holder: the former one becomes an adult, both written to the audit log', async () => {
    const { household, persons } = await family();
    const [marie, luc] = persons;
    const res = await post('clerk', household.id, 'setMemberRole', { personId: String(luc.id), role: 'holder', dependent: 'false', note: 'Changement de titulaire' });
    expect(notice(res)).toEqual({ type: 'success', text: 'Le lien du membre a été changé' });
    expect(await roles(household.id)).toMatchObject({ [marie.dossierNumber]: ['adult', false], [luc.dossierNumber]: ['holder', false] });
    const [line] = await writes('households', household.id);
    expect(line).toMatchObject({
      action: 'setMemberRole',
      note: 'Changement de titulaire',
      changes: {
        [`member:${marie.dossierNumber}`]: { before: { role: 'holder', dependent: false }, after: { role: 'adult', dependent: false } },
        [`member:${luc.dossierNumber}`]: { before: { role: 'spouse', dependent: false }, after: { role: 'holder', dependent: false } },
      },
    });
    expect(Object.keys(line.changes!)).toHaveLength(2);

    // The dependent flag alone.
    await post('clerk', household.id, 'setMemberRole', { personId: String(persons[2].id), role: 'child', dependent: 'false' });
    expect((await writes('households', household.id)).at(-1)!.changes).toEqual({ [`member:${persons[2].dossierNumber}`]: { before: { role: 'child', dependent: true }, after: { role: 'child', dependent: false } } });
  });

  it('removes a member without deleting the person, and never the last holder', async () => {
    const { household, persons } = await family();
    const [marie, luc] = persons;
    const last = await post('clerk', household.id, 'removeMember', { personId: String(marie.id) });
    expect(notice(last)).toEqual({ type: 'error', text: 'La famille doit garder un titulaire de 18 ans ou plus : nommez d’abord un autre titulaire' });
    expect(fieldError(last, 'personId')).toBeDefined();
    expect(await memberships(marie.id)).toHaveLength(1);

    const res = await post('clerk', household.id, 'removeMember', { personId: String(luc.id), note: 'Départ du conjoint' });
    expect(notice(res)).toEqual({ type: 'success', text: 'Le membre a été retiré de la famille : sa fiche et son numéro de dossier sont conservés' });
    expect(await memberships(luc.id)).toEqual([]);
    expect(await t.dataSource.getRepository(Person).findOneByOrFail({ id: luc.id })).toMatchObject({ dossierNumber: luc.dossierNumber });
    expect(await writes('households', household.id)).toEqual([
      expect.objectContaining({ action: 'removeMember', note: 'Départ du conjoint', changes: { [`member:${luc.dossierNumber}`]: { before: { role: 'spouse', dependent: false }, after: null } } }),
    ]);
    expect(await writes('persons', luc.id)).toEqual([expect.objectContaining({ action: 'removeMember', changes: { households: { before: [household.id], after: [] } } })]);
  });

  it('moves a member to another household, with the rules of both', async () => {
    const from = await family();
    const to = await createHousehold(t.dataSource, [{ firstName: 'Luc', lastName: 'Tremblay', birthDate: '1950-01-01', role: 'holder' }], { civicNumber: '5', street: 'rue Bossé' });
    const luc = from.persons[1];

    const same = await post('clerk', from.household.id, 'moveMember', { personId: String(luc.id), toHouseholdId: String(from.household.id) });
    expect(fieldError(same, 'toHouseholdId')).toBe('Choisissez une autre famille que celle-ci');
    const nowhere = await post('clerk', from.household.id, 'moveMember', { personId: String(luc.id), toHouseholdId: '999999999' });
    expect(notice(nowhere)).toEqual({ type: 'error', text: 'Aucune famille ne porte ce numéro' });
    const holder = await post('clerk', from.household.id, 'moveMember', { personId: String(luc.id), toHouseholdId: String(to.household.id), role: 'holder' });
    expect(notice(holder)).toEqual({ type: 'error', text: 'La famille a déjà un titulaire : il n’y en a qu’un par famille' });
    const lastHolder = await post('clerk', from.household.id, 'moveMember', { personId: String(from.persons[0].id), toHouseholdId: String(to.household.id), role: 'spouse' });
    expect(notice(lastHolder)).toEqual({ type: 'error', text: 'La famille doit garder un titulaire de 18 ans ou plus : nommez d’abord un autre titulaire' });
    expect((await memberships(luc.id)).map((m) => m.householdId)).toEqual([from.household.id]);

    const res = await post('clerk', from.household.id, 'moveMember', { personId: String(luc.id), toHouseholdId: String(to.household.id), role: 'adult', dependent: 'false' });
    expect(notice(res)).toEqual({ type: 'success', text: 'Le membre a été déplacé dans l’autre famille' });
    expect(await memberships(luc.id)).toEqual([expect.objectContaining({ householdId: to.household.id, role: 'adult' })]);
    expect(await writes('households', from.household.id)).toEqual([
      expect.objectContaining({ action: 'moveMember', note: `→ #${to.household.id}`, changes: { [`member:${luc.dossierNumber}`]: { before: { role: 'spouse', dependent: false }, after: null } } }),
    ]);
    expect(await writes('households', to.household.id)).toEqual([
      expect.objectContaining({ action: 'moveMember', note: `← #${from.household.id}`, changes: { [`member:${luc.dossierNumber}`]: { before: null, after: { role: 'adult', dependent: false } } } }),
    ]);
    expect(await writes('persons', luc.id)).toEqual([expect.objectContaining({ action: 'moveMember', changes: { households: { before: [from.household.id], after: [to.household.id] } } })]);
  });

  it('edits the phones, normalised as 418-555-0142, and the address with its postal code', async () => {
    const { household } = await family();
    const bad = await post('clerk', household.id, 'editPhones', { homePhone: '555-0142', mobilePhone: '418 555 0199' });
    expect(fieldError(bad, 'homePhone')).toBe("Le numéro de téléphone n'est pas valide (ex. : 418-296-8100)");
    expect(await t.dataSource.getRepository(HouseholdPhone).findBy({ householdId: household.id })).toEqual([expect.objectContaining({ kind: 'home', number: '418-296-8100' })]);

    const res = await post('clerk', household.id, 'editPhones', { homePhone: '', mobilePhone: '1 (418) 555.0142', workPhone: '418 555 0100 poste 12', note: 'Appel de la mère' });
    expect(notice(res)).toEqual({ type: 'success', text: 'Les téléphones de la famille ont été enregistrés' });
    const phones = await t.dataSource.getRepository(HouseholdPhone).find({ where: { householdId: household.id }, order: { id: 'ASC' } });
    expect(phones.map((p) => [p.kind, p.number])).toEqual([['mobile', '418-555-0142'], ['work', '418-555-0100 poste 12']]);
    expect(await writes('households', household.id)).toEqual([
      expect.objectContaining({
        action: 'editPhones',
        note: 'Appel de la mère',
        changes: { homePhone: { before: '418-296-8100', after: null }, mobilePhone: { before: null, after: '418-555-0142' }, workPhone: { before: null, after: '418-555-0100 poste 12' } },
      }),
    ]);

    // The address: AdminJS's own edit form, through HouseholdsService.setAddress.
    const edit = (fields: Record<string, string>) => {
      const req = t.http().post(`/admin/api/resources/households/records/${household.id}/edit`).set('Cookie', cookies.clerk);
      for (const [k, v] of Object.entries(fields)) req.field(k, v);
      return req.expect(200) as unknown as Promise<Answer>;
    };
    const invalid = await edit({ postalCode: 'G4Z 1O1' });
    expect(fieldError(invalid, 'postalCode')).toBe("Le code postal n'est pas valide (ex. : G4Z 1A1)");
    const empty = await edit({ civicNumber: ' ', postalCode: 'G5C 2K1' });
    expect(fieldError(empty, 'civicNumber')).toBe('Ce champ est requis');
    expect(notice(await edit({ civicNumber: '88', street: ' avenue  Cartier ', apartment: '', city: 'Baie-Comeau', postalCode: 'g5c2k1' })).type).toBe('success');
    const saved = await t.dataSource.getRepository(Household).findOneByOrFail({ id: household.id });
    expect(saved.address).toEqual({ civicNumber: '88', street: 'avenue Cartier', apartment: null, city: 'Baie-Comeau', postalCode: 'G5C 2K1' });
    expect((await writes('households', household.id)).at(-1)).toMatchObject({ action: 'update', changes: { postalCode: { before: 'G4Z 1A1', after: 'G5C 2K1' } } });
  });

  it('refuses a supervisor’s forged POST of every family action with 403, and a GET changes nothing', async () => {
    const { household, persons } = await family();
    const other = await family();
    const forged: Array<[string, Record<string, string>]> = [
      ['addMember', { mode: 'new', firstName: 'Éric', lastName: 'Roy', birthDate: '2010-01-01', role: 'child', dependent: 'true' }],
      ['removeMember', { personId: String(persons[1].id) }],
      ['moveMember', { personId: String(persons[1].id), toHouseholdId: String(other.household.id) }],
      ['setMemberRole', { personId: String(persons[1].id), role: 'holder', dependent: 'false' }],
      ['editPhones', { homePhone: '418 555 0142' }],
      ['setResidency', { residency: 'resident', note: 'Essai' }],
    ];
    const before = await roles(household.id);
    for (const [action, fields] of forged) {
      await post('supervisor', household.id, action, fields, 403);
      // The form's screen, for a clerk: read only.
      await t.http().get(`/admin/api/resources/households/records/${household.id}/${action}`).set('Cookie', cookies.clerk).expect(200);
    }
    expect(await roles(household.id)).toEqual(before);
    expect(await t.dataSource.getRepository(HouseholdPhone).findBy({ householdId: household.id })).toEqual([expect.objectContaining({ number: '418-296-8100' })]);
    expect(await writes('households', household.id)).toEqual([]);

    // An administrator may.
    const res = await post('administrator', household.id, 'editPhones', { homePhone: '418 555 0142' });
    expect(notice(res).type).toBe('success');
  });
  it('refuses a date of birth that makes a holder a minor on the person’s own page', async () => {
    const { persons } = await family();
    const edit = (personId: number, birthDate: string) => t.http().post(`/admin/api/resources/persons/records/${personId}/edit`).set('Cookie', cookies.clerk).field('birthDate', birthDate).expect(200) as unknown as Promise<Answer>;
    const res = await edit(persons[0].id, birthDateForAge(17, today));
    expect(fieldError(res, 'birthDate')).toBe('Le titulaire doit avoir 18 ans ou plus');
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: persons[0].id })).birthDate).toBe('1980-03-14');
    // A holder already under 18 (legacy data): the unchanged date goes through with another field.
    const legacy = await createHousehold(t.dataSource, [{ birthDate: birthDateForAge(16, today), role: 'holder' }]);
    const phone = await t.http().post(`/admin/api/resources/persons/records/${legacy.persons[0].id}/edit`).set('Cookie', cookies.clerk).field('birthDate', birthDateForAge(16, today)).field('phone', '418 555 0142').expect(200);
    expect(fieldError(phone as unknown as Answer, 'birthDate')).toBeUndefined();
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: legacy.persons[0].id })).phone).toBe('418-555-0142');
    // A spouse may be any age.
    await edit(persons[1].id, birthDateForAge(17, today));
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: persons[1].id })).birthDate).toBe(birthDateForAge(17, today));
  });

  it('lets one of two clerks naming a holder at once through: the household’s lock', async () => {
    // A legacy household without a holder.
    const { household } = await createHousehold(t.dataSource, [{ birthDate: '1985-01-01', role: 'spouse' }, { birthDate: '2016-01-01', role: 'child' }]);
    const holder = (firstName: string) => ({ mode: 'new', firstName, lastName: 'Gagnon', birthDate: '1970-05-05', role: 'holder', dependent: 'false' });
    const both = await Promise.all([post('clerk', household.id, 'addMember', holder('Anne')), post('administrator', household.id, 'addMember', holder('Béatrice'))]);
    expect(both.map((res) => notice(res).text).sort()).toEqual(['La famille a déjà un titulaire : il n’y en a qu’un par famille', 'Le membre a été ajouté à la famille']);
    expect(Object.values(await roles(household.id)).filter(([role]) => role === 'holder')).toHaveLength(1);
    expect((await writes('households', household.id)).map((line) => line.action)).toEqual(['addMember']);
  });

  it('answers an English-speaking clerk in English', async () => {
    const staff = await newStaff(t, 'clerk');
    await t.dataSource.getRepository(Staff).update(staff.id, { locale: 'en' });
    const cookie = await loggedInStaff(t, staff);
    const { household } = await family();
    const res = await post(cookie, household.id, 'editPhones', { homePhone: '123' });
    expect(fieldError(res, 'homePhone')).toBe('The phone number is not valid (e.g. 418-296-8100)');
    const holder = await post(cookie, household.id, 'addMember', { mode: 'new', firstName: 'Paul', lastName: 'Roy', birthDate: '1970-01-01', role: 'holder', dependent: 'false' });
    expect(fieldError(holder, 'role')).toBe('The household already has a holder: there is only one per household');
  });

  // Last: moving the clock a day ahead ends the other sessions (30 minutes idle).
  it('counts the holder’s 18 years on the city’s day, not on UTC’s', async () => {
    // 21:30 in Baie-Comeau (EST, UTC−5) is 02:30 the next day in UTC.
    t.clock.set(nextTorontoEvening());
    try {
      const { cookie } = await loginAsStaff(t, 'clerk');
      const cityDay = t.clock.today();
      const utcDay = t.clock.now().toISOString().slice(0, 10);
      expect(utcDay > cityDay).toBe(true);
      // 18 on UTC's day, still 17 on the city's.
      const birthDate = birthDateForAge(18, utcDay);
      const { household, persons } = await createHousehold(t.dataSource, [{ birthDate: '1960-01-01', role: 'holder' }, { birthDate, role: 'adult' }]);
      const early = await post(cookie, household.id, 'setMemberRole', { personId: String(persons[1].id), role: 'holder', dependent: 'false' });
      expect(notice(early)).toEqual({ type: 'error', text: 'Le titulaire doit avoir 18 ans ou plus' });

      t.clock.advance(3 * 60 * 60 * 1000);
      expect(t.clock.today()).toBe(utcDay);
      // Three hours later the first session is idle past its 30 minutes: a fresh one.
      const { cookie: later } = await loginAsStaff(t, 'clerk');
      const onTheDay = await post(later, household.id, 'setMemberRole', { personId: String(persons[1].id), role: 'holder', dependent: 'false' });
      expect(notice(onTheDay)).toEqual({ type: 'success', text: 'Le lien du membre a été changé' });
    } finally {
      t.clock.reset();
    }
  });
});

/** The next 21:30 in America/Toronto after now (within a day), when the city's date is behind UTC's. */
function nextTorontoEvening(): Date {
  const hourFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
  const start = Math.ceil(Date.now() / (30 * 60 * 1000)) * 30 * 60 * 1000;
  for (let at = start; ; at += 30 * 60 * 1000) {
    if (hourFormat.format(new Date(at)) === '21:30') return new Date(at);
  }
}
