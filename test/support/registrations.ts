import { Account } from '../../src/accounts/account.entity.js';
import { Activity } from '../../src/activities/activity.entity.js';
import { Offering } from '../../src/activities/offering.entity.js';
import { AuthService } from '../../src/auth/auth.service.js';
import { Person } from '../../src/dossiers/person.entity.js';
import type { TestApp } from './app.js';
import { uniqueEmail, uniqueIp } from './app.js';
import { createHousehold, uniqueDossierNumber, type PersonSpec } from './dossiers.js';
import { confirmedResident } from './residents.js';

let sequence = 0;

/** An offering open to residents and non-residents since an hour, closing in a month, for 4–12-year-olds by default. */
export async function createOffering(t: TestApp, overrides: Partial<Offering> = {}): Promise<Offering> {
  sequence += 1;
  const now = t.clock.now();
  const name = `Activité ${Date.now().toString(36)}-${sequence}`;
  const activity = await t.dataSource.getRepository(Activity).save({ name, category: 'Aquatique' });
  return t.dataSource.getRepository(Offering).save({
    code: `T-${uniqueDossierNumber()}-${sequence}`.slice(0, 40),
    activityId: activity.id,
    groupName: 'Samedi 9 h',
    site: 'Piscine Henri-L.-Bernier',
    startsOn: '2027-01-09',
    endsOn: '2027-03-27',
    weekday: 6,
    startTime: '09:00',
    endTime: '09:45',
    capacity: 10,
    ageMin: 4,
    ageMax: 12,
    ageOn: '2027-01-09',
    priceResident: 8500,
    priceNonResident: 12_750,
    residentsOpenAt: new Date(now.getTime() - 3_600_000),
    nonResidentsOpenAt: new Date(now.getTime() - 3_600_000),
    closesAt: new Date(now.getTime() + 30 * 86_400_000),
    rl24: false,
    ...overrides,
  });
}

export interface LinkedFamily {
  accountId: number;
  /** A bearer token of 15 minutes: `relogin` after moving the clock further. */
  token: string;
  householdId: number;
  holderId: number;
  /** The children's person ids, in the order of their birth dates given. */
  children: number[];
}

/**
 * A household in Baie-Comeau whose holder has a confirmed account linked to it, and a bearer token,
 * written straight to the database (no argon2 per family: a test makes a hundred of them).
 */
export async function linkedFamily(t: TestApp, childBirthDates: string[] = ['2018-05-01'], address: { city?: string } = {}): Promise<LinkedFamily> {
  const { household, persons } = await createHousehold(
    t.dataSource,
    [{ role: 'holder', birthDate: '1985-04-12' }, ...childBirthDates.map((birthDate) => ({ role: 'child' as const, birthDate }))],
    address,
  );
  const now = t.clock.now();
  const account = await t.dataSource.getRepository(Account).save({ email: uniqueEmail('famille'), firstName: 'Alex', lastName: 'Gagnon', passwordHash: 'x', locale: 'fr', emailVerifiedAt: now, dossierLinkedAt: now });
  await t.dataSource.getRepository(Person).update(persons[0]!.id, { accountId: account.id });
  const { accessToken } = await t.app.get(AuthService).login(account);
  return { accountId: account.id, token: accessToken, householdId: household.id, holderId: persons[0]!.id, children: persons.slice(1).map((p) => p.id) };
}

/** Several families, one after the other (SQLite takes one transaction at a time). */
export async function linkedFamilies(t: TestApp, count: number): Promise<LinkedFamily[]> {
  const families: LinkedFamily[] = [];
  for (let i = 0; i < count; i++) families.push(await linkedFamily(t));
  return families;
}

/** A new bearer token at the clock's time (after `t.clock.advance`), as a login gives. */
export async function relogin(t: TestApp, ...families: LinkedFamily[]): Promise<void> {
  for (const family of families) {
    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ id: family.accountId });
    family.token = (await t.app.get(AuthService).login(account)).accessToken;
  }
}

/** HTTP requests to /api/v1 as the family's account (its current token). */
export function asFamily(t: TestApp, family: LinkedFamily) {
  return {
    post: (path: string, body: unknown, headers: Record<string, string> = {}) => t.http().post(`/api/v1${path}`).set('Authorization', `Bearer ${family.token}`).set(headers).send(body as object),
    get: (path: string) => t.http().get(`/api/v1${path}`).set('Authorization', `Bearer ${family.token}`),
    delete: (path: string) => t.http().delete(`/api/v1${path}`).set('Authorization', `Bearer ${family.token}`),
  };
}

/**
 * A resident who signed up and confirmed (a real password, for the portal's sign-in), with a
 * household of `members` (the holder first) linked through the API as « Lier mon dossier » does.
 */
export async function linkedResident(t: TestApp, members: PersonSpec[]) {
  const resident = await confirmedResident(t);
  const { household, persons } = await createHousehold(t.dataSource, members);
  const holder = members[0]!;
  const login = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send(resident).expect(200);
  await t.http().post('/api/v1/me/dossier/link').set('Authorization', `Bearer ${login.body.accessToken}`).send({ dossierNumber: persons[0]!.dossierNumber, birthDate: holder.birthDate }).expect(200);
  return { ...resident, household, persons };
}
