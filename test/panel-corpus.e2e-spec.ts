import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isDeepStrictEqual } from 'node:util';
import { Account } from '../src/accounts/account.entity.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { CalendarEntry } from '../src/calendar/calendar-entry.entity.js';
import { canonicalEmail } from '../src/common/email-address.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { normalizeDossierNumber, normalizePhone, normalizePostalCode, parseBirthDate } from '../src/dossiers/dossier-rules.js';
import { Household } from '../src/dossiers/household.entity.js';
import { Membership } from '../src/dossiers/membership.entity.js';
import { HouseholdPhone } from '../src/dossiers/household-phone.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { ThreadMessage } from '../src/mailbox/thread-message.entity.js';
import { PrivacyIncident } from '../src/privacy/privacy-incident.entity.js';
import { RetentionSetting } from '../src/privacy/retention-setting.entity.js';
import { RegistrationPeriod } from '../src/registration-periods/registration-period.entity.js';
import { Staff } from '../src/staff/staff.entity.js';
import type { StaffRole } from '../src/staff/staff-user.js';
import { PASSWORD, rawRequest, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { asSentInUtf8, CRLF_PAYLOADS, LONG_PAYLOADS, NASTY_JSON_TEXTS, PROTOTYPE_KEYS, SCRIPT_PAYLOADS, SQL_PAYLOADS, UNICODE_PAYLOADS } from './support/nasty-strings.js';
import { loggedInResident } from './support/residents.js';
import { loginEveryRole, newStaff } from './support/staff.js';

/**
 * The panel's forms get the bad-input corpus through AdminJS's own API, as its pages post them
 * (multipart fields, the session cookie, the panel's Origin): every answer is a 200 of AdminJS,
 * never a 5xx; a refused value comes back as the form's error (on its field where the form has
 * fields); an accepted value is stored exactly, after the form's documented normalisation (trimmed,
 * runs of spaces collapsed on one-line fields, the postal code and phone in their one spelling).
 *
 * Text travels as UTF-8, where a lone surrogate cannot: the browser (and this test) sends U+FFFD
 * instead, and that is what must be stored.
 */

/** Past what MariaDB's TEXT holds (65 535 bytes): a note or a question must be refused, not crash the write. */
const OVER_TEXT = 'é'.repeat(40_000);

/** The corpus's text (scripts, SQL, line breaks, Unicode, long strings), for the free-text fields whose storage matters most. */
const TEXTS = [...new Set([...SCRIPT_PAYLOADS, ...SQL_PAYLOADS, ...CRLF_PAYLOADS, ...UNICODE_PAYLOADS, ...LONG_PAYLOADS, OVER_TEXT])];
/** One of each kind, for the other fields. */
const SAMPLE = ['', ' ', 'x'.repeat(5000), '\ud800', '😀'.repeat(60), 'é', 'x@exemple.ca\u0000', CRLF_PAYLOADS[4], '\u202Eabc', '👨‍👩‍👧‍👦', 'Z̷̢̛̖̗a̶̡̛͓l̴̨̛g̸̛̳o̵̢̜', '𝒜𝓁𝑒𝓍', SQL_PAYLOADS[0], SCRIPT_PAYLOADS[1], '%', OVER_TEXT];
const DATES = ['2015-06-01', '2015/06/02', '1899-12-31', '2020-02-30', '9999/99/99', '0000/01/01', ' 2016-01-01 ', '1985/04/12\u0000', '0', '-1', '1e308', '10000-01-01', '+275760-09-13', '2024-02-29T25:00', '', '\ud800', SCRIPT_PAYLOADS[1]];

/** What a date field stores: AdminJS reads it with `new Date(value)` before the form's rules see the day. */
const typedDate = (value: string) => {
  const date = new Date(value);
  return parseBirthDate(Number.isNaN(date.getTime()) ? value.trim().slice(0, 10) : date.toISOString().slice(0, 10));
};

/** What a one-line field stores: trimmed, runs of spaces (line breaks included) as one space. */
const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();

type Answer = { status: number; body: { notice?: { message: string; type: string }; record?: { errors?: Record<string, { message?: string; type?: string }>; params?: Record<string, unknown> } }; text: string };

interface FieldCase {
  /** Resource, action and field, as a failure names them. */
  what: string;
  values: readonly string[];
  /** Posts the form with this value; the answer. */
  send(value: string): Promise<Answer>;
  /** The field whose error a refusal must carry (none: a notice of the action is enough). */
  field?: string;
  /** What is stored after an accepted value: read from the database. */
  stored(): Promise<unknown>;
  /** What must be stored for an accepted value (as sent on the wire); undefined: no claim. */
  expected(value: string): unknown;
  /** Puts the record back in a state where the next value can be tried (a request back in review). */
  after?(accepted: boolean): Promise<void>;
}

describe('the panel’s forms get the bad-input corpus', () => {
  let t: TestApp;
  let cookies: Record<StaffRole, string>;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookies } = await loginEveryRole(t));
  });
  afterAll(async () => t?.close());

  /** POSTs a form as the panel's pages do: multipart fields, the panel's own Origin. */
  async function post(role: StaffRole, path: string, fields: Record<string, string>): Promise<Answer> {
    const req = t.http().post(`/admin/api/resources/${path}`).set('Cookie', cookies[role]).set('Origin', 'http://api.test');
    for (const [name, value] of Object.entries(fields)) req.field(name, value);
    return (await req) as unknown as Answer;
  }

  /** Every value of every case, the cases side by side (each on records of its own): what went wrong, one line each. */
  async function run(cases: FieldCase[]): Promise<string[]> {
    const failures: string[] = [];
    await Promise.all(cases.map(async (c) => {
      for (const value of c.values) {
        const sent = asSentInUtf8(value);
        const label = `${c.what} = ${JSON.stringify(value).slice(0, 50)}`;
        const res = await c.send(value);
        if (res.status !== 200) {
          failures.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
          await c.after?.(false);
          continue;
        }
        const errors = res.body.record?.errors ?? {};
        const refused = res.body.notice?.type === 'error' || Object.keys(errors).length > 0;
        if (refused) {
          if (res.body.notice?.type !== 'error') failures.push(`${label}: a field error without the form's notice`);
          if (c.field && !errors[c.field]?.message) failures.push(`${label}: refused without a message on ${c.field} (${JSON.stringify(errors).slice(0, 120)}, ${res.body.notice?.message})`);
        } else {
          const expected = c.expected(sent);
          const stored = await c.stored();
          if (expected !== undefined && !isDeepStrictEqual(stored, expected)) failures.push(`${label}: stored ${JSON.stringify(stored).slice(0, 80)}, expected ${JSON.stringify(expected).slice(0, 80)}`);
        }
        await c.after?.(!refused);
      }
    }));
    return failures;
  }

  /** A household of two adults (the holder, a spouse), with a home phone. */
  const family = () =>
    createHousehold(t.dataSource, [
      { firstName: 'Marie', lastName: 'Tremblay', birthDate: '1980-03-14', role: 'holder' },
      { firstName: 'Luc', lastName: 'Tremblay', birthDate: '1979-07-02', role: 'spouse' },
    ]);

  it('persons, households, registration periods, the calendar, staff and Law 25’s register and periods: refused on the field or stored as typed', async () => {
    const personCase = async (field: 'firstName' | 'lastName' | 'email' | 'phone' | 'dossierNumber' | 'birthDate', values: readonly string[], expected: (value: string) => unknown): Promise<FieldCase> => {
      // A spouse: any date of birth in the past keeps the household's holder an adult.
      const { id } = (await family()).persons[1];
      return {
        what: `persons edit ${field}`,
        values,
        field,
        send: (value) => post('clerk', `persons/records/${id}/edit`, { [field]: value }),
        stored: async () => (await t.dataSource.getRepository(Person).findOneByOrFail({ id }))[field],
        expected,
      };
    };
    const addressCase = async (field: 'civicNumber' | 'street' | 'apartment' | 'city' | 'postalCode', values: readonly string[], expected: (value: string) => unknown): Promise<FieldCase> => {
      const { id } = (await family()).household;
      return {
        what: `households edit ${field}`,
        values,
        field,
        send: (value) => post('clerk', `households/records/${id}/edit`, { [field]: value }),
        stored: async () => (await t.dataSource.getRepository(Household).findOneByOrFail({ id })).address[field],
        expected,
      };
    };
    const periods = t.dataSource.getRepository(RegistrationPeriod);
    const OPENS = new Date('2031-01-10T00:00:00Z');
    const periodCase = async (field: 'name' | 'opensAt', values: readonly string[], expected: (value: string) => unknown): Promise<FieldCase> => {
      const { id } = await periods.save({ name: 'Hiver', opensAt: OPENS, closesAt: new Date('2031-01-24T00:00:00Z') });
      return {
        what: `registration_periods edit ${field}`,
        values,
        field,
        send: (value) => post('administrator', `registration_periods/records/${id}/edit`, { [field]: value }),
        stored: async () => {
          const stored = (await periods.findOneByOrFail({ id }))[field];
          return stored instanceof Date ? stored.getTime() : stored;
        },
        expected,
        // Opening again before the closing, so that the next value is judged alone.
        after: async () => void (await periods.update(id, { opensAt: OPENS })),
      };
    };
    const calendar = t.dataSource.getRepository(CalendarEntry);
    const calendarCase = async (field: 'name' | 'date', values: readonly string[], expected: (value: string) => unknown): Promise<FieldCase> => {
      // A day of its own (one entry per day), far in the future: MariaDB keeps the entries of earlier runs.
      const day = () => `2${String(100 + Math.floor(Math.random() * 900))}-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 10)}`;
      const { id } = await calendar.save({ date: day(), name: 'Fermeture' });
      return {
        what: `calendar edit ${field}`,
        values,
        field,
        send: (value) => post('administrator', `calendar/records/${id}/edit`, { [field]: value }),
        stored: async () => (await calendar.findOneByOrFail({ id }))[field],
        expected,
        after: async () => void (field === 'date' && (await calendar.update(id, { date: day() }))),
      };
    };
    const staff = await newStaff(t, 'clerk');
    /** A creation form (AdminJS's `new`): the record it created, read back by the id of its answer. */
    const newCase = <T extends object>(resource: string, field: string, fields: () => Record<string, string>, entity: new () => T, read: (row: T) => unknown, expected: (value: string) => unknown): FieldCase => {
      let created: number | null = null;
      return {
        what: `${resource} new ${field}`,
        values: SAMPLE,
        field,
        send: async (value) => {
          const res = await post('administrator', `${resource}/actions/new`, { ...fields(), [field]: value });
          created = Number(res.body.record?.params?.id) || null;
          return res;
        },
        stored: async () => (created === null ? undefined : read(await t.dataSource.getRepository(entity).findOneByOrFail({ id: created } as never))),
        expected,
      };
    };
    const address = { civicNumber: '12', street: 'rue Mance', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' };
    const randomDay = () => `2${String(100 + Math.floor(Math.random() * 900))}-0${1 + Math.floor(Math.random() * 9)}-2${Math.floor(Math.random() * 8)}`;

    /** A complete incident of the register but for `field`, which the case sends. */
    const incident = (field: string): Record<string, string> => {
      const all: Record<string, string> = {
        occurredOn: '2026-01-05', discoveredOn: '2026-01-06', description: 'Courriel envoyé au mauvais destinataire', informationConcerned: 'Nom et adresse',
        personsConcerned: 'Parents', personsCount: '1', seriousRisk: 'false', riskAssessment: 'Destinataire joint, courriel supprimé', commissionNote: 'Non requis', personsNote: 'Avisée par téléphone', measures: 'Rappel aux préposés',
      };
      delete all[field];
      return all;
    };
    const tokens = await t.dataSource.getRepository(RetentionSetting).findOneByOrFail({ kind: 'expired_tokens' });

    const failures = await run([
      await personCase('lastName', TEXTS, oneLine),
      await personCase('firstName', SAMPLE, oneLine),
      await personCase('email', SAMPLE, (v) => (v.trim() ? canonicalEmail(v.trim()) : null)),
      await personCase('phone', SAMPLE, (v) => (v.trim() ? normalizePhone(v.trim()) : null)),
      await personCase('dossierNumber', SAMPLE, (v) => normalizeDossierNumber(v.trim())),
      await personCase('birthDate', DATES, typedDate),
      await addressCase('street', SAMPLE, oneLine),
      await addressCase('civicNumber', SAMPLE, oneLine),
      await addressCase('apartment', SAMPLE, (v) => oneLine(v) || null),
      await addressCase('city', SAMPLE, oneLine),
      await addressCase('postalCode', SAMPLE, (v) => normalizePostalCode(v)),
      await periodCase('name', SAMPLE, oneLine),
      await periodCase('opensAt', DATES, (v) => new Date(v).getTime()),
      await calendarCase('name', SAMPLE, oneLine),
      await calendarCase('date', DATES, typedDate),
      newCase('households', 'street', () => address, Household, (h) => h.address.street, oneLine),
      newCase('registration_periods', 'name', () => ({ opensAt: '2031-01-10T00:00:00.000Z', closesAt: '2031-01-24T00:00:00.000Z' }), RegistrationPeriod, (p) => p.name, oneLine),
      newCase('calendar', 'name', () => ({ date: randomDay() }), CalendarEntry, (c) => c.name, oneLine),
      newCase('staff', 'displayName', () => ({ email: uniqueEmail('corpus'), role: 'clerk', locale: 'fr', password: PASSWORD }), Staff, (m) => m.displayName, (v) => v.trim()),
      newCase('privacy_incidents', 'description', () => incident('description'), PrivacyIncident, (i) => i.description, (v) => v.trim()),
      newCase('privacy_incidents', 'personsCount', () => incident('personsCount'), PrivacyIncident, (i) => i.personsCount, (v) => Number(v.trim())),
      {
        what: 'retention_settings edit days',
        values: [...SAMPLE, '0', ' 30 ', '3650', '3651', '-1', '1e3', '0x10', '٣٠', '12.5'],
        field: 'days',
        send: (value) => post('administrator', `retention_settings/records/${tokens.id}/edit`, { days: value }),
        stored: async () => (await t.dataSource.getRepository(RetentionSetting).findOneByOrFail({ id: tokens.id })).days,
        expected: (v) => Number(v.trim()),
        after: async () => void (await t.dataSource.getRepository(RetentionSetting).update(tokens.id, { days: tokens.days })),
      },
      {
        what: 'staff edit displayName',
        values: SAMPLE,
        field: 'displayName',
        send: (value) => post('administrator', `staff/records/${staff.id}/edit`, { email: staff.email, displayName: value }),
        stored: async () => (await t.dataSource.getRepository(Staff).findOneByOrFail({ id: staff.id })).displayName,
        expected: (v) => v.trim(),
      },
    ]);
    expect(failures).toEqual([]);
  });

  it('the actions’ forms: a request’s question, answer and refusal; a thread’s reply and note; an unlinking’s reason; the families’ notes and phones', async () => {
    /** A request through the public API, taken by the clerk: in review. */
    const inReview = async () => {
      const lastName = `Corpus${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
      const body = {
        applicant: { firstName: 'Camille', lastName, birthDate: '1988-02-29' },
        address: { civicNumber: '12', street: 'rue Mance', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
        members: [],
        email: uniqueEmail('corpus'),
        phone: '418-296-8100',
        consent: true,
      };
      const res = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send(body).expect(201);
      const { id } = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference });
      expect((await post('clerk', `dossier_requests/records/${id}/take`, {})).body.notice?.type).toBe('success');
      return id;
    };
    const request = (id: number) => t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id });
    const lastNote = async (resource: string, recordId: number) =>
      (await t.dataSource.getRepository(AuditEntry).findOne({ where: { resource, recordId: String(recordId) }, order: { id: 'DESC' } }))?.note;
    const succeeded = (res: Answer) => expect(res.body.notice?.type).toBe('success');

    const resident = await loggedInResident(t);
    const thread = async () => (await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).send({ category: 'other', subject: 'Bonjour', body: 'Une question.' }).expect(201)).body.id as number;
    const lastMessage = async (threadId: number, visibility: 'public' | 'internal') => (await t.dataSource.getRepository(ThreadMessage).findOne({ where: { threadId, visibility }, order: { id: 'DESC' } }))?.body;
    // One after the other: SQLite has one connection, and the test's writes are not the app's (which take turns).
    const [asked, resumed, replied, noted] = [await inReview(), await inReview(), await thread(), await thread()];
    const [phones, notes, roles, members, unlinked] = [await family(), await family(), await family(), await family(), await family()];
    const homePhone = async (householdId: number) => (await t.dataSource.getRepository(HouseholdPhone).findOneBy({ householdId, kind: 'home' }))?.number ?? null;
    // Each note goes with a real change (the other number, the other relationship), so that its audit line is written.
    const otherNumber = async (householdId: number) => ((await homePhone(householdId)) === '418-555-0101' ? '418-555-0102' : '418-555-0101');
    const spouse = roles.persons[1];
    const otherRole = async () => ((await t.dataSource.getRepository(Membership).findOneByOrFail({ householdId: roles.household.id, personId: spouse.id })).role === 'spouse' ? 'adult' : 'spouse');
    // The reason of a form: trimmed, '' as nothing.
    const trimmed = (v: string) => v.trim() || null;
    // A resident's account linked to a holder: unlinked with a reason, then linked again for the next one.
    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email });
    const link = () => t.dataSource.getRepository(Person).update(unlinked.persons[0].id, { accountId: account.id });
    await link();

    const failures = await run([
      {
        what: 'dossier_requests askInfo question',
        values: SAMPLE,
        send: (value) => post('clerk', `dossier_requests/records/${asked}/askInfo`, { question: value }),
        stored: async () => (await request(asked)).infoQuestion,
        expected: (v) => v.trim(),
        // Back in review for the next question.
        after: async (accepted) => void (accepted && succeeded(await post('clerk', `dossier_requests/records/${asked}/resume`, { note: 'Réponse reçue par courriel' }))),
      },
      {
        what: 'dossier_requests resume note',
        values: SAMPLE,
        // In need of information first, so that each note is judged on its text alone.
        send: async (value) => {
          succeeded(await post('clerk', `dossier_requests/records/${resumed}/askInfo`, { question: 'Votre preuve de résidence ?' }));
          return post('clerk', `dossier_requests/records/${resumed}/resume`, { note: value });
        },
        stored: () => lastNote('dossier_requests', resumed),
        expected: (v) => v.trim(),
        after: async (accepted) => void (accepted || succeeded(await post('clerk', `dossier_requests/records/${resumed}/resume`, { note: 'ok' }))),
      },
      {
        what: 'threads reply body',
        values: TEXTS,
        send: (value) => post('clerk', `threads/records/${replied}/reply`, { body: value }),
        stored: () => lastMessage(replied, 'public'),
        expected: (v) => v,
      },
      {
        what: 'threads note body',
        values: SAMPLE,
        send: (value) => post('clerk', `threads/records/${noted}/note`, { body: value }),
        stored: () => lastMessage(noted, 'internal'),
        expected: (v) => v,
      },
      {
        what: 'accounts unlinkDossier note',
        values: SAMPLE,
        send: (value) => post('clerk', `accounts/records/${account.id}/unlinkDossier`, { note: value }),
        stored: () => lastNote('accounts', account.id),
        expected: (v) => v.trim(),
        after: async (accepted) => void (accepted && (await link())),
      },
      {
        what: 'households editPhones note',
        values: SAMPLE,
        send: async (value) => post('clerk', `households/records/${notes.household.id}/editPhones`, { homePhone: await otherNumber(notes.household.id), note: value }),
        stored: () => lastNote('households', notes.household.id),
        expected: trimmed,
      },
      {
        what: 'households editPhones homePhone',
        values: SAMPLE,
        field: 'homePhone',
        send: (value) => post('clerk', `households/records/${phones.household.id}/editPhones`, { homePhone: value }),
        stored: () => homePhone(phones.household.id),
        expected: (v) => (v.trim() ? normalizePhone(v) : null),
      },
      {
        what: 'households setMemberRole note',
        values: SAMPLE,
        send: async (value) => post('clerk', `households/records/${roles.household.id}/setMemberRole`, { personId: String(spouse.id), role: await otherRole(), dependent: 'false', note: value }),
        stored: () => lastNote('households', roles.household.id),
        expected: trimmed,
      },
      {
        what: 'households addMember lastName',
        values: SAMPLE,
        field: 'lastName',
        send: (value) => post('clerk', `households/records/${members.household.id}/addMember`, { mode: 'new', firstName: 'Zoé', lastName: value, birthDate: '2019-05-05', role: 'child', dependent: 'true' }),
        stored: async () => (await t.dataSource.getRepository(Membership).findOne({ where: { householdId: members.household.id }, relations: { person: true }, order: { id: 'DESC' } }))?.person.lastName,
        expected: oneLine,
      },
    ]);

    // Refusals: each its own request, as a refused request is final.
    const rejected = [];
    for (const details of [SCRIPT_PAYLOADS[0], CRLF_PAYLOADS[0], '\u202Eevil', 'x\u0000y', OVER_TEXT]) rejected.push({ details, id: await inReview() });
    await Promise.all(
      rejected.map(async ({ details, id }) => {
        const res = await post('clerk', `dossier_requests/records/${id}/reject`, { reason: 'not_resident', details });
        const label = `dossier_requests reject details = ${JSON.stringify(details).slice(0, 40)}`;
        if (res.status !== 200) failures.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
        else if (res.body.notice?.type === 'success' && (await request(id)).decisionNote !== details.trim()) failures.push(`${label}: not stored as typed`);
      }),
    );
    expect(failures).toEqual([]);
  });
  it('odd spellings, reserved names, unreadable bodies, a staff id that is no number, a form missing a field: a French 4xx or the form’s error, never a 5xx', async () => {
    const failures: string[] = [];
    /** A 4xx is a French problem (or a page); a 200 is AdminJS's own answer. */
    const judge = (label: string, res: { status: number; headers: Record<string, unknown>; text: string }) => {
      const type = String(res.headers['content-type']);
      if (res.status >= 500) failures.push(`${label}: ${res.status} ${res.text.slice(0, 160)}`);
      else if (res.status >= 400 && type.startsWith('application/problem+json') && !/"detail":"[^"]*[éèàç ]/.test(res.text)) failures.push(`${label}: not a French problem: ${res.text.slice(0, 160)}`);
      else if (res.status >= 400 && !type.startsWith('application/problem+json') && !type.startsWith('text/html')) failures.push(`${label}: ${res.status} ${type}`);
    };
    const raw = (method: string, path: string, headers: Record<string, string>, body: string) => rawRequest(t, method, path, headers, body);

    // The panel's address, in other capitals.
    for (const path of ['/ADMIN/login', '/Admin/Login', '/aDmIn/login', '/ADMIN', '/Admin/api/resources/persons/actions/list']) {
      judge(`GET ${path}`, await t.http().get(path).set('Cookie', cookies.clerk));
      judge(`POST ${path}`, await t.http().post(path).type('form').send({ email: 'x@exemple.ca', password: 'x' }));
    }

    // Reserved names: as a list's filter, as a query key, as a form's field (a record's edit, a creation).
    const { persons } = await family();
    for (const key of PROTOTYPE_KEYS) {
      for (const resource of ['persons', 'calendar', 'staff', 'threads']) {
        judge(`${resource} list filters.${key}`, await t.http().get(`/admin/api/resources/${resource}/actions/list?filters.${key}=x`).set('Cookie', cookies.administrator));
      }
      judge(`persons list ${key}=x`, await t.http().get(`/admin/api/resources/persons/actions/list?${key}=x&page=1`).set('Cookie', cookies.clerk));
      judge(`persons search ${key}`, await t.http().get(`/admin/api/resources/persons/actions/search/${key}`).set('Cookie', cookies.clerk));
      judge(`persons edit field ${key}`, (await post('clerk', `persons/records/${persons[1].id}/edit`, { [key]: 'x', lastName: 'Tremblay' })) as never);
      judge(`calendar new field ${key}`, (await post('administrator', 'calendar/actions/new', { [key]: 'x', name: 'Fermeture', date: '2099-12-24' })) as never);
      const json = await t.http().post(`/admin/api/resources/persons/records/${persons[1].id}/edit`).set('Cookie', cookies.clerk).set('Origin', 'http://api.test').set('Content-Type', 'application/json').send(`{"${key}":{"polluted":true},"lastName":"Tremblay"}`);
      judge(`persons edit JSON ${key}`, json);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    }

    // Bodies no parser can read, or that no panel form sends.
    const edit = `/admin/api/resources/persons/records/${persons[1].id}/edit`;
    const headers = { Cookie: cookies.clerk, Origin: 'http://api.test' };
    for (const text of NASTY_JSON_TEXTS) judge(`JSON ${JSON.stringify(text.slice(0, 30))}`, await raw('POST', edit, { ...headers, 'Content-Type': 'application/json' }, text));
    for (const type of ['text/plain', 'application/xml', 'application/octet-stream', 'image/png', 'multipart/mixed; boundary=x', 'multipart/form-data', 'application/x-www-form-urlencoded; charset=koi8-r', 'nonsense']) {
      judge(`Content-Type ${type}`, await raw('POST', edit, { ...headers, 'Content-Type': type }, 'lastName=Tremblay'));
    }
    const boundary = 'corpus-boundary';
    const part = (name: string, content: string, filename?: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n${content}\r\n`;
    const multipart = { ...headers, 'Content-Type': `multipart/form-data; boundary=${boundary}` };
    judge('a truncated multipart body', await raw('POST', edit, multipart, part('lastName', 'Tremblay')));
    judge('a multipart body cut in a part', await raw('POST', edit, multipart, part('lastName', 'Tremblay').slice(0, 40)));
    judge('a file over 1 MB', await raw('POST', edit, multipart, `${part('lastName', 'Tremblay')}${part('photo', 'x'.repeat(1_100_000), 'photo.jpg')}--${boundary}--\r\n`));
    judge('fields over 1 MB', await raw('POST', edit, multipart, `${part('lastName', 'x'.repeat(1_100_000))}--${boundary}--\r\n`));
    judge('a form over 1 MB', await raw('POST', edit, { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, `lastName=${'x'.repeat(1_100_000)}`));
    judge('JSON over 1 MB', await raw('POST', edit, { ...headers, 'Content-Type': 'application/json' }, `{"lastName":"${'x'.repeat(1_100_000)}"}`));

    // A staff member's id that is no number: the form's refusal.
    const resident = await loggedInResident(t);
    const thread = (await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${resident.accessToken}`).send({ category: 'other', subject: 'Bonjour', body: 'Une question.' }).expect(201)).body.id as number;
    for (const staffId of ['abc', '', '1e308', '-1', '0x10', '1.5', 'NaN']) {
      const res = await post('supervisor', `threads/records/${thread}/assign`, { staffId });
      judge(`threads assign staffId=${staffId}`, res as never);
      if (res.status === 200 && res.body.notice?.type !== 'error') failures.push(`threads assign staffId=${staffId}: ${JSON.stringify(res.body.notice)}`);
    }

    // An administrator's creation with a field missing: the form's error on it.
    const forms: Array<[string, Record<string, string>]> = [
      ['calendar', { name: 'Fermeture' }],
      ['calendar', { date: '2099-12-26' }],
      ['calendar', {}],
      ['registration_periods', { name: 'Été', opensAt: '2031-05-01T00:00:00.000Z' }],
      ['registration_periods', { name: 'Été', closesAt: '2031-05-20T00:00:00.000Z' }],
      ['registration_periods', { opensAt: '2031-05-01T00:00:00.000Z', closesAt: '2031-05-20T00:00:00.000Z' }],
      ['registration_periods', {}],
      ['households', { street: 'rue Mance' }],
      ['households', {}],
    ];
    for (const [resource, fields] of forms) {
      const res = await post('administrator', `${resource}/actions/new`, fields);
      judge(`${resource} new ${JSON.stringify(fields)}`, res as never);
      if (res.status === 200 && res.body.notice?.type !== 'error') failures.push(`${resource} new ${JSON.stringify(fields)}: accepted`);
    }
    expect(failures).toEqual([]);
  });

  it('the lists’ filters, sorts and pages, the search box and record ids: never a 5xx, whatever is typed', async () => {
    const filters: Record<string, string[]> = {
      dossier_requests: ['status', 'assignedTo', 'late', 'reference', 'email', 'createdAt~~from', 'createdAt~~to'],
      threads: ['status', 'reference', 'email', 'assignedToId', 'dueAt~~from', 'dueAt~~to'],
      households: ['member'],
      persons: ['dossierNumber', 'lastName', 'email', 'fullName'],
      accounts: ['email', 'dossierLinkedAt~~from', 'dossierLinkedAt~~to'],
      registration_periods: ['opensAt~~from', 'opensAt~~to'],
      calendar: ['date~~from', 'date~~to'],
      staff: ['email'],
      outbox: ['status'],
      audit_log: ['staffId', 'resource', 'recordId', 'occurredAt~~from', 'occurredAt~~to'],
    };
    // Escaped as a browser would; a lone surrogate as the bytes no URL can decode.
    const query = (value: string) => (/[\uD800-\uDFFF]/u.test(value) ? '%ED%A0%80' : encodeURIComponent(value));
    const values = ['', '%', 'x\u0000y', '😀'.repeat(60), "' OR 1=1 --", '%_', '\ud800', '10000-01-01', '-1', 'x'.repeat(3000), SCRIPT_PAYLOADS[1], 'all'];
    const failures: string[] = [];
    const check = async (url: string) => {
      const res = await t.http().get(`/admin/api/resources/${url}`).set('Cookie', cookies.administrator);
      if (res.status >= 500 || (res.status >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json'))) failures.push(`${url.slice(0, 120)}: ${res.status} ${res.text.slice(0, 160)}`);
    };
    await Promise.all(
      Object.entries(filters).map(async ([resource, fields]) => {
        for (const field of fields) for (const value of values) await check(`${resource}/actions/list?filters.${field}=${query(value)}`);
        for (const value of values) await check(`${resource}/actions/list?sortBy=${query(value)}&direction=${query(value)}&page=${query(value)}&perPage=${query(value)}`);
      }),
    );
    for (const value of values) await check(`persons/actions/search/${query(value) || '%20'}`);
    // Keys nested thousands of levels deep (AdminJS unflattens `a.b.c` keys), in a list's query and in a form.
    const deep = Array(3000).fill('a').join('.');
    await check(`persons/actions/list?filters.${deep}=1&${deep}=1`);
    const form = await post('administrator', `staff/actions/new`, { [deep]: 'x', [`${deep}.b`]: 'y', email: '', displayName: '' });
    if (form.status >= 500) failures.push(`staff new with a key ${deep.length} characters deep: ${form.status}`);
    // A record id no row has, or that no integer column holds.
    await Promise.all(
      Object.keys(filters).map(async (resource) => {
        for (const id of ['0', '-1', '1e308', '0x10', '9'.repeat(30), 'abc', '%25', '%ED%A0%80', '1%00']) for (const action of ['show', 'edit']) await check(`${resource}/records/${id}/${action}`);
      }),
    );
    expect(failures).toEqual([]);
  });
});
