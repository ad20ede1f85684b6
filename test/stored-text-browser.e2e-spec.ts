import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { CalendarEntry } from '../src/calendar/calendar-entry.entity.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { nameKey } from '../src/dossiers/dossier-rules.js';
import { Household } from '../src/dossiers/household.entity.js';
import { Person } from '../src/dossiers/person.entity.js';
import { ThreadAttachment } from '../src/mailbox/thread-attachment.entity.js';
import { ThreadMessage } from '../src/mailbox/thread-message.entity.js';
import { Thread } from '../src/mailbox/thread.entity.js';
import { RegistrationPeriod } from '../src/registration-periods/registration-period.entity.js';
import { Staff } from '../src/staff/staff.entity.js';
import { PORTAL_URL, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { CHROMIUM, closeContext, hasChromium, launchForApp, routeHostToApp } from './support/browser.js';
import { createHousehold } from './support/dossiers.js';
import { loggedInResident } from './support/residents.js';
import { newStaff } from './support/staff.js';

const describeInBrowser = hasChromium ? describe : describe.skip;

/** Payloads that set `window.__xss` (and open a dialog) if they ever run; each is also what the page must show, literally. */
const IMG = '<img src=x onerror="window.__xss=1;alert(1)">';
const SCRIPT = '<script>window.__xss=1;alert(1)</script>';
const SVG = '"><svg onload="window.__xss=1;alert(1)">';
const END_SCRIPT = '</script><script>window.__xss=1</script>';
const IFRAME = "'><iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>";

/**
 * What an injected payload would leave in the DOM, whether or not the CSP then stopped it from running.
 * A `<script type="application/json">` is data a browser never runs (the portal's boot block, escaped: test/portal-http.e2e-spec.ts).
 */
const INJECTED = 'img[src="x"], svg[onload], iframe[srcdoc], [onerror], [onload], script:not([src]):not([nonce]):not([type="application/json"])';

/** The page's globals a check reads (the spec is type-checked without the DOM's types). */
interface PageGlobals {
  __xss?: unknown;
  document: { querySelectorAll(selector: string): ArrayLike<{ outerHTML: string }>; querySelector(selector: string): { type: string; value: string } };
}

/** Run in the page: whether a payload ran (its global), and what it would have injected. */
function inPage(selector: string): { xss: unknown; injected: string[] } {
  const page = globalThis as unknown as PageGlobals;
  return { xss: page.__xss, injected: Array.from(page.document.querySelectorAll(selector)).map((e) => e.outerHTML.slice(0, 120)) };
}

/**
 * No stored text ever runs as HTML (issue #10, item 4): records whose text carries script and HTML
 * payloads — written by the API where it takes them, else straight to the database as a legacy
 * import or a future bug could — are loaded back in a real browser, in the panel (lists, pages,
 * history, conversation, action forms, the top bar) and in the portal, and in the emails that
 * carry them. No dialog opens, no payload's global is set, no injected element exists, no CSP
 * violation is reported, and each text is shown as typed.
 */
describeInBrowser(`stored text never runs as HTML${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let t: TestApp;
  let browser: Browser;
  const ids = {} as Record<'person' | 'household' | 'request' | 'thread' | 'period' | 'calendar', number>;
  const references = { request: '', thread: '' };
  const tag = `Xss${Date.now().toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`;
  const text = {
    firstName: `Zoé ${IMG}`,
    lastName: `${tag} ${SCRIPT}`,
    street: `rue ${SVG}`,
    city: `Ville ${IMG}`,
    subject: `Objet ${IMG}`,
    body: `Bonjour ${SCRIPT}\n${SVG}`,
    note: `Note ${END_SCRIPT}`,
    intake: `<html><body>${IMG}<p>Courriel reçu</p></body></html>`,
    attachment: `${IFRAME}.html`,
    familyNote: `Motif ${IMG}`,
    clerk: `Préposée ${END_SCRIPT}`,
    admin: `Admin ${IMG}`,
    period: `Hiver ${SCRIPT}`,
    closure: `Fermeture ${IMG}`,
    applicant: `Camille ${SVG}`,
  };
  let clerk: Staff & { password: string };
  let admin: Staff & { password: string };
  let resident: { email: string };

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    const { dataSource } = t;
    clerk = await newStaff(t, 'clerk');
    admin = await newStaff(t, 'administrator');
    // The staff's names, as an older version stored them (the service now refuses such a name).
    await dataSource.getRepository(Staff).update(clerk.id, { displayName: text.clerk });
    await dataSource.getRepository(Staff).update(admin.id, { displayName: text.admin });

    const { household, persons } = await createHousehold(dataSource, [
      { firstName: 'Marie', lastName: tag, birthDate: '1980-03-14', role: 'holder' },
      { firstName: 'Léa', lastName: tag, birthDate: '2015-06-01', role: 'child' },
    ]);
    ids.household = household.id;
    ids.person = persons[1].id;
    await dataSource.getRepository(Person).update(ids.person, { firstName: text.firstName, lastName: text.lastName, lastNameKey: nameKey(text.lastName) });
    await dataSource.getRepository(Household).update(ids.household, { address: { ...household.address, street: text.street, city: text.city } });
    await dataSource.getRepository(AuditEntry).insert({ occurredAt: t.clock.now(), staffId: clerk.id, actorKind: 'staff', action: 'update', resource: 'persons', recordId: String(ids.person), changes: { firstName: { before: 'Léa', after: text.firstName } }, note: text.familyNote });

    // The resident's message as the API takes it, a staff note, and an email read into the same thread with an attachment.
    const signedIn = await loggedInResident(t);
    resident = signedIn;
    const created = await t.http().post('/api/v1/me/messages').set('Authorization', `Bearer ${signedIn.accessToken}`).send({ category: 'other', subject: text.subject, body: text.body }).expect(201);
    ids.thread = created.body.id;
    references.thread = created.body.reference;
    await dataSource.getRepository(Thread).update(ids.thread, { assignedToId: clerk.id });
    await dataSource.getRepository(ThreadMessage).insert({ threadId: ids.thread, author: 'staff', staffId: clerk.id, visibility: 'internal', body: text.note });
    const intake = await dataSource.getRepository(ThreadMessage).save({ threadId: ids.thread, author: 'resident', visibility: 'public', body: text.intake });
    await dataSource.getRepository(ThreadAttachment).insert({ threadId: ids.thread, messageId: intake.id, filename: text.attachment, contentType: 'text/html', size: 40, content: Buffer.from(`<script>parent.__xss=1</script>${IMG}`) });

    const request = await t.http().post('/api/v1/dossier-requests').set('X-Forwarded-For', uniqueIp()).send({
      applicant: { firstName: 'Camille', lastName: tag, birthDate: '1988-02-29' },
      address: { civicNumber: '12', street: text.street, city: 'Baie-Comeau', postalCode: 'G4Z 1A1' },
      members: [{ firstName: 'Zoé', lastName: tag, birthDate: '2018-08-08', relationship: 'child' }],
      email: uniqueEmail('xss'),
      phone: '418-296-8100',
      consent: true,
    }).expect(201);
    const stored = await dataSource.getRepository(DossierRequest).findOneByOrFail({ reference: request.body.reference });
    ids.request = stored.id;
    references.request = stored.reference;
    await dataSource.getRepository(DossierRequest).update(ids.request, {
      applicantFirstName: text.applicant,
      status: 'in_review',
      assignedToId: clerk.id,
      members: [{ firstName: text.firstName, lastName: text.lastName, birthDate: '2018-08-08', relationship: 'child' }],
    });

    ids.period = (await dataSource.getRepository(RegistrationPeriod).save({ name: text.period, opensAt: new Date('2031-01-10T00:00:00Z'), closesAt: new Date('2031-01-24T00:00:00Z') })).id;
    ids.calendar = (await dataSource.getRepository(CalendarEntry).save({ date: `2${String(100 + Math.floor(Math.random() * 900))}-03-0${1 + Math.floor(Math.random() * 9)}`, name: text.closure })).id;
    browser = await launchForApp(t);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  interface Watched {
    context: BrowserContext;
    page: Page;
    /** Dialogs opened, CSP violations and page errors: none is expected. */
    incidents: string[];
  }

  async function open(): Promise<Watched> {
    const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const incidents: string[] = [];
    page.on('dialog', (dialog) => {
      incidents.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) incidents.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => incidents.push(`pageerror: ${e.message}`));
    return { context, page, incidents };
  }

  /** Runs checks in a fresh browser context, closed afterwards. */
  async function inBrowser(check: (w: Watched) => Promise<void>): Promise<void> {
    const w = await open();
    try {
      await check(w);
    } finally {
      await closeContext(w.context);
    }
  }

  async function logIn(page: Page, staff: { email: string; password: string }): Promise<void> {
    await page.goto('http://api.test/admin/login');
    await page.fill('#email', staff.email);
    await page.fill('#password', staff.password);
    await page.click('button[type=submit]');
    await page.waitForURL('http://api.test/admin');
  }

  /** Loads a page, waits until each text shows (literally), then checks that nothing ran and nothing was injected. */
  async function expectInert(w: Watched, url: string, texts: string[]): Promise<void> {
    await w.page.goto(url);
    for (const expected of texts) {
      try {
        // Attached rather than visible: a name may be an option of a closed list.
        await w.page.getByText(expected, { exact: false }).first().waitFor({ state: 'attached', timeout: 20_000 });
      } catch {
        throw new Error(`${url}: « ${expected} » is not shown as typed\n${(await w.page.locator('body').innerText()).slice(0, 1500)}`);
      }
    }
    const found = await w.page.evaluate(inPage, INJECTED);
    expect({ url, ...found, incidents: w.incidents }).toEqual({ url, xss: undefined, injected: [], incidents: [] });
  }

  const panel = (path: string) => `http://api.test/admin/resources/${path}`;

  it('sees an injection when there is one (the checks below are not blind)', async () => {
    await inBrowser(async (w) => {
      await w.page.setContent(`<p>${IMG}</p>`);
      await w.page.waitForFunction(() => (globalThis as unknown as PageGlobals).__xss === 1);
      expect(await w.page.evaluate(inPage, INJECTED)).toEqual({ xss: 1, injected: [expect.stringContaining('<img src="x"')] });
      expect(w.incidents).toEqual(['dialog: 1']);
    });
  });

  it('the panel shows every stored payload as text: lists, pages, history, conversation, action forms and the top bar', async () => {
    await inBrowser(async (w) => {
      await logIn(w.page, clerk);
      // The home page's top bar shows the clerk's own name (in the page's inline state too).
      await expectInert(w, 'http://api.test/admin', [text.clerk]);
      await expectInert(w, panel(`persons?filters.lastName=${tag.toLowerCase()}`), [text.lastName, text.firstName]);
      await expectInert(w, panel(`persons/records/${ids.person}/show`), [text.lastName, text.firstName, text.familyNote, text.clerk]);
      await expectInert(w, panel(`households/records/${ids.household}/show`), [text.street, text.city, text.lastName]);
      await expectInert(w, panel(`households/records/${ids.household}/setMemberRole`), [text.lastName]);
      // Lists filtered to the record: MariaDB keeps the rows of earlier runs, which may fill the first page.
      await expectInert(w, panel(`dossier_requests?filters.status=all&filters.reference=${references.request}`), [text.applicant, text.clerk]);
      await expectInert(w, panel(`dossier_requests/records/${ids.request}/show`), [text.applicant, text.street, text.clerk]);
      await expectInert(w, panel(`dossier_requests/records/${ids.request}/approve`), [text.applicant, text.firstName]);
      await expectInert(w, panel(`threads?filters.reference=${references.thread}`), [text.subject, text.clerk]);
      await expectInert(w, panel(`threads/records/${ids.thread}/show`), [text.subject, `Bonjour ${SCRIPT}`, SVG, text.note, IMG, text.attachment]);
    });
  });

  it('the panel’s configuration pages: staff, periods, calendar and the audit log', async () => {
    await inBrowser(async (w) => {
      await logIn(w.page, admin);
      await expectInert(w, panel(`staff?filters.email=${encodeURIComponent(clerk.email)}`), [text.admin, text.clerk]);
      await expectInert(w, panel(`registration_periods/records/${ids.period}/show`), [text.period]);
      await expectInert(w, panel(`calendar/records/${ids.calendar}/show`), [text.closure]);
      const line = await t.dataSource.getRepository(AuditEntry).findOneOrFail({ where: { resource: 'persons', recordId: String(ids.person), action: 'update' }, order: { id: 'DESC' } });
      await expectInert(w, panel(`audit_log/records/${line.id}/show`), [text.familyNote, text.clerk]);
      // The attachment is a download in a sandbox, never a page of the panel's origin.
      const attachment = await t.dataSource.getRepository(ThreadAttachment).findOneByOrFail({ threadId: ids.thread });
      const res = await t.http().get(`/admin/mailbox/attachments/${attachment.id}`).set('Cookie', await sessionOf(w)).expect(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment;/);
      expect(res.headers['content-security-policy']).toContain('sandbox');
    });
  });

  it('the portal shows what it is given as text, and the emails carrying stored text show it as text', async () => {
    const portal = new URL(PORTAL_URL);
    await inBrowser(async (w) => {
      await routeHostToApp(w.context, t, portal.host);
      await expectInert(w, `${PORTAL_URL}/confirmation?token=${encodeURIComponent(SVG)}`, []);
      await expectInert(w, `${PORTAL_URL}/mot-de-passe?token=${encodeURIComponent(SVG)}`, []);
      await expectInert(w, `${PORTAL_URL}?notice=${encodeURIComponent(SCRIPT)}`, []);
      // The API's answer, shown by the page's script.
      await w.page.goto(`${PORTAL_URL}/mot-de-passe-oublie`);
      // Typed as the field's value (the page's own checks bypassed): the API refuses it, and its
      // answer, which names the field, is shown as text.
      await w.page.evaluate(() => {
        (globalThis as unknown as PageGlobals).document.querySelector('input[name=email]').type = 'text';
      });
      await w.page.fill('input[name=email]', IMG);
      await w.page.getByRole('button', { name: 'Envoyer', exact: true }).click();
      await w.page.locator('.summary').waitFor();
      expect(await w.page.evaluate(inPage, INJECTED)).toEqual({ xss: undefined, injected: [] });

      // A clerk's reply and question, carrying payloads, as the resident's email client shows them.
      await logIn(w.page, clerk);
      const cookie = await sessionOf(w);
      const reply = `Réponse ${SCRIPT}\n${IMG}`;
      const question = `Question ${SVG}`;
      const answered = await t.http().post(`/admin/api/resources/threads/records/${ids.thread}/reply`).set('Cookie', cookie).field('body', reply).expect(200);
      expect(answered.body.notice?.type).toBe('success');
      const asked = await t.http().post(`/admin/api/resources/dossier_requests/records/${ids.request}/askInfo`).set('Cookie', cookie).field('question', question).expect(200);
      expect(asked.body.notice?.type).toBe('success');
      const replyMail = (await t.mailbox.for(resident.email)).at(-1)!;
      // The subject is a header: the resident's text in it, as typed, on one line.
      expect(replyMail.subject).toBe(`[${references.thread}] Re : ${text.subject} — ${t.config.cityName}`);
      const request = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ id: ids.request });
      const questionMail = (await t.mailbox.for(request.email)).at(-1)!;
      for (const [html, expected] of [[replyMail.html, `Réponse ${SCRIPT}`], [questionMail.html, question]]) {
        await w.page.setContent(html);
        await w.page.getByText(expected, { exact: false }).first().waitFor({ timeout: 20_000 });
        expect(await w.page.evaluate(inPage, INJECTED)).toEqual({ xss: undefined, injected: [] });
      }
      expect(w.incidents).toEqual([]);
    });
  });

  /** The staff session of a browser context, as a Cookie header for the test's own requests. */
  async function sessionOf(w: Watched): Promise<string> {
    const cookie = (await w.context.cookies('http://api.test/admin')).find((c) => c.name === 'guichet_personnel');
    if (!cookie) throw new Error('no staff session in this browser');
    return `${cookie.name}=${cookie.value}`;
  }
});
