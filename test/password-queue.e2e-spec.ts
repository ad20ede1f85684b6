import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { Account } from '../src/accounts/account.entity.js';
import { passwordQueue } from '../src/security/password-hasher.js';
import { PASSWORD, startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { tokenIn } from './support/mailbox.js';
import { signupBody } from './support/residents.js';
import { newStaff, postLogin } from './support/staff.js';

/**
 * One argon2 operation at a time and two more admitted: a burst of a few dozen overflows it. No
 * bound on the expected wait, so that the queue's size does not depend on how fast this machine is.
 */
const QUEUE = { UV_THREADPOOL_SIZE: '1', PASSWORD_QUEUE_MAX: '2', PASSWORD_QUEUE_WAIT_MS: '600000' };

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await condition()) return;
    await sleep(50);
  }
  throw new Error(`Still not true after 30 s: ${what}`);
}

/** The queue's single thread, taken by the test until it calls the returned function. */
function occupyThePool(): () => Promise<void> {
  let release!: () => void;
  const held = passwordQueue().run(() => new Promise<void>((resolve) => (release = resolve)));
  return () => {
    release();
    return held;
  };
}

function expectServiceUnavailable(res: Response): void {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable' });
  expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
}

describe('the bounded queue in front of argon2 (sign-up, login)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(QUEUE);
  });
  afterAll(() => t.close());

  // supertest sends a request only once it is awaited: `Promise.resolve` sends it now, to await later.
  const signup = (email: string, ip = uniqueIp()) => Promise.resolve(t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', ip).send(signupBody(email)));
  const login = (email: string) => t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password: PASSWORD });

  it('answers a burst beyond the queue with 503 problems and Retry-After, never 500, and every accepted request succeeds', async () => {
    const accepted: string[] = [];
    let refused = 0;
    // A burst of 30 on one thread and two places refuses some; bursts repeat until one did (it takes one).
    for (let burst = 0; burst < 5 && !refused; burst++) {
      const emails = Array.from({ length: 30 }, () => uniqueEmail('burst'));
      const answers = await Promise.all(emails.map((email) => signup(email)));
      answers.forEach((res, i) => {
        if (res.status === 202) accepted.push(emails[i]);
        else {
          expectServiceUnavailable(res);
          refused++;
        }
      });
    }
    expect(refused).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);

    // Every accepted sign-up was carried out: its link confirms the account.
    for (const email of accepted) {
      await t.http().post('/api/v1/auth/verify-email').send({ token: tokenIn(await t.mailbox.last(email)) }).expect(200);
    }

    // Logins (verifications) share the queue: a burst of them is refused in part, the others log in.
    let loggedIn = 0;
    refused = 0;
    for (let burst = 0; burst < 5 && !refused; burst++) {
      const emails = Array.from({ length: 30 }, (_, i) => accepted[i % accepted.length]);
      for (const res of await Promise.all(emails.map(login))) {
        if (res.status === 200) {
          expect(typeof res.body.accessToken).toBe('string');
          loggedIn++;
        } else {
          expectServiceUnavailable(res);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(loggedIn).toBeGreaterThan(0);
  });

  it('lets requests wait while there is room, refuses the next at once, and serves the waiting ones when a thread frees', async () => {
    const release = occupyThePool();
    const waiting = [uniqueEmail('waits'), uniqueEmail('waits')];
    const waitingIp = uniqueIp();
    const pending = waiting.map((email) => signup(email, waitingIp));
    await until(() => passwordQueue().waitingCount === 2, 'two sign-ups waiting');

    // Full: a sign-up and a login (an unknown address, verified against the dummy hash alike) are
    // refused at the door, before the limiter counts them.
    const ip = uniqueIp();
    expectServiceUnavailable(await signup(uniqueEmail('refused'), ip));
    expectServiceUnavailable(await login(uniqueEmail('unknown')));
    expect(passwordQueue().waitingCount).toBe(2);
    const counted = (address: string) => t.dataSource.query(`SELECT COUNT(*) AS n FROM rate_limits WHERE ${t.dataSource.driver.escape('key')} = ?`, [`emailRequestsPerIp:${address}`]);
    expect(Number((await counted(ip))[0].n)).toBe(0);
    expect(Number((await counted(waitingIp))[0].n)).toBe(1);

    await release();
    for (const res of await Promise.all(pending)) expect(res.status).toBe(202);
    for (const email of waiting) expect(await t.dataSource.getRepository(Account).existsBy({ email })).toBe(true);
  });

  it('drops a waiting sign-up whose client went away, without hashing it', async () => {
    const release = occupyThePool();
    const gone = uniqueEmail('gone');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const body = JSON.stringify(signupBody(gone));
    const client: ClientRequest = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/auth/signup',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': uniqueIp() },
    });
    client.on('error', () => undefined);
    client.end(body);
    await until(() => passwordQueue().waitingCount === 1, 'the sign-up waiting');

    client.destroy();
    // It leaves the line while the thread is still taken: it never ran.
    await until(() => passwordQueue().waitingCount === 0, 'the abandoned sign-up out of the queue');
    const stays = uniqueEmail('stays');
    const pending = signup(stays);
    await until(() => passwordQueue().waitingCount === 1, 'the next sign-up waiting');
    await release();
    expect((await pending).status).toBe(202);

    expect(await t.dataSource.getRepository(Account).existsBy({ email: stays })).toBe(true);
    expect(await t.dataSource.getRepository(Account).existsBy({ email: gone })).toBe(false);
    expect(await t.mailbox.for(gone)).toEqual([]);
  });
});

describe('the wait bound of the queue in front of argon2', () => {
  let t: TestApp;
  beforeAll(async () => {
    // One thread, and no request waits more than 300 ms for it.
    t = await startApp({ UV_THREADPOOL_SIZE: '1', PASSWORD_QUEUE_MAX: '2', PASSWORD_QUEUE_WAIT_MS: '300' });
  });
  afterAll(() => t.close());

  it('answers 503 with Retry-After to a sign-up whose turn comes later than PASSWORD_QUEUE_WAIT_MS, and writes nothing for it', async () => {
    const release = occupyThePool();
    const late = uniqueEmail('late');
    const ip = uniqueIp();
    const pending = Promise.resolve(t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', ip).send(signupBody(late)));
    await until(() => passwordQueue().waitingCount === 1, 'the sign-up waiting');
    // Twice the bound goes by before the thread frees.
    await sleep(600);
    await release();
    expectServiceUnavailable(await pending);
    expect(passwordQueue().waitingCount).toBe(0);
    expect(await t.dataSource.getRepository(Account).existsBy({ email: late })).toBe(false);
    expect(await t.mailbox.for(late)).toEqual([]);
    // Nor does it count against its IP's sign-ups: the point it took is given back.
    const points = await t.dataSource.query(`SELECT points FROM rate_limits WHERE ${t.dataSource.driver.escape('key')} = ?`, [`emailRequestsPerIp:${ip}`]);
    expect(points.map((row: { points: unknown }) => Number(row.points))).toEqual([0]);

    // The queue serves the next one as usual.
    const next = uniqueEmail('next');
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(next)).expect(202);
    expect(await t.dataSource.getRepository(Account).existsBy({ email: next })).toBe(true);
  });

  it('answers a staff login whose turn comes too late with a page of the panel (503, Retry-After), in French, not the API’s problem', async () => {
    const staff = await newStaff(t, 'clerk');
    const release = occupyThePool();
    const pending = postLogin(t, staff.email, staff.password);
    // Refused at the door (at the pace of the earlier tasks the wait would pass the bound), or at its
    // turn, too late: twice the bound goes by before the thread frees.
    await sleep(600);
    await release();
    const { res } = await pending;
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(res.text).toContain('Service très occupé');
    expect(res.text).toMatch(/Réessayez dans \d+\u00a0seconde/);
    // The attempt was not counted: the same password logs in at once.
    expect((await postLogin(t, staff.email, staff.password)).res.status).toBe(303);
  });
});
