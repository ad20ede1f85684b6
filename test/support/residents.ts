import { expect } from '@jest/globals';
import type { TestApp } from './app.js';
import { PASSWORD, uniqueEmail, uniqueIp } from './app.js';
import { linkIn } from './mailbox.js';

export function signupBody(email: string, overrides: Record<string, unknown> = {}) {
  return { firstName: 'Camille', lastName: 'Tremblay', email, password: PASSWORD, passwordConfirmation: PASSWORD, ...overrides };
}

/** Signs up and follows the confirmation link, as a resident would. */
export async function confirmedResident(t: TestApp, overrides: Record<string, unknown> = {}): Promise<{ email: string; password: string }> {
  const email = uniqueEmail();
  const body = signupBody(email, overrides);
  await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(body).expect(202);
  const link = linkIn(await t.mailbox.last(email));
  const res = await t.http().get(`${link.pathname}${link.search}`).expect(303);
  expect(res.headers.location).toContain('notice=account_confirmed');
  return { email, password: String(body.password) };
}

/** Confirmed resident, logged in: the token pair. */
export async function loggedInResident(t: TestApp) {
  const resident = await confirmedResident(t);
  const res = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send(resident).expect(200);
  return { ...resident, accessToken: res.body.accessToken as string, refreshToken: res.body.refreshToken as string };
}
