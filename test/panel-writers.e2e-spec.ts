import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import AdminJS, { ValidationError } from 'adminjs';
import { AccountsService } from '../src/accounts/accounts.service.js';
import type { PanelResource } from '../src/admin/adapter/panel-resource.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { CalendarEntry } from '../src/calendar/calendar-entry.entity.js';
import { CalendarService } from '../src/calendar/calendar.service.js';
import type { Actor } from '../src/common/actor.js';
import { DomainError } from '../src/common/domain-error.js';
import { DossiersService } from '../src/dossiers/dossiers.service.js';
import { HouseholdsService } from '../src/dossiers/households.service.js';
import { OutboxDispatcher } from '../src/notifications/outbox-dispatcher.service.js';
import { Person } from '../src/dossiers/person.entity.js';
import { RegistrationPeriod } from '../src/registration-periods/registration-period.entity.js';
import { RegistrationPeriodsService } from '../src/registration-periods/registration-periods.service.js';
import { StaffAccounts } from '../src/staff/staff-accounts.service.js';
import { Staff } from '../src/staff/staff.entity.js';
import { startApp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { panelAdmin } from './support/panel.js';
import { loginAsStaff, newStaff } from './support/staff.js';

/**
 * One writer for each record (issue 15, section 2): the panel's new, edit and delete of persons,
 * households, periods and calendar entries go through the features' services, which check the
 * same rules as the API and the actor's role whichever route calls them.
 */
describe('the panel’s writers', () => {
  let t: TestApp;
  let admin: AdminJS;
  const resource = (id: string) => admin.findResource(id) as unknown as PanelResource;
  const staff: Record<'clerk' | 'supervisor' | 'administrator', Actor> = {} as never;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    admin = panelAdmin(t);
    for (const role of ['clerk', 'supervisor', 'administrator'] as const) staff[role] = { kind: 'staff', staffId: (await newStaff(t, role)).id, role };
  });
  afterAll(async () => t?.close());

  /** A clerk's action context, as the panel's gate gives AdminJS. */
  const asClerk = () => ({ currentAdmin: { id: (staff.clerk as { staffId: number }).staffId, role: 'clerk' } }) as never;
  /** The error a call ends with, or null when it succeeds. */
  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);
  const fieldCodes = (error: unknown) => Object.fromEntries(((error as DomainError).extra?.errors ?? []).map((e) => [e.field, e.code]));

  it('refuses a person’s fields from the panel with the codes the families’ service gives a new person', async () => {
    const households = t.app.get(HouseholdsService);
    const { household, persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-01-01', role: 'holder' }, { birthDate: '1982-01-01', role: 'spouse' }]);
    const valid = { firstName: 'Anne', lastName: 'Gagnon', birthDate: '1990-05-05', email: '', phone: '' };
    const cases: Array<[keyof typeof valid, string]> = [
      ['firstName', '<b>'], ['lastName', ''], ['lastName', 'Roy\nTremblay'], ['birthDate', '2999-01-01'], ['birthDate', '1981-02-30'], ['birthDate', ''],
      ['email', 'pas-une-adresse'], ['phone', '123'], ['phone', '418\u200b555 0142'], ['phone', '418 555 0142\u0007'],
    ];
    for (const [field, value] of cases) {
      const service = await refusal(households.addMember({ householdId: household.id, person: { ...valid, [field]: value }, role: 'child', dependent: true }, staff.clerk));
      const panel = await refusal(resource('persons').update(persons[1].id, { [field]: value }, asClerk()));
      // Refused alike, on the same field with the same code (or accepted alike: a line break in a name is a space).
      const panelCode = panel instanceof ValidationError ? (panel.propertyErrors[field]?.type ?? null) : panel;
      expect({ field, value, code: panelCode }).toEqual({ field, value, code: service instanceof DomainError ? (fieldCodes(service)[field] ?? null) : service });
    }
    expect(await t.dataSource.getRepository(Person).findOneByOrFail({ id: persons[1].id })).toMatchObject({ birthDate: '1982-01-01' });
  });

  it('refuses in the services what a role may not do, whichever route calls them', async () => {
    const calendar = t.app.get(CalendarService);
    const periods = t.app.get(RegistrationPeriodsService);
    const households = t.app.get(HouseholdsService);
    const { household, persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-01-01', role: 'holder' }, { birthDate: '2015-01-01', role: 'child' }]);
    const closures = await t.dataSource.getRepository(CalendarEntry).count();
    // A day of its own, far ahead (one closure a day; MariaDB keeps those of earlier runs).
    const day = `${2100 + Math.floor(Math.random() * 7800)}-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 10)}`;
    const forbidden = (promise: Promise<unknown>) => expect(refusal(promise)).resolves.toMatchObject({ code: 'forbidden', status: 403 });

    await forbidden(calendar.create({ date: day, name: 'Tempête' }, staff.clerk));
    await forbidden(calendar.create({ date: day, name: 'Tempête' }, staff.supervisor));
    // A staff member whose role is not known is refused as well.
    await forbidden(calendar.create({ date: day, name: 'Tempête' }, { kind: 'staff', staffId: (staff.administrator as { staffId: number }).staffId }));
    // A name of its own: MariaDB keeps the periods of the other files of the run.
    const period = `Refusée ${Date.now()}`;
    await forbidden(periods.create({ name: period, opensAt: '2031-01-10T00:00:00Z', closesAt: '2031-01-20T00:00:00Z' }, staff.clerk));
    await forbidden(households.createHousehold({ civicNumber: '1', street: 'rue Mance', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' }, staff.supervisor));
    await forbidden(households.updatePerson(persons[1].id, { phone: '418 555 0142' }, staff.supervisor));
    await forbidden(households.deletePerson(persons[1].id, staff.clerk));
    await forbidden(households.deleteHousehold(household.id, staff.clerk));
    await forbidden(households.setPhones({ householdId: household.id, phones: { home: '418 555 0142' } }, staff.supervisor));
    // What the panel may change on residents' accounts, and the outbox.
    await forbidden(t.app.get(AccountsService).unlock(1, staff.supervisor));
    await forbidden(t.app.get(AccountsService).resendVerificationFor(1, staff.supervisor));
    await forbidden(t.app.get(DossiersService).unlinkAccount(1, staff.supervisor, 'Erreur'));
    await forbidden(t.app.get(OutboxDispatcher).retry(1, staff.clerk));
    // The staff's accounts: an administrator's (the panel's table, checked by the staff service too).
    const members = t.app.get(StaffAccounts);
    const member = (staff.clerk as { staffId: number }).staffId;
    await forbidden(members.update(member, { role: 'administrator' }, staff.clerk));
    await forbidden(members.update(member, { displayName: 'Autre nom' }, staff.supervisor));
    await forbidden(members.setActive(member, false, staff.supervisor));
    await forbidden(members.resetSecondFactor(member, staff.clerk));
    await forbidden(members.create(t.dataSource, { email: `refuse${Date.now()}@ville.test`, displayName: 'Refusé', role: 'clerk', password: 'Loisirs-Refus-2026' }, staff.supervisor));
    expect(await t.dataSource.getRepository(Staff).findOneByOrFail({ id: member })).toMatchObject({ role: 'clerk', active: true });

    // The panel's own route past its gate: the adapter hands the clerk to the service, which refuses.
    const clerk = { currentAdmin: { id: (staff.clerk as { staffId: number }).staffId, role: 'clerk', email: 'x', locale: 'fr' } } as never;
    await forbidden(resource('calendar').create({ date: day, name: 'Tempête' }, clerk));
    // Without anyone's context the adapter acts for nobody, never for the system: refused.
    await forbidden(resource('calendar').create({ date: day, name: 'Tempête' }));
    // A deletion refused: the notice of AdminJS's delete action.
    await expect(resource('persons').delete(persons[1].id, clerk)).rejects.toMatchObject({ baseError: { type: 'forbidden' } });
    expect(await t.dataSource.getRepository(CalendarEntry).count()).toBe(closures);
    expect(await t.dataSource.getRepository(RegistrationPeriod).countBy({ name: period })).toBe(0);
    expect(await t.dataSource.getRepository(Person).countBy({ id: persons[1].id })).toBe(1);

    // Over HTTP the panel's matrix answers first.
    const { cookie } = await loginAsStaff(t, 'clerk');
    await t.http().post('/admin/api/resources/calendar/actions/new').set('Cookie', cookie).field('date', day).field('name', 'Tempête').expect(403);

    // An administrator may, and the service writes the audit line the panel's History shows.
    const id = await calendar.create({ date: day, name: ' Tempête  de neige ' }, staff.administrator);
    const [line] = await t.dataSource.getRepository(AuditEntry).findBy({ resource: 'calendar', recordId: String(id) });
    expect(line).toMatchObject({ action: 'create', staffId: (staff.administrator as { staffId: number }).staffId, changes: { date: { before: null, after: day }, name: { before: null, after: 'Tempête de neige' } } });
  });

  it('leaves a resource without a writer read-only, even called directly: the audit log cannot be deleted', async () => {
    const { persons } = await createHousehold(t.dataSource, [{ birthDate: '1980-01-01', role: 'holder' }]);
    await resource('persons').update(persons[0].id, { phone: '418 555 0142' }, asClerk());
    const [line] = await t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'persons', recordId: String(persons[0].id) }, order: { id: 'DESC' }, take: 1 });
    expect(line).toMatchObject({ action: 'update', actorKind: 'staff', staffId: (staff.clerk as { staffId: number }).staffId });
    await expect(resource('audit_log').delete(line.id)).rejects.toThrow();
    await expect(resource('audit_log').update(line.id, { note: 'effacé' })).rejects.toThrow();
    expect(await t.dataSource.getRepository(AuditEntry).findOneBy({ id: line.id })).toMatchObject({ action: 'update', note: null });
  });
});
