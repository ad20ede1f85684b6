import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { TestApp } from './app.js';

/** The system's Chromium: browser tests are skipped, and say so, where it is absent. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

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
