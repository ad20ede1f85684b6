import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Account } from '../src/accounts/account.entity.js';
import { PASSWORD, PORTAL_URL, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { linkIn } from './support/mailbox.js';
import { signupBody } from './support/residents.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = '/tmp';
const describeInBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

/**
 * What a resident sees in a real browser: the email's link, the confirmation page, its button, the
 * green box; in French and in English, with the CSP on and no serious accessibility violation.
 * The browser asks for PORTAL_URL's own host (portail.test, as in the emails) and every request
 * to it is answered by the app under test.
 */
describeInBrowser(`the portal in a real browser${existsSync(CHROMIUM) ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let t: TestApp;
  let browser: Browser;
  const portal = new URL(PORTAL_URL);

  beforeAll(async () => {
    t = await startApp();
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

  /** A browser context in one language, whose requests to the portal's host reach the app; it records the page's errors. */
  async function openContext(locale: 'fr-CA' | 'en-CA'): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const context = await browser.newContext({ locale, viewport: { width: 900, height: 700 } });
    await context.route(
      (url) => url.host === portal.host,
      async (route) => {
        const url = new URL(route.request().url());
        const response = await route.fetch({ url: `http://127.0.0.1:${port}${url.pathname}${url.search}` });
        await route.fulfill({ response });
      },
    );
    const page = await context.newPage();
    const problems: string[] = [];
    // Errors only (a CSP violation is one). The test's origin is plain http and not localhost, where
    // Chromium ignores helmet's Cross-Origin-Opener-Policy and says so: that one is the test's, not the app's.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/Cross-Origin-Opener-Policy header has been ignored/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    return { context, page, problems };
  }

  async function expectAccessible(page: Page): Promise<void> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  }

  async function signUp(locale: 'fr' | 'en'): Promise<{ email: string; link: string }> {
    const email = uniqueEmail('navigateur');
    await t.http().post('/api/v1/auth/signup').set('Accept-Language', locale).set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    return { email, link: linkIn(await t.mailbox.last(email)).toString() };
  }

  const verified = async (email: string) => (await t.dataSource.getRepository(Account).findOneByOrFail({ email })).emailVerifiedAt;

  for (const { locale, lang, button, created, title } of [
    { locale: 'fr-CA', lang: 'fr', button: 'Confirmer mon adresse courriel', created: 'Votre compte a été créé', title: 'Confirmer votre adresse courriel' },
    { locale: 'en-CA', lang: 'en', button: 'Confirm my email address', created: 'Your account has been created', title: 'Confirm your email address' },
  ] as const) {
    it(`confirms with the page's button and shows the green box (${lang})`, async () => {
      const { email, link } = await signUp(lang);
      expect(link.startsWith(`${PORTAL_URL}/confirmation?token=`)).toBe(true);
      const { context, page, problems } = await openContext(locale);
      try {
        await page.goto(link);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        // Opening the page (as a mail scanner does) confirmed nothing.
        expect(await verified(email)).toBeNull();
        await expectAccessible(page);
        await page.screenshot({ path: `${SHOTS}/portal-confirmation-${lang}.png`, fullPage: true });

        await page.getByRole('button', { name: button }).click();
        await page.waitForURL(`${PORTAL_URL}?notice=account_confirmed`);
        const box = page.locator('.notice.success');
        await box.waitFor();
        expect(await box.textContent()).toContain(created);
        expect(await box.getAttribute('role')).toBe('alert');
        expect(await verified(email)).not.toBeNull();
        await expectAccessible(page);
        await page.screenshot({ path: `${SHOTS}/portal-confirmed-${lang}.png`, fullPage: true });

        // The used link, visited again, lands on the same notice.
        await page.goto(link);
        expect(await page.locator('.notice.success').textContent()).toContain(created);
        await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password: PASSWORD }).expect(200);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('shows an expired link with the resend form, which answers in the page', async () => {
    const { link } = await signUp('fr');
    t.clock.advance(24 * 3600_000);
    const { context, page, problems } = await openContext('fr-CA');
    try {
      await page.goto(link);
      expect(await page.locator('.notice.error').textContent()).toContain('Ce lien a expiré');
      await page.getByLabel('Courriel').fill(uniqueEmail('inconnu'));
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.locator('.result.notice.success').waitFor();
      await expectAccessible(page);
      await page.screenshot({ path: `${SHOTS}/portal-expired-fr.png`, fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      t.clock.reset();
      await context.close();
    }
  });

  it("sends a reset to the portal's home with the green box", async () => {
    const { email, link } = await signUp('fr');
    await t.http().post('/api/v1/auth/verify-email').send({ token: new URL(link).searchParams.get('token') }).expect(200);
    await t.http().post('/api/v1/auth/password/forgot').set('X-Forwarded-For', uniqueIp()).send({ email }).expect(202);
    const reset = linkIn(await t.mailbox.last(email)).toString();
    const { context, page, problems } = await openContext('fr-CA');
    try {
      await page.goto(reset);
      await page.getByLabel('Mot de passe', { exact: true }).fill('Nouveau-mot-2-passe');
      await page.getByLabel('Confirmer le mot de passe').fill('Nouveau-mot-2-passe');
      await page.getByRole('button', { name: 'Confirmer' }).click();
      await page.waitForURL(`${PORTAL_URL}?notice=password_changed`);
      expect(await page.locator('.notice.success').textContent()).toContain('Votre mot de passe a été modifié');
      expect(await page.locator('form#reset').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps Swagger UI working under the CSP', async () => {
    const { context, page, problems } = await openContext('fr-CA');
    try {
      await page.goto(`${portal.origin}/api/docs`);
      const title = page.locator('.swagger-ui .info .title');
      await title.waitFor();
      expect(await title.textContent()).toContain('Guichet Loisirs');
      await page.locator('.opblock').first().waitFor();
      await page.screenshot({ path: `${SHOTS}/portal-api-docs.png` });
      expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
