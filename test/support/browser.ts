import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { StaffRole } from '../../src/staff/staff-user.js';
import { PORTAL_URL, uniqueIp, type TestApp } from './app.js';
import { newStaff } from './staff.js';

/** The system's Chromium: browser tests are skipped, and say so, where it is absent. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Headless Chromium for tests that route their own hosts (openPortal). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Chromium asking for api.test (PUBLIC_URL) itself, Host header included (the sign-in compares Origin with it): resolved to the app under test. */
export function launchForApp(t: TestApp): Promise<Browser> {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [`--host-resolver-rules=MAP api.test:80 127.0.0.1:${port}`, '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Answers a browser context's requests to `host` with the app under test (the emails' links name
 * PORTAL_URL's host); with `otherHosts`, a request to any other host is recorded there and refused. A request still in
 * flight when the test closes the context is dropped quietly: closing is not a failure of the page.
 */
export async function routeHostToApp(context: BrowserContext, t: TestApp, host: string, options: { forwardedFor?: string; otherHosts?: string[] } = {}): Promise<void> {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  let closing = false;
  context.on('close', () => {
    closing = true;
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    try {
      if (url.host !== host) {
        // Recorded and refused when the test watches for them; else left to the browser (api.test, say).
        if (!options.otherHosts) return await route.continue();
        options.otherHosts.push(url.href);
        return await route.abort();
      }
      const headers = options.forwardedFor ? { ...route.request().headers(), 'x-forwarded-for': options.forwardedFor } : undefined;
      const response = await route.fetch({ url: `http://127.0.0.1:${port}${url.pathname}${url.search}`, headers });
      await route.fulfill({ response });
    } catch (error) {
      if (!closing && !/disposed|closed/i.test(String(error))) throw error;
    }
  });
}

/** Closes a context without failing on the requests its routes still serve. */
export async function closeContext(context: BrowserContext): Promise<void> {
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.close();
}

/** A browser context on the portal: its page, what went wrong in it, and a look (axe-core, then a screenshot). */
export interface PortalVisit {
  context: BrowserContext;
  page: Page;
  /** Errors the page logged (a CSP violation is one) and requests to any other host. */
  readonly problems: string[];
  /** Checks the page with axe-core (no serious or critical violation) and keeps its screenshot. */
  look(name: string): Promise<void>;
}

/**
 * Opens the portal (PORTAL_URL's host, answered by the app under test) in a new context of one
 * language and viewport, from a client address of its own.
 */
export async function openPortal(browser: Browser, t: TestApp, options: { locale: 'fr-CA' | 'en-CA'; viewport: { width: number; height: number }; tag: string; shots: string; javaScriptEnabled?: boolean }): Promise<PortalVisit> {
  const context = await browser.newContext({ locale: options.locale, viewport: options.viewport, javaScriptEnabled: options.javaScriptEnabled });
  const problems: string[] = [];
  const otherHosts: string[] = [];
  await routeHostToApp(context, t, new URL(PORTAL_URL).host, { forwardedFor: uniqueIp(), otherHosts });
  const page = await context.newPage();
  // Errors only. The test's origin is plain http and not localhost, where Chromium ignores helmet's
  // Cross-Origin-Opener-Policy and says so; a 4xx the page expects (a wrong form) is logged by Chromium as a failed resource.
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Cross-Origin-Opener-Policy header has been ignored|Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return {
    context,
    page,
    get problems() {
      return [...problems, ...otherHosts.map((href) => `request to another host: ${href}`)];
    },
    async look(name) {
      await page.locator('h1').first().waitFor();
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect({ page: name, violations: serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`) }).toEqual({ page: name, violations: [] });
      await page.screenshot({ path: join(options.shots, `portal-${name}-${options.tag}.png`), fullPage: true });
    },
  };
}

/** Signs a resident in through the portal's « Connexion » page, as a person types it, and waits for « Ma famille ». */
export async function signInToPortal(page: Page, resident: { email: string; password: string }): Promise<void> {
  await page.goto(`${PORTAL_URL}/connexion`);
  await page.getByLabel('Courriel', { exact: true }).fill(resident.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(resident.password);
  await page.getByRole('button', { name: 'Connexion', exact: true }).click();
  await page.waitForURL(`${PORTAL_URL}/ma-famille`);
}

/** A new staff member of `role` signed in to the panel (api.test) in a French context of its own: the panel's home. */
export async function panelPage(browser: Browser, t: TestApp, role: StaffRole, viewport = { width: 1280, height: 850 }): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'fr-CA', viewport })).newPage();
  const staff = await newStaff(t, role);
  await page.goto('http://api.test/admin/login');
  await page.fill('#email', staff.email);
  await page.fill('#password', staff.password);
  await page.click('button[type=submit]');
  await page.waitForURL('http://api.test/admin');
  return page;
}

/** axe-core finds no serious or critical violation on the page as it is. */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}
