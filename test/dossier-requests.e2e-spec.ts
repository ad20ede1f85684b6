import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { EntityManager, In } from 'typeorm';
import { LIMITS } from '../src/security/throttle.service.js';
import type { Actor } from '../src/common/actor.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { DossierRequestsService, type DossierRequestForm } from '../src/dossier-requests/dossier-requests.service.js';
import { Household } from '../src/dossiers/household.entity.js';
import { Membership } from '../src/dossiers/membership.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { OutboxService } from '../src/notifications/outbox.service.js';
import { RegistrationPeriod } from '../src/registration-periods/registration-period.entity.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { loggedInResident } from './support/residents.js';

const HOUR = 3_600_000;
const CLERK: Actor = { kind: 'staff', staffId: 1, role: 'clerk' };

describe('dossier-number requests (D6) and registration periods', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  async function periodOpeningIn(hours: number, name = 'Hiver 2027') {
    const periods = t.dataSource.getRepository(RegistrationPeriod);
    // DELETE, not TRUNCATE (clear): TRUNCATE restarts the ids on MySQL/MariaDB, and a new period
    // would take the id of an earlier file's one, whose audit lines are still there.
    await periods.createQueryBuilder().delete().execute();
    const opensAt = new Date(Date.now() + hours * HOUR);
    return periods.save(periods.create({ name, opensAt, closesAt: new Date(opensAt.getTime() + 14 * 24 * HOUR) }));
  }

  function requestBody(overrides: Record<string, unknown> = {}) {
    return {
      applicant: { firstName: 'Camille', lastName: 'Tremblay', birthDate: '1988/02/29' },
      address: { civicNumber: '1234', street: 'boulevard La Salle', apartment: '3', city: 'Baie-Comeau', postalCode: 'g4z1a1' },
      members: [
        { firstName: 'Alex', lastName: 'Tremblay', birthDate: '1987-05-05', relationship: 'spouse' },
        { firstName: 'Zoé', lastName: 'Tremblay', birthDate: '2018-08-08', relationship: 'Enfant' },
      ],
      email: uniqueEmail('demande'),
      phone: '(418) 296-8100',
      consent: true,
      ...overrides,
    };
  }

  const submit = (body: object, token?: string, lang?: string) => {
    const req = t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp());
    if (token) req.set('Authorization', `Bearer ${token}`);
    if (lang) req.set('Accept-Language', lang);
    return req.send(body);
  };

  describe('GET /registration-periods', () => {
    it('lists upcoming periods with the request deadline 72 h before opening', async () => {
      const period = await periodOpeningIn(24 * 10);
      const res = await t.http().get('/api/v1/registration-periods').expect(200);
      expect(res.body).toHaveLength(1);
      expect(res.body[0]).toMatchObject({ id: period.id, name: 'Hiver 2027' });
      expect(Date.parse(res.body[0].opensAt)).toBe(period.opensAt.getTime());
      expect(Date.parse(res.body[0].opensAt) - Date.parse(res.body[0].requestDeadline)).toBe(72 * HOUR);
      expect(res.body[0].opensAt).toMatch(/T\d\d:\d\d:\d\d\.\d{3}-0[45]:00$/);
    });
  });

  describe('POST /dossier-requests', () => {
    beforeEach(async () => {
      await periodOpeningIn(24 * 10);
    });

    it('answers 201 with a reference, the next period and on-time, and sends an acknowledgement', async () => {
      const body = requestBody();
      const res = await submit(body);
      expect(res.status).toBe(201);
      expect(res.body.reference).toMatch(/^DR-\d{4}-\d{6}$/);
      expect(res.body).toMatchObject({ status: 'submitted', late: false, nextPeriod: { name: 'Hiver 2027' } });
      expect(res.body.message).toContain('Votre demande a été reçue à temps');
      const mail = await t.mailbox.last(body.email);
      expect(mail.subject).toContain(res.body.reference);
      expect(mail.text).toContain(res.body.reference);

      const stored = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
      expect(stored).toMatchObject({ phone: '418-296-8100', applicantBirthDate: '1988-02-29', accountId: null, consentVersion: expect.any(String) });
      expect(stored.address).toEqual({ civicNumber: '1234', street: 'boulevard La Salle', apartment: '3', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' });
      expect(stored.members).toHaveLength(2);
      expect(stored.consentedAt).toBeInstanceOf(Date);
    });

    it('is due 72 business hours after submission (D6, M2): Friday 15:00 → Wednesday 15:00', async () => {
      // A week in the past: the acknowledgement then goes out at the real time.
      t.clock.set('2026-11-20T20:00:00Z');
      try {
        const res = await submit(requestBody());
        expect(res.status).toBe(201);
        const stored = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
        expect(stored.dueAt?.toISOString()).toBe('2026-11-25T20:00:00.000Z');
      } finally {
        t.clock.reset();
      }
    });

    it('says when the request is late: less than 72 h before the period opens', async () => {
      await periodOpeningIn(48, 'Printemps 2027');
      const res = await submit(requestBody());
      expect(res.status).toBe(201);
      expect(res.body.late).toBe(true);
      expect(res.body.nextPeriod.name).toBe('Printemps 2027');
      expect(res.body.message).toContain('moins de 72 heures');
      const english = await submit(requestBody(), undefined, 'en');
      expect(english.body.message).toContain('less than 72 hours');
    });

    it('gives increasing references', async () => {
      const a = await submit(requestBody());
      const b = await submit(requestBody());
      expect(Number(b.body.reference.slice(-6))).toBeGreaterThan(Number(a.body.reference.slice(-6)));
    });

    it('gives every request of a burst its own reference, all started before any is answered', async () => {
      const responses = await Promise.all(Array.from({ length: 12 }, () => submit(requestBody())));
      expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
      const references = responses.map((r) => r.body.reference);
      expect(new Set(references).size).toBe(12);
      expect(await t.dataSource.getRepository(DossierRequest).countBy({ reference: In(references) })).toBe(12);
    });

    it('validates every field, nested ones included, in French', async () => {
      const res = await submit({ applicant: { firstName: '' }, address: { postalCode: 'ABC' }, members: [{ firstName: 'Z', lastName: 'Z', birthDate: '2030-01-01', relationship: 'cousin' }], email: 'x', phone: '123', consent: false });
      expect(res.status).toBe(400);
      const codes = Object.fromEntries(res.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]));
      expect(codes).toMatchObject({
        'applicant.firstName': 'required',
        'applicant.lastName': 'required',
        'applicant.birthDate': 'required',
        'address.civicNumber': 'required',
        'address.postalCode': 'postal_code_invalid',
        'members.0.birthDate': 'date_in_future',
        'members.0.relationship': 'relationship_invalid',
        email: 'email_invalid',
        phone: 'phone_invalid',
        consent: 'consent_required',
      });
      const empty = await submit({});
      expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['applicant', 'address', 'email', 'phone', 'consent']));
    });

    it('serves the Law 25 collection notice whose version the consent records', async () => {
      const fr = await t.http().get('/api/v1/dossier-requests/collection-notice').expect(200);
      expect(fr.body.text).toContain('renseignements personnels');
      const en = await t.http().get('/api/v1/dossier-requests/collection-notice').set('Accept-Language', 'en').expect(200);
      expect(en.body.text).toContain('personal information');
      const res = await submit(requestBody()).expect(201);
      const stored = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
      expect(stored.consentVersion).toBe(fr.body.version);
    });

    it('refuses an applicant under 18', async () => {
      const res = await submit(requestBody({ applicant: { firstName: 'Léo', lastName: 'Tremblay', birthDate: '2012-01-01' } }));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'applicant.birthDate', code: 'holder_under_18', message: 'Le demandeur doit avoir 18 ans ou plus' }]);
    });

    it('stores possible duplicates for the clerk', async () => {
      const { persons } = await createHousehold(t.dataSource, [{ firstName: 'Camille', lastName: 'Trémblay', birthDate: '1988-02-29', role: 'holder' }]);
      const res = await submit(requestBody()).expect(201);
      const stored = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
      expect(stored.possibleDuplicates).toEqual(
        expect.arrayContaining([{ personId: persons[0].id, dossierNumber: persons[0].dossierNumber, matches: 'applicant', reason: 'name_and_birth_date' }]),
      );
    });

    it('records every request but acknowledges at most 5 per address per hour, as sign-up does', async () => {
      const stranger = uniqueEmail('inconnu');
      const ip = uniqueIp();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', ip).send(requestBody({ email: stranger }))),
      );
      expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
      expect(await t.dataSource.getRepository(DossierRequest).countBy({ email: stranger })).toBe(8);
      expect(await t.mailbox.for(stranger)).toHaveLength(LIMITS.emailsPerAddress.points);
    });

    it('limits requests per IP, also when they arrive at once', async () => {
      const ip = uniqueIp();
      const { points } = LIMITS.dossierRequestsPerIp;
      const results = await Promise.all(
        Array.from({ length: points + 3 }, () => t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', ip).send(requestBody())),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(points);
      const blocked = results.filter((r) => r.status === 429);
      expect(blocked).toHaveLength(3);
      expect(Number(blocked[0].headers['retry-after'])).toBeGreaterThan(0);
    });

    it('links the request to the account when one is logged in, and lists only its own', async () => {
      const resident = await loggedInResident(t);
      const other = await loggedInResident(t);
      const res = await submit(requestBody(), resident.accessToken).expect(201);
      await submit(requestBody(), other.accessToken).expect(201);
      const mine = await t.http().get('/api/v1/me/dossier-requests').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
      expect(mine.body).toHaveLength(1);
      expect(mine.body[0]).toMatchObject({ reference: res.body.reference, status: 'submitted', late: false });
      expect(mine.body[0].persons.map((p: { firstName: string }) => p.firstName)).toEqual(['Camille', 'Alex', 'Zoé']);
      await t.http().get('/api/v1/me/dossier-requests').expect(401);
      await submit(requestBody(), 'not-a-token').expect(401);
    });
  });

  describe('lifecycle and approval', () => {
    it('approves: a household, new dossier numbers by email, then the applicant can link', async () => {
      await periodOpeningIn(24 * 10);
      const resident = await loggedInResident(t);
      const body = requestBody({ email: resident.email });
      const res = await submit(body, resident.accessToken).expect(201);
      const service = t.app.get(DossierRequestsService);
      const request = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });

      await expect(service.approve({ requestId: request.id }, CLERK)).rejects.toMatchObject({ code: 'transition_not_allowed' });
      await service.moveTo({ requestId: request.id, to: 'in_review' }, CLERK);
      const result = await service.approve({ requestId: request.id }, CLERK);
      expect(result.persons.map((p) => p.role)).toEqual(['holder', 'spouse', 'child']);
      expect(new Set(result.persons.map((p) => p.dossierNumber)).size).toBe(3);

      const members = await t.dataSource.getRepository(Membership).find({ where: { householdId: result.householdId }, relations: { person: true } });
      expect(members).toHaveLength(3);
      expect(members.find((m) => m.role === 'child')?.dependent).toBe(true);
      expect(await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id: request.id })).toMatchObject({ status: 'approved', householdId: result.householdId });

      const mail = await t.mailbox.last(resident.email);
      expect(mail.subject).toContain('Vos numéros de dossier');
      for (const p of result.persons) expect(mail.text).toContain(p.dossierNumber);

      // Steps 6–8: the applicant links with the number they received and sees the family.
      const holder = result.persons[0];
      const linked = await t
        .http()
        .post('/api/v1/me/dossier/link')
        .set('Authorization', `Bearer ${resident.accessToken}`)
        .send({ dossierNumber: holder.dossierNumber, birthDate: '1988/02/29' })
        .expect(200);
      expect(linked.body.members.map((m: { firstName: string }) => m.firstName)).toEqual(['Camille', 'Alex', 'Zoé']);
      expect(linked.body.address.postalCode).toBe('G4Z 1A1');
      const mine = await t.http().get('/api/v1/me/dossier-requests').set('Authorization', `Bearer ${resident.accessToken}`).expect(200);
      expect(mine.body[0].status).toBe('approved');

      await expect(service.approve({ requestId: request.id }, CLERK)).rejects.toMatchObject({ code: 'transition_not_allowed' });
      expect(await t.dataSource.getRepository(Person).countBy({ lastName: 'Tremblay', birthDate: '2018-08-08', firstName: 'Zoé', id: result.persons[2].personId })).toBe(1);
    });

    async function submittedRequest(overrides: Record<string, unknown> = {}): Promise<DossierRequest> {
      await periodOpeningIn(24 * 10);
      const res = await submit(requestBody(overrides)).expect(201);
      return t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
    }

    const statusOf = async (id: number) => (await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id })).status;

    it('leaves nothing of an approval whose transaction fails at its last step', async () => {
      const service = t.app.get(DossierRequestsService);
      const request = await submittedRequest({ applicant: { firstName: 'Rollande', lastName: 'Annulée', birthDate: '1979-03-03' }, members: [] });
      await service.moveTo({ requestId: request.id, to: 'in_review' }, CLERK);
      const households = await t.dataSource.getRepository(Household).count();
      const enqueue = jest.spyOn(t.app.get(OutboxService), 'enqueue').mockRejectedValueOnce(new Error('the outbox fails'));
      try {
        await expect(service.approve({ requestId: request.id }, CLERK)).rejects.toThrow('the outbox fails');
      } finally {
        enqueue.mockRestore();
      }
      expect(await t.dataSource.getRepository(Person).countBy({ firstName: 'Rollande', lastName: 'Annulée' })).toBe(0);
      expect(await t.dataSource.getRepository(Household).count()).toBe(households);
      expect(await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id: request.id })).toMatchObject({ status: 'in_review', householdId: null, decidedAt: null });
      // Nothing half-done stands in the way: the same approval then goes through.
      const result = await service.approve({ requestId: request.id }, CLERK);
      expect(await t.dataSource.getRepository(Person).countBy({ firstName: 'Rollande', lastName: 'Annulée' })).toBe(1);
      expect(result.persons).toHaveLength(1);
    });

    it('approves into an existing household: the applicant joins it as an adult, its address and phones unchanged', async () => {
      const service = t.app.get(DossierRequestsService);
      const { household, persons } = await createHousehold(t.dataSource, [{ firstName: 'Hugo', lastName: 'Fortin', birthDate: '1975-01-01', role: 'holder' }], { civicNumber: '77', street: 'rue Principale' });
      const request = await submittedRequest({ applicant: { firstName: 'Maude', lastName: 'Fortin', birthDate: '1977-07-07' }, members: [{ firstName: 'Éli', lastName: 'Fortin', birthDate: '2019-09-09', relationship: 'child' }] });
      await service.moveTo({ requestId: request.id, to: 'in_review' }, CLERK);
      const result = await service.approve({ requestId: request.id, intoHouseholdId: household.id, note: 'Même adresse' }, CLERK);
      expect(result.householdId).toBe(household.id);
      expect(result.persons.map((p) => [p.firstName, p.role])).toEqual([['Maude', 'adult'], ['Éli', 'child']]);
      const members = await t.dataSource.getRepository(Membership).find({ where: { householdId: household.id }, relations: { person: true }, order: { id: 'ASC' } });
      expect(members.map((m) => [m.person.firstName, m.role, Boolean(m.dependent)])).toEqual([['Hugo', 'holder', false], ['Maude', 'adult', false], ['Éli', 'child', true]]);
      expect(members[0].person.dossierNumber).toBe(persons[0].dossierNumber);
      const stored = await t.dataSource.getRepository(Household).findOneOrFail({ where: { id: household.id }, relations: { phones: true } });
      expect(stored.address).toMatchObject({ civicNumber: '77', street: 'rue Principale', postalCode: 'G4Z 1A1' });
      expect(stored.phones.map((p) => p.number)).toEqual(['418-296-8100']);
      expect(await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id: request.id })).toMatchObject({ status: 'approved', householdId: household.id, decisionNote: 'Même adresse' });
    });

    it('refuses an approval into a household that does not exist, and changes nothing', async () => {
      const service = t.app.get(DossierRequestsService);
      const request = await submittedRequest({ applicant: { firstName: 'Nadia', lastName: 'Sansfoyer', birthDate: '1981-01-01' }, members: [] });
      await service.moveTo({ requestId: request.id, to: 'in_review' }, CLERK);
      await expect(service.approve({ requestId: request.id, intoHouseholdId: 999_999_999 }, CLERK)).rejects.toMatchObject({ code: 'household_not_found' });
      expect(await statusOf(request.id)).toBe('in_review');
      expect(await t.dataSource.getRepository(Person).countBy({ lastName: 'Sansfoyer' })).toBe(0);
    });

    it('refuses moveTo(approved): approval creates the dossiers, through approve() only', async () => {
      const service = t.app.get(DossierRequestsService);
      const request = await submittedRequest();
      await service.moveTo({ requestId: request.id, to: 'in_review' }, CLERK);
      await expect(service.moveTo({ requestId: request.id, to: 'approved' }, CLERK)).rejects.toMatchObject({ code: 'transition_not_allowed', status: 409 });
      expect(await statusOf(request.id)).toBe('in_review');
    });

    it('lets exactly one of several clerks moving one request at once succeed', async () => {
      const service = t.app.get(DossierRequestsService);
      const request = await submittedRequest();
      const moves = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => service.moveTo({ requestId: request.id, to: 'in_review', note: `clerk ${i}` }, CLERK)));
      expect(moves.filter((m) => m.status === 'fulfilled')).toHaveLength(1);
      for (const move of moves.filter((m) => m.status === 'rejected')) expect(move.reason).toMatchObject({ code: 'transition_not_allowed' });
      expect(await statusOf(request.id)).toBe('in_review');

      const approvals = await Promise.allSettled(Array.from({ length: 3 }, () => service.approve({ requestId: request.id }, CLERK)));
      expect(approvals.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      expect(await t.dataSource.getRepository(Membership).countBy({ householdId: (await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id: request.id })).householdId! })).toBe(3);
    });

    it('refuses a move whose request changed between its read and its write (another clerk was faster)', async () => {
      const service = t.app.get(DossierRequestsService);
      const request = await submittedRequest();
      // What the slower clerk's transaction read before the faster one committed: still `submitted`.
      const stale = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id: request.id });
      await service.moveTo({ requestId: request.id, to: 'rejected', note: 'Doublon' }, CLERK);
      const read = jest.spyOn(EntityManager.prototype, 'findOneBy');
      read.mockResolvedValueOnce(stale);
      try {
        await expect(service.moveTo({ requestId: request.id, to: 'in_review' }, CLERK)).rejects.toMatchObject({ code: 'transition_not_allowed' });
      } finally {
        read.mockRestore();
      }
      expect(await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id: request.id })).toMatchObject({ status: 'rejected', decisionNote: 'Doublon' });
    });

    it('takes a plain form from any caller and checks it itself; the log names the actor, nothing personal', async () => {
      await periodOpeningIn(24 * 10);
      const service = t.app.get(DossierRequestsService);
      const form: DossierRequestForm = {
        applicant: { firstName: 'Guichet', lastName: 'Comptoir', birthDate: '1980/01/01' },
        address: { civicNumber: '12', street: 'rue Mance', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
        members: [{ firstName: 'Petit', lastName: 'Comptoir', birthDate: '2020-02-02', relationship: 'child' }],
        email: uniqueEmail('comptoir'),
        phone: '418 296-8100',
      };
      await expect(service.submit({ ...form, phone: '123' }, CLERK, 'fr')).rejects.toMatchObject({ status: 400, extra: { errors: [{ field: 'phone', code: 'phone_invalid' }] } });
      await expect(service.submit({ ...form, applicant: { ...form.applicant, birthDate: '01/01/1980' } }, CLERK, 'fr')).rejects.toMatchObject({ extra: { errors: [{ field: 'applicant.birthDate', code: 'date_invalid' }] } });
      // The one person and address checker (person-check.ts), as the API's DTO and the panel check them.
      await expect(
        service.submit({ ...form, members: [{ ...form.members![0], firstName: 'P3tit' }], address: { ...form.address, postalCode: 'G4Z' }, email: 'comptoir@' }, CLERK, 'fr'),
      ).rejects.toMatchObject({
        extra: {
          errors: [
            { field: 'members.0.firstName', code: 'name_invalid' },
            { field: 'address.postalCode', code: 'postal_code_invalid' },
            { field: 'email', code: 'email_invalid' },
          ],
        },
      });
      expect(await t.dataSource.getRepository(DossierRequest).countBy({ applicantLastName: 'Comptoir' })).toBe(0);

      const created = await service.submit(form, CLERK, 'fr');
      const stored = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: created.reference });
      expect(stored).toMatchObject({ accountId: null, applicantBirthDate: '1980-01-01' });
      await service.moveTo({ requestId: stored.id, to: 'in_review' }, CLERK);
      const lines = t.logs.filter((line) => line.includes(created.reference));
      expect(lines.map((line) => JSON.parse(line).actor)).toEqual(['staff:1', 'staff:1']);
      expect(lines.join('')).not.toContain('Comptoir');
    });

    it('rejects and refuses moves the lifecycle does not allow', async () => {
      await periodOpeningIn(24 * 10);
      const res = await submit(requestBody()).expect(201);
      const service = t.app.get(DossierRequestsService);
      const request = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
      await expect(service.moveTo({ requestId: request.id, to: 'needs_info' }, CLERK)).rejects.toMatchObject({ code: 'transition_not_allowed' });
      await service.moveTo({ requestId: request.id, to: 'in_review' }, CLERK);
      await service.moveTo({ requestId: request.id, to: 'needs_info', note: 'Preuve de résidence manquante' }, CLERK);
      const rejected = await service.moveTo({ requestId: request.id, to: 'rejected', note: 'Hors territoire' }, CLERK);
      expect(rejected).toMatchObject({ status: 'rejected', decisionNote: 'Hors territoire' });
      await expect(service.moveTo({ requestId: request.id, to: 'in_review' }, CLERK)).rejects.toMatchObject({ code: 'transition_not_allowed' });
      await expect(service.moveTo({ requestId: 999_999, to: 'in_review' }, CLERK)).rejects.toMatchObject({ code: 'request_not_found' });
    });
  });
});
