import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { LIMITS } from '../src/security/throttle.service.js';
import { dateInZone } from '../src/common/clock.js';
import { inTransaction } from '../src/database/transaction.js';
import { Sequence } from '../src/database/sequence.entity.js';
import { DossierNumberService } from '../src/dossiers/dossier-number.service.js';
import { formatDossierNumber } from '../src/dossiers/dossier-rules.js';
import { Person } from '../src/dossiers/person.entity.js';
import { Account } from '../src/accounts/account.entity.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { birthDateForAge, createHousehold, uniqueDossierNumber } from './support/dossiers.js';
import { loggedInResident } from './support/residents.js';
import { loginAsStaff } from './support/staff.js';

describe('linking an account to its dossier (D4) and the household view (D5)', () => {
  let t: TestApp;
  let today: string;
  beforeAll(async () => {
    t = await startApp();
    today = dateInZone(new Date(), 'America/Toronto');
  });
  afterAll(() => t.close());

  const link = (token: string, body: object, ip = uniqueIp()) =>
    t.http().post('/api/v1/me/dossier/link').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', ip).send(body);

  async function family() {
    return createHousehold(t.dataSource, [
      { firstName: 'Julie', lastName: 'Bélanger', birthDate: '1985-04-12', role: 'holder' },
      { firstName: 'Marc', lastName: 'Bélanger', birthDate: '1983-09-30', role: 'spouse' },
      { firstName: 'Léa', lastName: 'Bélanger', birthDate: '2016-06-01', role: 'child' },
    ]);
  }

  it('links with the number and the date as AAAA/MM/JJ, then shows the household; onboarding is complete', async () => {
    const { persons, household } = await family();
    const resident = await loggedInResident(t);
    const before = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
    expect(before.body.onboarding).toBe('link_dossier');

    const res = await link(resident.accessToken, { dossierNumber: ` ${persons[0].dossierNumber.toLowerCase()} `, birthDate: '1985/04/12' });
    expect(res.status).toBe(200);
    expect(res.body.dossierNumber).toBe(persons[0].dossierNumber);
    expect(res.body.address).toEqual({ civicNumber: '1234', street: 'boulevard La Salle', apartment: null, city: 'Baie-Comeau', postalCode: 'G4Z 1A1' });
    expect(res.body.phones).toEqual([{ kind: 'home', number: '418-296-8100' }]);
    expect(res.body.members).toEqual([
      { id: persons[0].id, dossierNumber: persons[0].dossierNumber, firstName: 'Julie', lastName: 'Bélanger', birthDate: '1985-04-12', relationship: 'holder', dependent: false },
      { id: persons[1].id, dossierNumber: persons[1].dossierNumber, firstName: 'Marc', lastName: 'Bélanger', birthDate: '1983-09-30', relationship: 'spouse', dependent: false },
      { id: persons[2].id, dossierNumber: persons[2].dossierNumber, firstName: 'Léa', lastName: 'Bélanger', birthDate: '2016-06-01', relationship: 'child', dependent: true },
    ]);
    expect(res.body.households).toHaveLength(1);
    expect(res.body.households[0].id).toBe(household.id);

    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
    expect(me.body.onboarding).toBe('complete');
    const view = await t.http().get('/api/v1/me/household').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
    expect(view.body).toEqual(res.body);
    // Linking again the same person is harmless.
    await link(resident.accessToken, { dossierNumber: persons[0].dossierNumber, birthDate: '1985-04-12' }).expect(200);
  });

  it('answers « Ce champ est requis » per empty field and date_invalid for a bad date', async () => {
    const resident = await loggedInResident(t);
    const empty = await link(resident.accessToken, { dossierNumber: '', birthDate: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([
      { field: 'dossierNumber', code: 'required', message: 'Ce champ est requis' },
      { field: 'birthDate', code: 'required', message: 'Ce champ est requis' },
    ]);
    const bad = await link(resident.accessToken, { dossierNumber: '123', birthDate: '12/04/1985' });
    expect(bad.body.errors).toEqual([{ field: 'birthDate', code: 'date_invalid', message: expect.stringContaining('AAAA/MM/JJ') }]);
    const impossible = await link(resident.accessToken, { dossierNumber: '123', birthDate: '1985-02-30' });
    expect(impossible.body.errors[0].code).toBe('date_invalid');
  });

  it('gives the same 404 for a wrong number and for a wrong date', async () => {
    const { persons } = await family();
    const resident = await loggedInResident(t);
    const wrongNumber = await link(resident.accessToken, { dossierNumber: `${persons[0].dossierNumber}9`, birthDate: '1985-04-12' });
    const wrongDate = await link(resident.accessToken, { dossierNumber: persons[0].dossierNumber, birthDate: '1985-04-13' });
    expect(wrongNumber.status).toBe(404);
    expect(wrongNumber.body.code).toBe('dossier_not_found');
    expect(wrongDate.body).toEqual(wrongNumber.body);
  });

  it('refuses a holder under 18 on the day of linking (city time zone), accepts on the 18th birthday', async () => {
    const resident = await loggedInResident(t);
    const { persons: [almost] } = await createHousehold(t.dataSource, [{ birthDate: birthDateForAge(18, today, 1), role: 'holder' }]);
    const refused = await link(resident.accessToken, { dossierNumber: almost.dossierNumber, birthDate: almost.birthDate });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('holder_under_18');
    expect(refused.body.detail).toContain("Il ne faut pas créer un compte avec les informations d’un enfant");

    const { persons: [adult] } = await createHousehold(t.dataSource, [{ birthDate: birthDateForAge(18, today), role: 'holder' }]);
    await link(resident.accessToken, { dossierNumber: adult.dossierNumber, birthDate: adult.birthDate }).expect(200);
  });

  it('refuses a dossier linked to another account (409) and a second dossier for one account', async () => {
    const { persons } = await family();
    const first = await loggedInResident(t);
    const second = await loggedInResident(t);
    await link(first.accessToken, { dossierNumber: persons[0].dossierNumber, birthDate: '1985-04-12' }).expect(200);
    const taken = await link(second.accessToken, { dossierNumber: persons[0].dossierNumber, birthDate: '1985-04-12' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('dossier_already_linked');
    const another = await link(first.accessToken, { dossierNumber: persons[1].dossierNumber, birthDate: '1983-09-30' });
    expect(another.status).toBe(409);
    expect(another.body.code).toBe('account_already_linked');
  });

  it('lets exactly one of two accounts racing for one person win', async () => {
    const { persons } = await family();
    const a = await loggedInResident(t);
    const b = await loggedInResident(t);
    const body = { dossierNumber: persons[0].dossierNumber, birthDate: '1985-04-12' };
    const results = await Promise.all([link(a.accessToken, body), link(b.accessToken, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('blocks after 5 failed attempts per account in 24 h, even with the right answer', async () => {
    const { persons } = await family();
    const resident = await loggedInResident(t);
    for (let i = 0; i < 5; i++) {
      await link(resident.accessToken, { dossierNumber: `${persons[0].dossierNumber}${i}`, birthDate: '1985-04-12' }).expect(404);
    }
    const blocked = await link(resident.accessToken, { dossierNumber: persons[0].dossierNumber, birthDate: '1985-04-12' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(23 * 3600);
  });

  it('evaluates at most 5 of many parallel attempts (wrong ones and the right one); the rest get 429', async () => {
    const { persons } = await family();
    const resident = await loggedInResident(t);
    const { points } = LIMITS.dossierLinkFailuresPerAccount;
    const right = { dossierNumber: persons[0].dossierNumber, birthDate: '1985-04-12' };
    const attempts = Array.from({ length: 20 }, (_, i) => ({ dossierNumber: `${persons[0].dossierNumber}${i}`, birthDate: '1985-04-12' }));
    attempts.splice(10, 0, right);
    const results = await Promise.all(attempts.map((body) => link(resident.accessToken, body)));
    const count = (status: number) => results.filter((r) => r.status === status).length;
    expect(count(404) + count(200) + count(429)).toBe(results.length);
    expect(count(404)).toBeLessThanOrEqual(points);
    expect(count(200)).toBeLessThanOrEqual(1);
    // Exactly `points` attempts get in first; a right one among them gives its point back, which
    // one more wrong attempt may then take.
    expect(count(404) + count(200)).toBeGreaterThanOrEqual(points);
    for (const blocked of results.filter((r) => r.status === 429)) expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lets no right answer slip through once the limit is used up, even among parallel attempts', async () => {
    const { persons } = await family();
    const resident = await loggedInResident(t);
    const wrong = (i: number) => ({ dossierNumber: `${persons[0].dossierNumber}${i}`, birthDate: '1985-04-12' });
    const first = await Promise.all(Array.from({ length: LIMITS.dossierLinkFailuresPerAccount.points }, (_, i) => link(resident.accessToken, wrong(i))));
    expect(first.map((r) => r.status)).toEqual(first.map(() => 404));
    const right = { dossierNumber: persons[0].dossierNumber, birthDate: '1985-04-12' };
    const results = await Promise.all([...Array.from({ length: 10 }, (_, i) => wrong(10 + i)), right].map((body) => link(resident.accessToken, body)));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 429));
  });

  it('gives the point of a successful link back', async () => {
    const { persons } = await family();
    const resident = await loggedInResident(t);
    const wrong = (i: number) => ({ dossierNumber: `${persons[0].dossierNumber}${i}`, birthDate: '1985-04-12' });
    for (let i = 0; i < LIMITS.dossierLinkFailuresPerAccount.points - 1; i++) await link(resident.accessToken, wrong(i)).expect(404);
    await link(resident.accessToken, { dossierNumber: persons[0].dossierNumber, birthDate: '1985-04-12' }).expect(200);
    await link(resident.accessToken, wrong(9)).expect(404);
    expect((await link(resident.accessToken, wrong(10))).status).toBe(429);
  });

  it('limits failed attempts per IP across accounts', async () => {
    const ip = uniqueIp();
    for (let round = 0; round < LIMITS.dossierLinkFailuresPerIp.points / 5; round++) {
      const resident = await loggedInResident(t);
      for (let i = 0; i < 5; i++) await link(resident.accessToken, { dossierNumber: `NOPE${round}${i}`, birthDate: '1985-04-12' }, ip).expect(404);
    }
    const resident = await loggedInResident(t);
    expect((await link(resident.accessToken, { dossierNumber: 'NOPE', birthDate: '1985-04-12' }, ip)).status).toBe(429);
  });

  it('refuses a second account for a household whose member is linked (household_already_linked), in French and English', async () => {
    const { persons } = await family();
    const julie = await loggedInResident(t);
    const marc = await loggedInResident(t);
    await link(julie.accessToken, { dossierNumber: persons[0].dossierNumber, birthDate: '1985-04-12' }).expect(200);
    const refused = await link(marc.accessToken, { dossierNumber: persons[1].dossierNumber, birthDate: '1983-09-30' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('household_already_linked');
    expect(refused.body.detail).toContain('un seul compte par famille');
    const english = await link(marc.accessToken, { dossierNumber: persons[1].dossierNumber, birthDate: '1983-09-30' }).set('Accept-Language', 'en');
    expect(english.body.detail).toContain('one account per family');
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${marc.accessToken}`).expect(200);
    expect(me.body.onboarding).toBe('link_dossier');
  });

  it('lets only one of two spouses linking at once link their household', async () => {
    const { persons } = await family();
    const julie = await loggedInResident(t);
    const marc = await loggedInResident(t);
    const results = await Promise.all([
      link(julie.accessToken, { dossierNumber: persons[0].dossierNumber, birthDate: '1985-04-12' }),
      link(marc.accessToken, { dossierNumber: persons[1].dossierNumber, birthDate: '1983-09-30' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('household_already_linked');
  });

  it('lets a person listed in two households link while one of them has no account, not once both have one', async () => {
    const adultChild = { firstName: 'Emma', lastName: 'Roy', birthDate: '2000-05-05', role: 'adult' as const };
    const mother = await createHousehold(t.dataSource, [{ firstName: 'Sophie', lastName: 'Roy', birthDate: '1972-03-03', role: 'holder' }, adultChild]);
    const emma = mother.persons[1];
    const father = await createHousehold(t.dataSource, [
      { firstName: 'Patrick', lastName: 'Côté', birthDate: '1970-01-20', role: 'holder' },
      { ...adultChild, person: emma },
    ]);
    const sophie = await loggedInResident(t);
    await link(sophie.accessToken, { dossierNumber: mother.persons[0].dossierNumber, birthDate: '1972-03-03' }).expect(200);
    const patrick = await loggedInResident(t);
    await link(patrick.accessToken, { dossierNumber: father.persons[0].dossierNumber, birthDate: '1970-01-20' }).expect(200);
    const refused = await link((await loggedInResident(t)).accessToken, { dossierNumber: emma.dossierNumber, birthDate: '2000-05-05' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('household_already_linked');


    // Léo is listed alone in one household and beside Anne in another: Anne's account does not stop his.
    const alone = await createHousehold(t.dataSource, [{ firstName: 'Léo', lastName: 'Roy', birthDate: '1999-09-09', role: 'holder' }]);
    const leo = alone.persons[0];
    const withAnne = await createHousehold(t.dataSource, [
      { firstName: 'Anne', lastName: 'Roy', birthDate: '1975-01-01', role: 'holder' },
      { birthDate: leo.birthDate, role: 'adult', person: leo },
    ]);
    await link((await loggedInResident(t)).accessToken, { dossierNumber: withAnne.persons[0].dossierNumber, birthDate: '1975-01-01' }).expect(200);
    await link((await loggedInResident(t)).accessToken, { dossierNumber: leo.dossierNumber, birthDate: '1999-09-09' }).expect(200);
  });

  it('answers 409 dossier_not_linked on /me/household before linking, 401 without a token', async () => {
    const resident = await loggedInResident(t);
    const res = await t.http().get('/api/v1/me/household').set('Authorization', `Bearer ${resident.accessToken}`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('dossier_not_linked');
    await t.http().get('/api/v1/me/household').expect(401);
    await t.http().post('/api/v1/me/dossier/link').send({ dossierNumber: '1', birthDate: '1985-04-12' }).expect(401);
  });

  it('answers a linked person who belongs to no household with the same shape, empty: no address, no phones, no members', async () => {
    const person = await t.dataSource.getRepository(Person).save({ dossierNumber: uniqueDossierNumber(), firstName: 'Solo', lastName: 'Sansfamille', lastNameKey: 'sansfamille', birthDate: '1970-05-05' });
    const resident = await loggedInResident(t);
    const linked = await link(resident.accessToken, { dossierNumber: person.dossierNumber, birthDate: '1970-05-05' });
    expect(linked.status).toBe(200);
    expect(linked.body).toEqual({ dossierNumber: person.dossierNumber, id: null, address: null, phones: [], members: [], households: [] });
    const view = await t.http().get('/api/v1/me/household').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
    expect(view.body).toEqual(linked.body);
  });

  it('tells the household’s other addresses of a link (each once, not the linking account), audits it with the IP, and lists it for clerks (issue 15, finding 9)', async () => {
    // Marc is in Julie's household (linked by account A) and in his own with Sophie: account B may still link him.
    const { persons: [julie, marc] } = await createHousehold(t.dataSource, [
      { firstName: 'Julie', lastName: 'Bélanger', birthDate: '1985-04-12', role: 'holder' },
      { firstName: 'Marc', lastName: 'Bélanger', birthDate: '1983-09-30', role: 'spouse' },
    ]);
    const { persons: [, sophie] } = await createHousehold(t.dataSource, [{ person: marc, role: 'holder', birthDate: marc.birthDate }, { firstName: 'Sophie', lastName: 'Roy', birthDate: '1990-01-15', role: 'spouse' }]);
    const a = await loggedInResident(t);
    await link(a.accessToken, { dossierNumber: julie.dossierNumber, birthDate: '1985-04-12' }).expect(200);
    const b = await loggedInResident(t);
    const sophieEmail = uniqueEmail('membre');
    const persons = t.dataSource.getRepository(Person);
    // Julie's record carries A's address in capitals (one email for both), Marc's the linking account's own.
    await persons.update({ id: julie.id }, { email: a.email.toUpperCase() });
    await persons.update({ id: sophie.id }, { email: sophieEmail });
    await persons.update({ id: marc.id }, { email: b.email });
    const linkedMail = <M extends { subject: string }>(mails: M[]) => mails.filter((m) => m.subject.startsWith('Un compte a été lié à votre dossier'));
    expect(linkedMail(await t.mailbox.for(a.email))).toHaveLength(0);

    // A wrong date links nothing and tells nobody.
    await link(b.accessToken, { dossierNumber: marc.dossierNumber, birthDate: '1983-09-29' }).expect(404);
    expect(linkedMail(await t.mailbox.for(sophieEmail))).toHaveLength(0);

    const ip = uniqueIp();
    await link(b.accessToken, { dossierNumber: marc.dossierNumber, birthDate: '1983-09-30' }, ip).expect(200);
    const [toA] = linkedMail(await t.mailbox.for(a.email));
    expect(linkedMail(await t.mailbox.for(a.email))).toHaveLength(1);
    expect(toA.text).toContain('Camille Tremblay');
    expect(toA.text).toContain("Si ce n'est pas vous");
    expect(toA.text).toContain('boîte des inscriptions');
    const [toSophie] = linkedMail(await t.mailbox.for(sophieEmail));
    expect(toSophie.text).toMatch(/^Sophie,/);
    expect(linkedMail(await t.mailbox.for(b.email))).toHaveLength(0);

    const accountB = await t.dataSource.getRepository(Account).findOneByOrFail({ email: b.email });
    expect(accountB.dossierLinkedAt).not.toBeNull();
    const [line] = await t.dataSource.getRepository(AuditEntry).findBy({ resource: 'accounts', recordId: String(accountB.id), action: 'linkDossier' });
    expect(line).toMatchObject({ actorKind: 'resident', note: `Adresse IP : ${ip}`, changes: { dossierNumber: { before: null, after: marc.dossierNumber } } });

    // The panel's accounts, « Dossier lié le » from an hour ago: B (and A), not an account without a dossier.
    const unlinked = await loggedInResident(t);
    const { cookie } = await loginAsStaff(t, 'clerk');
    const since = new Date(t.clock.now().getTime() - 3_600_000).toISOString();
    const list = await t.http().get(`/admin/api/resources/accounts/actions/list?perPage=500&filters.dossierLinkedAt~~from=${encodeURIComponent(since)}`).set('Cookie', cookie).expect(200);
    const emails = list.body.records.map((r: { params: { email: string } }) => r.params.email);
    expect(emails).toEqual(expect.arrayContaining([a.email, b.email]));
    expect(emails).not.toContain(unlinked.email);
  });

  it("shows separated guardians the shared child and nothing of the other guardian's household", async () => {
    const mother = await createHousehold(t.dataSource, [
      { firstName: 'Sophie', lastName: 'Roy', birthDate: '1982-03-03', role: 'holder' },
      { firstName: 'Noah', lastName: 'Roy-Côté', birthDate: '2014-10-10', role: 'child' },
    ]);
    const child = mother.persons[1];
    const father = await createHousehold(
      t.dataSource,
      [
        { firstName: 'Patrick', lastName: 'Côté', birthDate: '1980-01-20', role: 'holder' },
        { firstName: 'Nathalie', lastName: 'Lévesque', birthDate: '1984-07-07', role: 'spouse' },
        { birthDate: child.birthDate, role: 'child', person: child },
      ],
      { civicNumber: '55', street: 'rue Secrète', postalCode: 'G5C 2B2' },
    );
    const sophie = await loggedInResident(t);
    const patrick = await loggedInResident(t);
    await link(sophie.accessToken, { dossierNumber: mother.persons[0].dossierNumber, birthDate: '1982-03-03' }).expect(200);
    await link(patrick.accessToken, { dossierNumber: father.persons[0].dossierNumber, birthDate: '1980-01-20' }).expect(200);

    const hers = await t.http().get('/api/v1/me/household').set('Authorization', `Bearer ${sophie.accessToken}`).expect(200);
    const his = await t.http().get('/api/v1/me/household').set('Authorization', `Bearer ${patrick.accessToken}`).expect(200);
    expect(hers.body.members.map((m: { firstName: string }) => m.firstName)).toEqual(['Sophie', 'Noah']);
    expect(his.body.members.map((m: { firstName: string }) => m.firstName)).toEqual(['Patrick', 'Nathalie', 'Noah']);
    const herText = JSON.stringify(hers.body);
    for (const secret of ['Patrick', 'Nathalie', 'Secrète', 'G5C 2B2', father.persons[0].dossierNumber]) {
      expect(herText).not.toContain(secret);
    }
    expect(hers.body.households.map((h: { id: number }) => h.id)).toEqual([mother.household.id]);
    expect(JSON.stringify(his.body)).not.toContain('Sophie');
  });

  it('allocates dossier numbers without duplicates under concurrency, always increasing', async () => {
    // All started before any is awaited: row locks on MariaDB; on SQLite's one connection the transactions take turns.
    const numbers = t.app.get(DossierNumberService);
    const allocated = await Promise.all(Array.from({ length: 30 }, () => inTransaction(t.dataSource, (manager) => numbers.allocate(manager))));
    expect(new Set(allocated).size).toBe(30);
    for (const number of allocated) expect(number).toMatch(/^\d{7,}$/);
    const after = await inTransaction(t.dataSource, (manager) => numbers.allocate(manager));
    expect(allocated).not.toContain(after);
    expect(Number(after.slice(0, -1))).toBeGreaterThan(Math.max(...allocated.map((n) => Number(n.slice(0, -1)))));
  });

  it('rolls an allocation back with its transaction, and skips a number someone already holds', async () => {
    const numbers = t.app.get(DossierNumberService);
    const persons = t.dataSource.getRepository(Person);
    const counter = async () => (await t.dataSource.getRepository(Sequence).findOneByOrFail({ name: 'dossier_number' })).value;
    const personWith = (manager: EntityManager, dossierNumber: string) =>
      manager.save(Person, { dossierNumber, firstName: 'Annulé', lastName: 'Retour', lastNameKey: 'retour', birthDate: '1990-01-01' });
    await inTransaction(t.dataSource, (manager) => numbers.allocate(manager));
    const before = await counter();

    let rolledBack = '';
    await expect(
      inTransaction(t.dataSource, async (manager) => {
        rolledBack = await numbers.allocate(manager);
        await personWith(manager, rolledBack);
        throw new Error('the approval fails after allocating');
      }),
    ).rejects.toThrow('the approval fails after allocating');
    expect(rolledBack).toBe(formatDossierNumber(before + 1));
    // Nobody holds the number and the counter went back with the transaction: no number is lost.
    expect(await persons.existsBy({ dossierNumber: rolledBack })).toBe(false);
    expect(await counter()).toBe(before);

    // The legacy import gives that number to someone: it is never handed out again.
    await personWith(t.dataSource.manager, rolledBack);
    const next = await inTransaction(t.dataSource, (manager) => numbers.allocate(manager));
    expect(next).toBe(formatDossierNumber(before + 2));
  });
});
