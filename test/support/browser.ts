import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
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
