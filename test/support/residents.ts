import { expect } from '@jest/globals';
import type { TestApp } from './app.js';
import { PASSWORD, PORTAL_URL, uniqueEmail, uniqueIp } from './app.js';
import { linkIn, tokenIn } from './mailbox.js';

export function signupBody(email: string, overrides: Record<string, unknown> = {}) {
  return { firstName: 'Camille', lastName: 'Tremblay', email, password: PASSWORD, passwordConfirmation: PASSWORD, ...overrides };
}

/** Signs up and confirms as the portal's confirmation page does: a POST of the email's token. */
export async function confirmedResident(t: TestApp, overrides: Record<string, unknown> = {}): Promise<{ email: string; password: string }> {
  const email = uniqueEmail();
  const body = signupBody(email, overrides);
  await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(body).expect(202);
  const mail = await t.mailbox.last(email);
  expect(`${linkIn(mail).origin}${linkIn(mail).pathname}`).toBe(`${PORTAL_URL}/confirmation`);
  await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(mail) }).expect(200);
  return { email, password: String(body.password) };
}

/** Confirmed resident, logged in: the token pair. */
export async function loggedInResident(t: TestApp) {
  const resident = await confirmedResident(t);
  const res = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send(resident).expect(200);
  return { ...resident, accessToken: res.body.accessToken as string, refreshToken: res.body.refreshToken as string };
}
