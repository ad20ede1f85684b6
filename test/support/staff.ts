import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { generateSync } from 'otplib';
import { StaffAccounts } from '../../src/staff/staff-accounts.service.js';
import type { Staff } from '../../src/staff/staff.entity.js';
import type { StaffRole } from '../../src/staff/staff-user.js';
import { PASSWORD, uniqueEmail, uniqueIp, type TestApp } from './app.js';

/**
 * Behind the panel's gate (mounted by the app itself, as `npm start` does), a protected route
 * standing for the panel: it echoes the staff member the request acts for (`req.session.adminUser`),
 * under /admin and under /admin/api.
 */
export function mountWhoami(app: NestExpressApplication): void {
  const echo = (req: Request, res: Response) => res.json(req.session.adminUser);
  const express = app.getHttpAdapter().getInstance();
  express.get('/admin/whoami', echo);
  express.get('/admin/api/whoami', echo);
}

export async function newStaff(t: TestApp, role: StaffRole = 'clerk', password = PASSWORD): Promise<Staff & { password: string }> {
  const staff = await t.app.get(StaffAccounts).create(t.dataSource, { email: uniqueEmail(role), displayName: `Test ${role}`, role, password }, { kind: 'system' });
  return Object.assign(staff, { password });
}

/** `name=value` of the staff session cookie in a response, if it sets one. */
export function sessionCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const cookies = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.find((cookie) => cookie.startsWith('guichet_personnel='))?.split(';')[0];
}

/** Posts the login form; returns the answer and the session cookie it sets. */
export async function postLogin(t: TestApp, email: string, password: string, options: { ip?: string; cookie?: string } = {}) {
  const req = t
    .http()
    .post('/admin/login')
    .type('form')
    .set('X-Forwarded-For', options.ip ?? uniqueIp());
  if (options.cookie) req.set('Cookie', options.cookie);
  const res = await req.send({ email, password });
  return { res, cookie: sessionCookie(res) ?? options.cookie };
}

/** A staff member logged in with a password only (not enrolled, not required to be): the session cookie. */
export async function loggedInStaff(t: TestApp, staff: { email: string; password: string }): Promise<string> {
  const { res, cookie } = await postLogin(t, staff.email, staff.password);
  if (res.status !== 303 || res.headers.location !== '/admin' || !cookie) throw new Error(`login failed: ${res.status} ${res.headers.location}`);
  return cookie;
}

/** The current TOTP code of a secret at the app's time. */
export function totpCode(t: TestApp, secret: string): string {
  return generateSync({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
}

/** Enrols TOTP from the staff member's page; returns the secret read back from the page and the recovery codes. */
export async function enrolTotp(t: TestApp, cookie: string): Promise<{ secret: string; recoveryCodes: string[]; cookie: string }> {
  const page = await t.http().get('/admin/mon-compte/2fa').set('Cookie', cookie).expect(200);
  const secret = /data-secret="([A-Z2-7]+)"/.exec(page.text)?.[1];
  if (!secret) throw new Error('no secret on the enrolment page');
  const session = sessionCookie(page) ?? cookie;
  const done = await t.http().post('/admin/mon-compte/2fa').type('form').set('Cookie', session).send({ code: totpCode(t, secret) }).expect(200);
  const recoveryCodes = [...done.text.matchAll(/<li>([a-z0-9]{5}-[a-z0-9]{5})<\/li>/g)].map((match) => match[1]);
  return { secret, recoveryCodes, cookie: sessionCookie(done) ?? session };
}

/** A new staff member of a role, logged in through /admin/login: the session cookie to call the panel (and AdminJS's API) with. */
export async function loginAsStaff(t: TestApp, role: StaffRole): Promise<{ cookie: string; staff: Staff & { password: string } }> {
  const staff = await newStaff(t, role);
  return { cookie: await loggedInStaff(t, staff), staff };
}

/** A staff member of each role, logged in: their session cookies and ids by role. */
export async function loginEveryRole(t: TestApp): Promise<{ cookies: Record<StaffRole, string>; staffIds: Record<StaffRole, number> }> {
  const cookies = {} as Record<StaffRole, string>;
  const staffIds = {} as Record<StaffRole, number>;
  for (const role of ['clerk', 'supervisor', 'administrator'] as const) {
    const { cookie, staff } = await loginAsStaff(t, role);
    cookies[role] = cookie;
    staffIds[role] = staff.id;
  }
  return { cookies, staffIds };
}
