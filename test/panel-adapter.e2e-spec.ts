import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import AdminJS, { Filter, ValidationError } from 'adminjs';
import { PanelResource } from '../src/admin/adapter/panel-resource.js';
import { PanelSource } from '../src/admin/adapter/panel-source.js';
import { Person } from '../src/dossiers/person.entity.js';
import { startApp, type TestApp } from './support/app.js';
import { createHousehold, uniqueDossierNumber } from './support/dossiers.js';
import { panelAdmin } from './support/panel.js';
import { newStaff } from './support/staff.js';

/**
 * The panel's adapter on the real database (medium tests): the index-backed filters and search,
 * the capped count, the columns it never reads, and writes through the API's rules.
 */
describe('the panel adapter', () => {
  let t: TestApp;
  let admin: AdminJS;
  const resource = (id: string) => admin.findResource(id) as unknown as PanelResource;
  /** An administrator's action context: the adapter writes for a staff member, never for the system. */
  let asAdministrator: never;
  const find = async (id: string, filters: Record<string, unknown>) => {
    const r = resource(id);
    return r.find(new Filter(filters, r), { limit: 50 });
  };

  beforeAll(async () => {
    t = await startApp();
    // The resources' writers are the app's own services.
    admin = panelAdmin(t);
    asAdministrator = { currentAdmin: { id: (await newStaff(t, 'administrator')).id, role: 'administrator' } } as never;
  });
  afterAll(async () => t?.close());

  it('finds a person by dossier number (exact or prefix), by last name without accents or case, by email prefix', async () => {
    // Letters only: a search with a digit looks for a dossier number.
    const lastName = `Bélanger-Côté${Date.now().toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`;
    const { persons } = await createHousehold(t.dataSource, [{ lastName, firstName: 'Élodie', birthDate: '2015-06-01', role: 'holder' }]);
    const [person] = persons;
    await t.dataSource.getRepository(Person).update(person.id, { email: `elodie.${person.id}@exemple.ca` });

    const byNumber = await find('persons', { dossierNumber: person.dossierNumber.toLowerCase() });
    expect(byNumber.map((r) => r.params.id)).toEqual([person.id]);
    const byPrefix = await find('persons', { dossierNumber: person.dossierNumber.slice(0, -1) });
    expect(byPrefix.map((r) => r.params.id)).toContain(person.id);
    const byName = await find('persons', { lastName: lastName.slice(0, 12).normalize('NFD').replace(/\p{M}/gu, '').toUpperCase() });
    expect(byName.map((r) => r.params.id)).toContain(person.id);
    const byEmail = await find('persons', { email: `ELODIE.${person.id}@` });
    expect(byEmail.map((r) => r.params.id)).toEqual([person.id]);
    // The search box (the title property): a number, an address or a name.
    expect((await find('persons', { fullName: `ELODIE.${person.id}` })).map((r) => r.params.id)).toContain(person.id);
    expect((await find('persons', { fullName: person.dossierNumber })).map((r) => r.params.id)).toEqual([person.id]);
    expect((await find('persons', { fullName: lastName.toLowerCase() })).map((r) => r.params.id)).toEqual([person.id]);
    expect(byNumber[0].params).toMatchObject({ birthDate: '2015-06-01', fullName: `${lastName}, Élodie (${person.dossierNumber})` });

    // Households by a member's number or name.
    expect((await find('households', { member: person.dossierNumber })).length).toBe(1);
    expect((await find('households', { member: 'belanger-cote' })).length).toBeGreaterThanOrEqual(1);
  });

  it('lists persons of one last name by date of birth, the order of their index', async () => {
    const lastName = `Ordre${Date.now().toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`;
    const { persons } = await createHousehold(t.dataSource, [
      { lastName, birthDate: '2015-06-01', role: 'holder' },
      { lastName, birthDate: '1980-01-01', role: 'spouse' },
      { lastName, birthDate: '2015-06-01', role: 'child' },
    ]);
    const r = resource('persons');
    const ids = (direction: 'asc' | 'desc') => r.find(new Filter({ lastName }, r), { limit: 10, sort: { sortBy: 'lastName', direction } }).then((rows) => rows.map((row) => row.params.id));
    expect(await ids('asc')).toEqual([persons[1].id, persons[0].id, persons[2].id]);
    expect(await ids('desc')).toEqual([persons[2].id, persons[0].id, persons[1].id]);
    // A page is read from the index, then its rows: the second page follows the first.
    const page = await r.find(new Filter({ lastName }, r), { limit: 2, offset: 1, sort: { sortBy: 'lastName', direction: 'asc' } });
    expect(page.map((row) => row.params)).toEqual([expect.objectContaining({ id: persons[0].id, lastName }), expect.objectContaining({ id: persons[2].id, birthDate: '2015-06-01' })]);
  });

  it('refuses a filter no index serves, and a name without a letter matches nothing', async () => {
    const r = resource('persons');
    await expect(r.find(new Filter({ firstName: 'Alex' }, r), {})).rejects.toBeInstanceOf(ValidationError);
    expect(await find('persons', { lastName: '---' })).toEqual([]);
    expect(await r.count(new Filter({ lastName: '---' }, r))).toBe(0);
  });

  it('never reads a password hash or an email body', async () => {
    const accounts = resource('accounts');
    expect(accounts.properties().map((p) => p.path())).not.toContain('passwordHash');
    const outbox = resource('outbox');
    expect(outbox.properties().map((p) => p.path())).toEqual(expect.not.arrayContaining(['textBody', 'htmlBody']));
  });

  it('validates a person like the API: a future date of birth, a bad phone, an invalid name, in French', async () => {
    // Not the holder: a holder's date of birth must keep them 18 or more (test/panel-families.e2e-spec.ts).
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-01-01', role: 'adult' }]);
    const r = resource('persons');
    const error = await r.update(persons[0].id, { birthDate: '2999-01-01', phone: '123', firstName: '<b>' }, asAdministrator).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const { propertyErrors } = error as ValidationError;
    expect(propertyErrors.birthDate.message).toBe('La date ne peut pas être dans le futur');
    expect(propertyErrors.phone.type).toBe('phone_invalid');
    expect(propertyErrors.firstName.type).toBe('name_invalid');

    const saved = await r.update(persons[0].id, { birthDate: '2015/06/01', phone: '418 555 0142', lastName: 'Lévesque' }, asAdministrator);
    expect(saved).toMatchObject({ birthDate: '2015-06-01', phone: '418-555-0142', lastName: 'Lévesque' });
    expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: persons[0].id })).lastNameKey).toBe('levesque');
  });

  it('turns a duplicate dossier number into an error on the field, not a 500', async () => {
    const { persons } = await createHousehold(t.dataSource, [
      { birthDate: '1980-01-01', role: 'holder' },
      { birthDate: '1982-01-01', role: 'spouse' },
    ]);
    const error = await resource('persons').update(persons[1].id, { dossierNumber: persons[0].dossierNumber }, asAdministrator).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).propertyErrors.dossierNumber).toMatchObject({ type: 'value_taken', message: 'Cette valeur est déjà utilisée par une autre fiche' });
  });

  it('normalises a household address and checks a period’s order', async () => {
    const household = await resource('households').create({ civicNumber: ' 12 ', street: 'rue  Principale', apartment: '', city: 'Baie-Comeau', postalCode: 'g4z1a1' }, asAdministrator);
    expect(household).toMatchObject({ civicNumber: '12', street: 'rue Principale', apartment: null, postalCode: 'G4Z 1A1' });
    const bad = await resource('households').create({ civicNumber: '1', street: 'x', city: 'y', postalCode: '12345' }, asAdministrator).catch((e: unknown) => e);
    expect((bad as ValidationError).propertyErrors.postalCode.type).toBe('postal_code_invalid');
    const period = await resource('registration_periods').create({ name: 'Hiver', opensAt: '2027-01-10T12:00:00Z', closesAt: '2027-01-01T12:00:00Z' }, asAdministrator).catch((e: unknown) => e);
    expect((period as ValidationError).propertyErrors.closesAt.type).toBe('period_order_invalid');
  });

  it('caps the count of a list; a source without an entity reads as empty', async () => {
    const r = resource('persons');
    expect(await r.count(new Filter({}, r))).toBeLessThanOrEqual(10_001);
    const empty = new PanelResource(new PanelSource({ dataSource: t.dataSource, entity: null, id: 'x', defaultSort: { column: 'id', direction: 'asc' } }));
    expect(await empty.find(new Filter({}, empty), {})).toEqual([]);
    expect(await empty.count(new Filter({}, empty))).toBe(0);
    const audit = resource('audit_log');
    await audit.find(new Filter({}, audit), {});
    expect(PanelResource.isAdapterFor(new PanelSource({ dataSource: t.dataSource, entity: null, id: 'x', defaultSort: { column: 'id', direction: 'asc' } }))).toBe(true);
  });

  it('keeps dossier numbers unique per person fixture', () => {
    expect(uniqueDossierNumber()).not.toEqual(uniqueDossierNumber());
  });
});
