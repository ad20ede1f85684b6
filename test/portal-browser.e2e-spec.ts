import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Account } from '../src/accounts/account.entity.js';
import { DossierRequest } from '../src/dossier-requests/dossier-request.entity.js';
import { CHROMIUM, closeContext, hasChromium, openPortal, type PortalVisit } from './support/browser.js';
import { PASSWORD, PORTAL_URL, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { createHousehold } from './support/dossiers.js';
import { linkIn } from './support/mailbox.js';
import { signupBody } from './support/residents.js';
import { loginAsStaff } from './support/staff.js';

/** Screenshots of every page the tests visit: CI keeps the folder (SCREENSHOTS_DIR) as an artifact. */
const SHOTS = process.env.SCREENSHOTS_DIR ?? join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');
const describeInBrowser = hasChromium ? describe : describe.skip;

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * The residents' portal in a real browser, walked as the city's help page tells a resident to, by
 * the page's own words: « Créer un compte », the five fields, the email's link, « Connexion », « J'ai
 * un numéro de dossier », « Lier mon dossier », the family, the mailbox and a clerk's answer from the
 * panel; on a desktop and on a 390 px phone, axe-core on every page, the CSP on, nothing in storage.
 * The browser asks for PORTAL_URL's host (portail.test, as in the emails); the app under test answers.
 */
describeInBrowser(`the residents' portal in a real browser${hasChromium ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let t: TestApp;
  let browser: Browser;
  let clerkCookie: string;
  const portal = new URL(PORTAL_URL);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookie: clerkCookie } = await loginAsStaff(t, 'clerk'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const open = (locale: 'fr-CA' | 'en-CA', viewport = DESKTOP, options: { javaScriptEnabled?: boolean } = {}): Promise<PortalVisit> =>
    openPortal(browser, t, { locale, viewport, tag: viewport === PHONE ? 'phone' : 'desktop', shots: SHOTS, ...options });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });
  /** The header's menu is folded on a phone: open it first. */
  async function menu(page: Page, name: string): Promise<void> {
    const toggle = page.getByRole('button', { name: 'Menu' });
    if (await toggle.isVisible()) await toggle.click();
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name, exact: true }).click();
  }

  for (const viewport of [DESKTOP, PHONE]) {
    const tag = viewport === PHONE ? 'phone' : 'desktop';
    it(`walks the help page's path, from « Créer un compte » to a clerk's answer (${tag})`, async () => {
      const { persons } = await createHousehold(t.dataSource, [
        { role: 'holder', firstName: 'Camille', lastName: 'Tremblay', birthDate: '1985-04-12' },
        { role: 'child', firstName: 'Léa', lastName: 'Tremblay', birthDate: '2016-06-01' },
      ]);
      const email = uniqueEmail(`portail-${tag}`);
      const visit = await open('fr-CA', viewport);
      const { page } = visit;
      try {
        // Step 1–2: the home, « Créer un compte » at the top right.
        await page.goto(PORTAL_URL);
        expect(await page.locator('html').getAttribute('lang')).toBe('fr');
        await expect(heading(page).textContent()).resolves.toBe("Plateforme d'inscription en ligne");
        await visit.look('accueil');
        const create = page.getByRole('link', { name: 'Créer un compte', exact: true });
        const box = (await create.boundingBox())!;
        expect(box.x + box.width).toBeGreaterThan(viewport.width * 0.6);
        expect(box.y).toBeLessThan(120);
        await create.click();

        // Step 3: the five fields, the rule shown before typing, each error beside its field.
        await page.waitForURL(`${PORTAL_URL}/creer-un-compte`);
        const password = page.getByLabel('Mot de passe', { exact: true });
        const rule = "Votre mot de passe doit être long d'au moins 8 caractères et contenir 3 des éléments suivants : lettre minuscule, lettre majuscule, chiffre, symbole.";
        expect(await page.locator(`#${await password.getAttribute('aria-describedby')}`).textContent()).toBe(rule);
        // Password managers fill it; nothing stops a paste (ASVS 2.1.11).
        expect(await password.getAttribute('autocomplete')).toBe('new-password');
        await visit.look('creer-un-compte');
        await page.getByLabel('Prénom', { exact: true }).fill('Camille');
        await page.getByLabel('Courriel', { exact: true }).fill(email);
        await password.fill('court');
        await page.getByLabel('Confirmer le mot de passe', { exact: true }).fill('autre');
        await page.getByRole('button', { name: 'Confirmer', exact: true }).click();
        const summary = page.locator('.summary');
        await summary.waitFor();
        // The summary takes the focus once drawn (an effect after the paint): wait for it, within the test's time.
        await page.waitForFunction('document.activeElement?.classList.contains("summary")', undefined, { timeout: 10_000 });
        const lastName = page.getByLabel('Nom', { exact: true });
        expect(await lastName.getAttribute('aria-invalid')).toBe('true');
        expect(await page.locator(`#${(await lastName.getAttribute('aria-describedby'))!.split(' ').pop()}`).textContent()).toContain('Ce champ est requis');
        expect(await password.getAttribute('aria-invalid')).toBe('true');
        expect(await page.getByLabel('Prénom', { exact: true }).getAttribute('aria-invalid')).toBeNull();
        await visit.look('creer-un-compte-erreurs');
        // The summary's links lead to the fields (keyboard users).
        await summary.getByRole('link', { name: /^Nom/ }).click();
        expect(await page.evaluate('document.activeElement?.id')).toBe(await lastName.getAttribute('id'));
        await lastName.fill('Tremblay');
        await password.fill(PASSWORD);
        await page.getByLabel('Confirmer le mot de passe', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: 'Confirmer', exact: true }).click();

        // Step 4: the email, « Confirmation de mon adresse courriel », the green box.
        await page.waitForURL(`${PORTAL_URL}/courriel-envoye`);
        await page.getByText('Ce courriel peut se retrouver dans vos courriels indésirables.').waitFor();
        await page.getByRole('button', { name: 'Renvoyer le courriel' }).waitFor();
        await visit.look('courriel-envoye');
        const mail = await t.mailbox.last(email);
        expect(mail.html).toContain('Confirmation de mon adresse courriel');
        await page.goto(linkIn(mail).toString());
        await visit.look('confirmation');
        await page.getByRole('button', { name: 'Confirmer mon adresse courriel' }).click();
        await page.waitForURL(`${PORTAL_URL}?notice=account_confirmed`);
        const green = page.locator('.flash .notice.success');
        expect(await green.textContent()).toContain('Votre compte a été créé');
        await visit.look('compte-cree');

        // Step 5–6: « Connexion » at the top right, then the first login's choice.
        await page.getByRole('link', { name: 'Connexion', exact: true }).click();
        await page.waitForURL(`${PORTAL_URL}/connexion`);
        await visit.look('connexion');
        await page.getByLabel('Courriel', { exact: true }).fill(email);
        await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: 'Connexion', exact: true }).click();
        await page.waitForURL(`${PORTAL_URL}/activer-mon-dossier`);
        await page.getByText("Je n'ai pas de numéro de dossier").waitFor();
        await visit.look('activer-mon-dossier');
        // Tokens: none in the page's storage, the refresh token out of the page's reach.
        expect(await page.evaluate('[localStorage.length, sessionStorage.length]')).toEqual([0, 0]);
        expect(await page.evaluate('document.cookie')).not.toContain('guichet_refresh');
        const cookies = await visit.context.cookies();
        expect(cookies.find((c) => c.name === 'guichet_refresh')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });

        // Step 7: « Lier mon dossier ».
        await page.getByText("J'ai un numéro de dossier").click();
        await page.waitForURL(`${PORTAL_URL}/lier-mon-dossier`);
        await expect(heading(page).textContent()).resolves.toBe('Lier mon dossier');
        await page.getByRole('button', { name: 'Lier', exact: true }).click();
        await page.locator('.summary').waitFor();
        for (const label of ['Numéro de dossier', 'Date de naissance']) {
          const field = page.getByLabel(label, { exact: true });
          expect(await field.getAttribute('aria-invalid')).toBe('true');
          expect(await page.locator(`#${(await field.getAttribute('aria-describedby'))!.split(' ').pop()}`).textContent()).toContain('Ce champ est requis');
        }
        await visit.look('lier-mon-dossier-erreurs');
        await page.getByLabel('Numéro de dossier', { exact: true }).fill(persons[0]!.dossierNumber);
        await page.getByLabel('Date de naissance', { exact: true }).fill('1985/04/12');
        await page.getByRole('button', { name: 'Lier', exact: true }).click();

        // Step 8: the family, read-only, and the way to ask for a change.
        await page.waitForURL(`${PORTAL_URL}/ma-famille`);
        expect(await page.locator('.flash .notice.success').textContent()).toContain('Votre compte utilisateur est maintenant lié à votre dossier');
        const members = page.locator('.people');
        await members.getByText(persons[1]!.dossierNumber).waitFor();
        expect(await members.textContent()).toContain('Léa Tremblay');
        expect(await page.locator('address').textContent()).toContain('boulevard La Salle');
        expect(await page.locator('main input').count()).toBe(0);
        await visit.look('ma-famille');

        // M1: write to the mailbox; what the resident typed is shown as text, never as HTML.
        await page.getByRole('link', { name: 'Pour toute modification, écrivez à la boîte des inscriptions' }).click();
        await page.waitForURL(`${PORTAL_URL}/messages/nouveau`);
        await visit.look('nouveau-message');
        await page.getByLabel('Catégorie').selectOption('address_change');
        await page.getByLabel('Objet').fill('Nouvelle adresse');
        const typed = 'Nous avons déménagé au <b>12, rue Principale</b>.\nMerci!';
        await page.getByLabel('Message').fill(typed);
        await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
        await page.waitForURL(new RegExp(`${PORTAL_URL}/messages/\\d+$`));
        const threadId = Number(new URL(page.url()).pathname.split('/').pop());
        expect(await page.locator('.message.resident .body').textContent()).toBe(typed);
        expect(await page.locator('.message b').count()).toBe(0);
        await visit.look('conversation');

        // A clerk answers from the panel; the answer shows in the resident's messages.
        await t.http().post(`/admin/api/resources/threads/records/${threadId}/reply`).set('Cookie', clerkCookie).field('body', 'Bonjour Camille,\nVotre adresse sera changée aujourd’hui.').expect(200);
        await page.reload();
        await menu(page, 'Mes messages');
        await page.waitForURL(`${PORTAL_URL}/messages`);
        const row = page.locator('tbody tr', { hasText: 'Nouvelle adresse' });
        expect(await row.textContent()).toContain('Répondu');
        await visit.look('mes-messages');
        await row.getByRole('link', { name: 'Nouvelle adresse' }).click();
        await page.locator('.message.staff .body').waitFor();
        expect(await page.locator('.message.staff .body').textContent()).toBe('Bonjour Camille,\nVotre adresse sera changée aujourd’hui.');
        expect(await page.locator('.message.staff .meta').textContent()).toContain('Service des loisirs');

        // « Mes demandes », « Mon compte », and the log out.
        await menu(page, 'Mes demandes');
        await page.waitForURL(`${PORTAL_URL}/mes-demandes`);
        await visit.look('mes-demandes');
        await menu(page, 'Mon compte');
        await page.waitForURL(`${PORTAL_URL}/mon-compte`);
        await page.getByText(email).waitFor();
        await visit.look('mon-compte');
        const toggle = page.getByRole('button', { name: 'Menu' });
        if (await toggle.isVisible()) await toggle.click();
        await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
        await page.waitForURL(PORTAL_URL);
        await page.getByRole('link', { name: 'Connexion', exact: true }).waitFor();
        await page.goto(`${PORTAL_URL}/ma-famille`);
        await page.waitForURL(`${PORTAL_URL}/connexion?retour=%2Fma-famille`);
        expect(visit.problems).toEqual([]);
      } finally {
        await closeContext(visit.context);
      }
    });
  }

  it('asks for a dossier number without an account, with the Law 25 notice and the family members (phone)', async () => {
    const visit = await open('fr-CA', PHONE);
    const { page } = visit;
    const email = uniqueEmail('demande');
    try {
      await page.goto(PORTAL_URL);
      await page.getByRole('link', { name: 'formulaire de demande' }).click();
      await page.waitForURL(`${PORTAL_URL}/demande-de-numero-de-dossier`);
      await page
        .locator('#avis-loi-25')
        .getByText(/renseignements personnels/i)
        .first()
        .waitFor();
      await visit.look('demande-de-numero');
      const you = page.getByRole('group', { name: 'Vous (18 ans et plus)' });
      await you.getByLabel('Prénom', { exact: true }).fill('Jordan');
      await you.getByLabel('Nom', { exact: true }).fill('Côté');
      await you.getByLabel('Date de naissance', { exact: true }).fill('1988/02/29');
      const address = page.getByRole('group', { name: 'Adresse' });
      await address.getByLabel('Numéro civique').fill('12');
      await address.getByLabel('Rue').fill('rue Principale');
      await address.getByLabel('Ville').fill('Baie-Comeau');
      await address.getByLabel('Code postal').fill('g4z1a1');
      await page.getByLabel('Courriel', { exact: true }).fill(email);
      await page.getByLabel('Téléphone').fill('418 555-0199');
      await page.getByRole('button', { name: 'Ajouter un membre' }).click();
      const family = page.getByRole('group', { name: 'Les autres membres de votre famille' });
      await family.getByLabel('Prénom', { exact: true }).fill('Noé');
      await family.getByLabel('Date de naissance', { exact: true }).fill('2019/09/15');
      // Without consent: refused, and said beside the box.
      await page.getByRole('button', { name: 'Envoyer la demande' }).click();
      await page.locator('.summary').waitFor();
      expect(await page.locator('#champ-consent').getAttribute('aria-invalid')).toBe('true');
      await visit.look('demande-de-numero-erreurs');
      await page.getByLabel("J'ai lu l'avis ci-dessus et je consens à la collecte de ces renseignements.").check();
      await page.getByRole('button', { name: 'Envoyer la demande' }).click();
      await page.getByText(/Votre numéro de référence : DR-/).waitFor();
      await visit.look('demande-envoyee');
      const request = await t.dataSource.getRepository(DossierRequest).findOneByOrFail({ email });
      expect(request.status).toBe('submitted');
      expect((await t.mailbox.last(email)).subject).toContain(request.reference);
      expect(visit.problems).toEqual([]);
    } finally {
      await closeContext(visit.context);
    }
  });

  it('speaks English by its visible switch, and keeps the choice', async () => {
    const visit = await open('fr-CA');
    const { page } = visit;
    try {
      await page.goto(`${PORTAL_URL}/creer-un-compte`);
      await page.getByRole('button', { name: 'English' }).click();
      await expect(heading(page).textContent()).resolves.toBe('Create an account');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      await page.locator('.summary').waitFor();
      expect(await page.locator('.summary').textContent()).toContain('This field is required');
      await visit.look('create-account-en');
      await page.reload();
      await expect(heading(page).textContent()).resolves.toBe('Create an account');
      await page.getByRole('button', { name: 'Français' }).click();
      await expect(heading(page).textContent()).resolves.toBe('Créer un compte');
      expect(visit.problems).toEqual([]);
    } finally {
      await closeContext(visit.context);
    }
  });

  it('answers an unknown page with the portal’s 404 page, and says what to do without JavaScript', async () => {
    const visit = await open('fr-CA');
    try {
      const answer = await visit.page.goto(`${PORTAL_URL}/inscriptions-hiver`);
      expect(answer?.status()).toBe(404);
      await expect(heading(visit.page).textContent()).resolves.toBe('Page introuvable');
      await visit.look('page-introuvable');
    } finally {
      await closeContext(visit.context);
    }
    const bare = await open('fr-CA', DESKTOP, { javaScriptEnabled: false });
    try {
      await bare.page.goto(`${PORTAL_URL}/creer-un-compte`);
      expect(await bare.page.locator('noscript').count()).toBe(1);
      expect(await bare.page.locator('body').innerText()).toContain("La plateforme d'inscription en ligne a besoin de JavaScript");
      await bare.page.screenshot({ path: join(SHOTS, 'portal-sans-javascript-desktop.png'), fullPage: true });
    } finally {
      await closeContext(bare.context);
    }
  });

  it('offers a new link on an expired confirmation link, and resets a password to the green box', async () => {
    const email = uniqueEmail('expire');
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const link = linkIn(await t.mailbox.last(email)).toString();
    t.clock.advance(24 * 3600_000);
    const visit = await open('fr-CA');
    const { page } = visit;
    try {
      await page.goto(link);
      expect(await page.locator('.notice.error').textContent()).toContain('Ce lien a expiré');
      await page.getByLabel('Courriel').fill(email);
      await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
      await page.getByText('Un nouveau courriel de confirmation est en route').waitFor();
      await visit.look('lien-expire');
      // The resend was recorded at the moved clock: read it before the clock comes back.
      const fresh = linkIn(await t.mailbox.last(email)).toString();
      t.clock.reset();
      expect(fresh).not.toBe(link);
      await page.goto(fresh);
      await page.getByRole('button', { name: 'Confirmer mon adresse courriel' }).click();
      await page.waitForURL(`${PORTAL_URL}?notice=account_confirmed`);
      expect((await t.dataSource.getRepository(Account).findOneByOrFail({ email })).emailVerifiedAt).not.toBeNull();

      await page.getByRole('link', { name: 'Connexion', exact: true }).click();
      await page.getByRole('link', { name: 'Mot de passe oublié?' }).click();
      await page.getByLabel('Courriel').fill(email);
      await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
      await page.getByText('Si un compte existe pour cette adresse').waitFor();
      await visit.look('mot-de-passe-oublie');
      await page.goto(linkIn(await t.mailbox.last(email)).toString());
      await page.getByLabel('Mot de passe', { exact: true }).fill('Nouveau-mot-2-passe');
      await page.getByLabel('Confirmer le mot de passe').fill('Nouveau-mot-2-passe');
      await page.getByRole('button', { name: 'Confirmer', exact: true }).click();
      await page.waitForURL(`${PORTAL_URL}?notice=password_changed`);
      expect(await page.locator('.flash .notice.success').textContent()).toContain('Votre mot de passe a été modifié');
      await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password: 'Nouveau-mot-2-passe' }).expect(200);
      expect(visit.problems).toEqual([]);
    } finally {
      t.clock.reset();
      await closeContext(visit.context);
    }
  });

  it('keeps Swagger UI working under the CSP', async () => {
    const visit = await open('fr-CA');
    try {
      await visit.page.goto(`${portal.origin}/api/docs`);
      const title = visit.page.locator('.swagger-ui .info .title');
      await title.waitFor();
      expect(await title.textContent()).toContain('Guichet Loisirs');
      expect(visit.problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    } finally {
      await closeContext(visit.context);
    }
  });
});
