import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomInt } from 'node:crypto';
import { Account } from '../src/accounts/account.entity.js';
import { withActions } from '../src/admin/locale/actions.js';
import { fr } from '../src/admin/locale/fr.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { DomainError } from '../src/common/domain-error.js';
import { ReplyTemplate } from '../src/desk/reply-template.entity.js';
import { ReplyTemplates } from '../src/desk/reply-templates.service.js';
import type { ResidentContext } from '../src/desk/resident-context.service.js';
import type { SearchResults } from '../src/desk/desk-search.service.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { HouseholdPhone } from '../src/dossiers/household-phone.entity.js';
import { dueWords } from '../src/mailbox/thread-rules.js';
import { Thread } from '../src/mailbox/thread.entity.js';
import type { StaffRole } from '../src/staff/staff-user.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { birthDateForAge, createHousehold } from './support/dossiers.js';
import { loggedInResident } from './support/residents.js';
import { loginEveryRole } from './support/staff.js';

const FR = withActions(fr, 'fr') as { messages: Record<string, string> };

/** A family name no other test uses (MariaDB keeps rows between files), with accents: « Bérubé-qzxk ». */
const uniqueName = () => `Bérubé-${Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(26))).join('')}`;
/** A phone number no other test uses. */
const uniquePhone = () => `418-${randomInt(200, 999)}-${String(randomInt(10_000)).padStart(4, '0')}`;

/** The clerk's desk (issue 18): the resident beside a thread or a request, reply templates, the panel's search box. */
describe('the clerk’s desk in the panel', () => {
  let t: TestApp;
  let cookies: Record<StaffRole, string>;
  let staffIds: Record<StaffRole, number>;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookies, staffIds } = await loginEveryRole(t));
  });
  afterAll(async () => t?.close());

  const get = (role: StaffRole, path: string) => t.http().get(`/admin/api${path}`).set('Cookie', cookies[role]);
  const post = (role: StaffRole, path: string, fields: Record<string, string> = {}) => {
    const req = t.http().post(`/admin/api${path}`).set('Cookie', cookies[role]);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req;
  };
  const notice = (res: { body: { notice?: { message: string; type: string } } }) => ({ type: res.body.notice?.type, text: FR.messages[res.body.notice?.message ?? ''] ?? res.body.notice?.message });
  const search = async (text: string, role: StaffRole = 'clerk'): Promise<SearchResults> => (await get(role, `/pages/recherche?q=${encodeURIComponent(text)}`).expect(200)).body.results;

  /** A family of three (the resident holder, a spouse, a child of 7), with its own name and phone; the resident linked to it, who wrote twice. */
  async function linkedFamily() {
    const lastName = uniqueName();
    const phone = uniquePhone();
    const today = t.clock.today();
    const { household, persons } = await createHousehold(t.dataSource, [
      { firstName: 'Éloïse', lastName, birthDate: '1984-03-14', role: 'holder' },
      { firstName: 'Marc', lastName, birthDate: '1982-07-02', role: 'spouse' },
      { firstName: 'Léo', lastName, birthDate: birthDateForAge(7, today, -3), role: 'child' },
    ]);
    await t.dataSource.getRepository(HouseholdPhone).update({ householdId: household.id }, { number: phone, kind: 'mobile' });
    const resident = await loggedInResident(t);
    const auth = `Bearer ${resident.accessToken}`;
    await t.http().post('/api/v1/me/dossier/link').set('Authorization', auth).set('X-Forwarded-For', uniqueIp()).send({ dossierNumber: persons[0].dossierNumber, birthDate: '1984-03-14' }).expect(200);
    const write = async (subject: string) => {
      const res = await t.http().post('/api/v1/me/messages').set('Authorization', auth).send({ category: 'address_change', subject, body: 'Nous avons déménagé.' }).expect(201);
      return { id: res.body.id as number, reference: res.body.reference as string };
    };
    const earlier = await write('Première question');
    const thread = await write('Nouvelle adresse');
    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email });
    return { lastName, phone, household, persons, resident, account, earlier, thread };
  }

  describe('the resident’s context', () => {
    it('shows beside a thread the resident, their family with ages and accounts, and their earlier threads, to every role; each view is one consultation of the family', async () => {
      const family = await linkedFamily();
      for (const role of ['clerk', 'supervisor', 'administrator'] as const) {
        const res = await get(role, `/resources/threads/records/${family.thread.id}/context`).expect(200);
        const context = res.body.context as ResidentContext;
        expect(context.match).toBe('account');
        expect(context.resident).toMatchObject({ name: `Éloïse ${family.lastName}`, personId: family.persons[0].id, dossierNumber: family.persons[0].dossierNumber, email: family.resident.email });
        expect(context.households).toHaveLength(1);
        expect(context.households[0]).toMatchObject({ id: family.household.id, address: '1234, boulevard La Salle, Baie-Comeau G4Z 1A1', phones: [{ number: family.phone, kind: 'mobile' }] });
        expect(context.households[0].members.map((m) => [m.name, m.role, m.dependent, m.age])).toEqual([
          [`Éloïse ${family.lastName}`, 'holder', false, expect.any(Number)],
          [`Marc ${family.lastName}`, 'spouse', false, expect.any(Number)],
          [`Léo ${family.lastName}`, 'child', true, 7],
        ]);
        expect(context.households[0].members[0]).toMatchObject({ accountId: family.account.id, accountEmail: family.resident.email });
        expect(context.accounts).toEqual([{ id: family.account.id, email: family.resident.email }]);
        // Earlier threads, not this one.
        expect(context.threads.map((th) => th.reference)).toEqual([family.earlier.reference]);
        expect(res.body.timeZone).toBe('America/Toronto');
      }
      const lines = await t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'households', recordId: String(family.household.id) }, order: { id: 'ASC' } });
      expect(lines.map((l) => [l.action, l.staffId])).toEqual([['view', staffIds.clerk], ['view', staffIds.supervisor], ['view', staffIds.administrator]]);
    });

    it('shows beside a request the family of the person the applicant resembles, and the applicant’s earlier requests', async () => {
      const family = await linkedFamily();
      const email = uniqueEmail('demande');
      const form = (firstName: string) => ({
        applicant: { firstName, lastName: family.lastName, birthDate: '1984-03-14' },
        address: { civicNumber: '1234', street: 'boulevard La Salle', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
        members: [],
        email,
        phone: '418 296-8100',
        consent: true,
      });
      const first = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send(form('Éloïse')).expect(201);
      const second = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send(form('Éloïse')).expect(201);
      const { id } = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: second.body.reference });
      const res = await get('supervisor', `/resources/dossier_requests/records/${id}/context`).expect(200);
      const context = res.body.context as ResidentContext;
      expect(context.match).toBe('duplicate');
      expect(context.resident).toMatchObject({ name: `Éloïse ${family.lastName}`, personId: family.persons[0].id, email });
      expect(context.households.map((h) => h.id)).toEqual([family.household.id]);
      expect(context.requests.map((r) => [r.reference, r.status])).toEqual([[first.body.reference, 'submitted']]);
      // A staff member without a session, or a forged action name, gets nothing.
      await t.http().get(`/admin/api/resources/dossier_requests/records/${id}/context`).expect((r) => expect([302, 401, 403]).toContain(r.status));
    });
  });

  describe('reply templates', () => {
    it('are written by administrators only, through the one service', async () => {
      const title = `Modèle ${uniqueName()}`;
      await post('clerk', '/resources/reply_templates/actions/new', { title, bodyFr: 'Bonjour {prénom}' }).expect(403);
      await post('supervisor', '/resources/reply_templates/actions/new', { title, bodyFr: 'Bonjour {prénom}' }).expect(403);
      const created = await post('administrator', '/resources/reply_templates/actions/new', { title, category: 'correction', bodyFr: 'Bonjour {prénom},\nC’est corrigé.' }).expect(200);
      const id = Number(created.body.record.params.id);
      expect(await t.dataSource.getRepository(ReplyTemplate).findOneByOrFail({ id })).toMatchObject({ title, category: 'correction', bodyFr: 'Bonjour {prénom},\nC’est corrigé.', bodyEn: null });
      await post('clerk', `/resources/reply_templates/records/${id}/edit`, { title: 'Autre' }).expect(403);
      await post('administrator', `/resources/reply_templates/records/${id}/edit`, { title: `${title} (revu)` }).expect(200);
      // A clerk reads them; an empty French text is refused on its field.
      expect((await get('clerk', '/resources/reply_templates/actions/list?perPage=500').expect(200)).body.records.some((r: { params: { id: number } }) => Number(r.params.id) === id)).toBe(true);
      const refused = await post('administrator', '/resources/reply_templates/actions/new', { title: 'Vide', bodyFr: '   ' }).expect(200);
      expect(refused.body.record.errors.bodyFr.message).toBe('Ce champ est requis');
      // The service refuses a clerk whichever route calls it.
      await expect(t.app.get(ReplyTemplates).create({ title: 'x', bodyFr: 'y' }, { kind: 'staff', staffId: staffIds.clerk, role: 'clerk' })).rejects.toMatchObject({ code: 'forbidden' } satisfies Partial<DomainError>);
      const lines = await t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'reply_templates', recordId: String(id) }, order: { id: 'ASC' } });
      expect(lines.map((l) => [l.action, l.staffId])).toEqual([['create', staffIds.administrator], ['update', staffIds.administrator]]);
      await post('administrator', `/resources/reply_templates/records/${id}/delete`).expect(200);
    });

    it('are offered in a thread’s reply form filled for that thread: first name, last name, reference and due time in French', async () => {
      const family = await linkedFamily();
      const title = `Adresse ${uniqueName()}`;
      await post('administrator', '/resources/reply_templates/actions/new', { title, category: 'address_change', bodyFr: 'Bonjour {prénom} {nom},\nDossier {référence} : réponse au plus tard {échéance}. {inconnu}' }).expect(200);
      const screen = await get('clerk', `/resources/threads/records/${family.thread.id}/reply`).expect(200);
      const { greeting, templates: offered } = JSON.parse(screen.body.record.params.screen) as { greeting: string; templates: Array<{ title: string; body: string; category: string | null }> };
      // The form starts with the greeting; a template (which greets too) replaces it.
      expect(greeting).toMatch(/^Bonjour \p{L}+,$/u);
      const mine = offered.find((o) => o.title === title)!;
      const thread = await t.dataSource.getRepository(Thread).findOneByOrFail({ id: family.thread.id });
      // The due time of the 72 business hours, in the city's time, as the emails word it (« le mercredi 9 décembre 2026 à 15 h »).
      const due = dueWords(thread.dueAt, 'America/Toronto', 'fr');
      expect(due).toMatch(/^le (lundi|mardi|mercredi|jeudi|vendredi) \d+ \p{L}+ \d{4} à /u);
      expect(mine.body).toBe(`Bonjour Éloïse ${family.lastName},\nDossier ${family.thread.reference} : réponse au plus tard ${due}. {inconnu}`);
      // Templates of the thread's category come first.
      expect(offered.findIndex((o) => o.category === 'address_change')).toBe(0);
      // A supervisor may not reply, so is offered nothing.
      await get('supervisor', `/resources/threads/records/${family.thread.id}/reply`).expect(403);
      // The clerk edits the text and sends it: the resident receives the edited text.
      const replied = await post('clerk', `/resources/threads/records/${family.thread.id}/reply`, { body: `${mine.body.replace(' {inconnu}', '')}\nMerci.` }).expect(200);
      expect(notice(replied).type).toBe('success');
      const mails = (await t.mailbox.for(family.resident.email)).filter((m) => m.subject.includes(family.thread.reference));
      expect(mails.at(-1)?.text).toContain(`Bonjour Éloïse ${family.lastName},`);
      expect(mails.at(-1)?.text).toContain('Merci.');
      // One greeting: the clerk's, none added by the email above it.
      expect(mails.at(-1)?.text.match(/Bonjour/g)).toHaveLength(1);
    });
  });

  describe('the search box', () => {
    it('finds a person, their household, their requests and threads by name, accents and case ignored, in both orders', async () => {
      const family = await linkedFamily();
      const plain = family.lastName.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
      for (const typed of [plain, family.lastName, `eloise ${plain.toLowerCase()}`, `${family.lastName} Éloïse`]) {
        const results = await search(typed);
        expect([typed, results.persons.map((p) => p.id)]).toEqual([typed, typed.includes(' ') ? [family.persons[0].id] : expect.arrayContaining([family.persons[0].id])]);
        expect(results.households.map((h) => h.id)).toEqual([family.household.id]);
        expect(results.threads.map((th) => th.reference).sort()).toEqual([family.earlier.reference, family.thread.reference].sort());
      }
      const byName = await search(plain);
      // In the index's order: name, then date of birth.
      expect(byName.persons.map((p) => p.name)).toEqual([`${family.lastName}, Marc`, `${family.lastName}, Éloïse`, `${family.lastName}, Léo`]);
      expect(byName.households[0].members).toEqual([`Éloïse ${family.lastName}`, `Marc ${family.lastName}`, `Léo ${family.lastName}`]);
    });

    it('finds by dossier number, email and phone number in any formatting', async () => {
      const family = await linkedFamily();
      expect((await search(family.persons[2].dossierNumber.toLowerCase())).persons.map((p) => p.id)).toEqual([family.persons[2].id]);
      const byEmail = await search(family.resident.email.toUpperCase());
      expect(byEmail.persons.map((p) => p.id)).toEqual([family.persons[0].id]);
      expect(byEmail.threads).toHaveLength(2);
      const digits = family.phone.replace(/-/g, '');
      for (const typed of [family.phone, `${digits.slice(0, 3)} ${digits.slice(3, 6)}-${digits.slice(6)}`, digits, `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`, `1${digits}`]) {
        expect([typed, (await search(typed)).households.map((h) => h.id)]).toEqual([typed, [family.household.id]]);
      }
    });

    it('finds closed requests and threads by their reference, in the search box and in AdminJS’s own search', async () => {
      const family = await linkedFamily();
      const email = uniqueEmail('demande');
      const applicant = uniqueName();
      const res = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send({
        applicant: { firstName: 'Zoé', lastName: applicant, birthDate: '1990-01-01' },
        address: { civicNumber: '12', street: 'rue Principale', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
        members: [], email, phone: uniquePhone(), consent: true,
      }).expect(201);
      const reference = res.body.reference as string;
      const { id } = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference });
      await post('clerk', `/resources/dossier_requests/records/${id}/take`).expect(200);
      await post('clerk', `/resources/dossier_requests/records/${id}/reject`, { reason: 'duplicate', details: '' }).expect(200);
      expect((await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id })).status).toBe('rejected');
      await post('clerk', `/resources/threads/records/${family.thread.id}/close`).expect(200);

      const [, year, number] = reference.split('-');
      for (const typed of [reference, reference.toLowerCase(), `DR ${year} ${Number(number)}`]) {
        expect([typed, (await search(typed)).requests.map((r) => [r.reference, r.status])]).toEqual([typed, [[reference, 'rejected']]]);
      }
      expect((await search(family.thread.reference)).threads.map((th) => [th.reference, th.status])).toEqual([[family.thread.reference, 'closed']]);
      // AdminJS's search (the reference fields, the benchmark's call) ignores the queue's « à traiter » default.
      const found = await get('clerk', `/resources/dossier_requests/actions/search/${reference}`).expect(200);
      expect(found.body.records.map((r: { params: { reference: string } }) => r.params.reference)).toEqual([reference]);
      const thread = await get('clerk', `/resources/threads/actions/search/${family.thread.reference}`).expect(200);
      expect(thread.body.records.map((r: { params: { reference: string } }) => r.params.reference)).toEqual([family.thread.reference]);
      // The queue still shows the requests to process only.
      const queue = await get('clerk', '/resources/dossier_requests/actions/list?perPage=500').expect(200);
      expect(queue.body.records.map((r: { params: { id: number } }) => Number(r.params.id))).not.toContain(id);
      // An email finds the request too, and the applicant's name without accents (they have no dossier yet).
      expect((await search(email)).requests.map((r) => r.reference)).toEqual([reference]);
      expect((await search(`zoe ${applicant.normalize('NFD').replace(/\p{M}/gu, '')}`)).requests.map((r) => r.reference)).toEqual([reference]);
      expect((await search(`marie ${applicant}`)).requests).toEqual([]);
    });

    it('lists the households of a last name in the members’ alphabetical order, each once (AdminJS’s households search)', async () => {
      const lastName = uniqueName();
      const a = await createHousehold(t.dataSource, [{ firstName: 'Anne', lastName, birthDate: '1970-01-01', role: 'holder' }, { firstName: 'Bob', lastName, birthDate: '1971-01-01', role: 'spouse' }]);
      const b = await createHousehold(t.dataSource, [{ firstName: 'Zed', lastName: `${lastName}a`, birthDate: '1960-01-01', role: 'holder' }]);
      const c = await createHousehold(t.dataSource, [{ firstName: 'Cid', lastName, birthDate: '1980-01-01', role: 'holder' }]);
      const key = lastName.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
      const res = await get('clerk', `/resources/households/actions/search/${key}`).expect(200);
      expect(res.body.records.map((r: { params: { id: number } }) => Number(r.params.id))).toEqual([a.household.id, c.household.id, b.household.id]);
      const page2 = await get('clerk', `/resources/households/actions/list?filters.label=${key}&perPage=1&page=2`).expect(200);
      expect(page2.body.records.map((r: { params: { id: number } }) => Number(r.params.id))).toEqual([c.household.id]);
    });

    it('finds a request received before the ClerkDesk migration by its applicant’s name (the migration back-fills the key)', async () => {
      const applicant = `Côté-${uniqueName()}`;
      const res = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send({
        applicant: { firstName: 'Noé', lastName: applicant, birthDate: '1991-02-03' },
        address: { civicNumber: '12', street: 'rue Principale', city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
        members: [], email: uniqueEmail('demande'), phone: uniquePhone(), consent: true,
      }).expect(201);
      // Back to before the migration (and the ones after it), then forward again.
      const names = t.dataSource.migrations.map((m) => m.name);
      for (let i = names.length - 1; i >= names.findIndex((name) => name?.startsWith('ClerkDesk')); i--) await t.dataSource.undoLastMigration();
      await t.dataSource.runMigrations();
      const key = applicant.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
      expect((await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: res.body.reference })).applicantLastNameKey).toBe(key);
      expect((await search(`noe ${applicant}`)).requests.map((r) => r.reference)).toEqual([res.body.reference]);
    });

    it('finds nothing in one letter, and answers every role', async () => {
      expect(await search('a')).toEqual({ persons: [], households: [], requests: [], threads: [] });
      for (const role of ['supervisor', 'administrator'] as const) await search('zzzzzz', role);
      await t.http().get('/admin/api/pages/recherche?q=Tremblay').expect((r) => expect(r.status).not.toBe(200));
    });
  });
});
