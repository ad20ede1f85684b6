import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { In, IsNull, Not } from 'typeorm';
import { Account } from '../src/accounts/account.entity.js';
import { EmailToken } from '../src/accounts/email-token.entity.js';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { LIMITS } from '../src/security/throttle.service.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { linkIn, tokenIn } from './support/mailbox.js';
import { confirmedResident, loggedInResident, signupBody } from './support/residents.js';

describe('no account enumeration (A5) and clean logs (S3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const strip = (res: { status: number; body: unknown; headers: Record<string, string> }) => ({
    status: res.status,
    body: res.body,
    type: res.headers['content-type'],
  });

  it('answers a sign-up for a confirmed address like any other, and tells the owner by email', async () => {
    const { email } = await confirmedResident(t);
    const existing = await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email.toUpperCase(), { firstName: 'Intrus' }));
    const fresh = await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(uniqueEmail()));
    expect(strip(existing)).toEqual(strip(fresh));
    expect(existing.status).toBe(202);

    const mail = await t.mailbox.last(email);
    expect(mail.subject).toContain('Vous avez déjà un compte');
    expect(mail.text).toContain('Camille,');
    expect(mail.text).not.toContain('token=');
    // The existing account is untouched.
    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ email });
    expect(account.firstName).toBe('Camille');
  });

  it('answers resend-verification and forgot-password identically for known and unknown addresses', async () => {
    const { email } = await confirmedResident(t);
    for (const path of ['/api/v1/auth/resend-verification', '/api/v1/auth/password/forgot']) {
      const known = await t.http().post(path).set('X-Forwarded-For', uniqueIp()).send({ email });
      const unknown = await t.http().post(path).set('X-Forwarded-For', uniqueIp()).send({ email: uniqueEmail('personne') });
      expect(strip(known)).toEqual(strip(unknown));
      expect(known.status).toBe(202);
    }
  });

  it('does the same work on the request path of resend and forgot for known and unknown addresses, and mails only the owner', async () => {
    const { email } = await confirmedResident(t);
    const pending = uniqueEmail('en-attente');
    const unknown = uniqueEmail('personne');
    await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(pending)).expect(202);
    await t.mailbox.all();
    for (const path of ['/api/v1/auth/resend-verification', '/api/v1/auth/password/forgot']) {
      const before = { confirmed: (await t.mailbox.for(email)).length, pending: (await t.mailbox.for(pending)).length };
      const writes = [];
      for (const address of [email, pending, unknown]) {
        const counts = await rowCounts();
        const res = await t.http().post(path).set('X-Forwarded-For', uniqueIp()).send({ email: address });
        expect(res.status).toBe(202);
        writes.push(diff(counts, await rowCounts()));
      }
      // One deferred request and the IP's counter, whoever owns the address.
      expect(writes[0]).toEqual({ outbox_messages: 1, rate_limits: 1 });
      expect(writes[1]).toEqual(writes[0]);
      expect(writes[2]).toEqual(writes[0]);
      expect((await t.mailbox.for(email)).length).toBe(before.confirmed + 1);
      expect((await t.mailbox.for(pending)).length).toBe(before.pending + 1);
    }
    expect((await t.mailbox.last(email)).subject).toContain('mot de passe');
    // Every request was resolved and removed; the unknown address got nothing.
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipient: In([email, pending, unknown]), status: Not('sent') })).toBe(0);
    expect(await t.mailbox.for(unknown)).toEqual([]);
  });

  /** Rows per table (and per kind of outbox row), to compare what two requests wrote. */
  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const tables = [...t.dataSource.entityMetadatas.map((m) => m.tableName), 'rate_limits'];
    for (const table of tables) {
      const [row] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${t.dataSource.driver.escape(table)}`);
      counts[table] = Number(row.n);
    }
    counts.revoked_email_tokens = await t.dataSource.getRepository(EmailToken).countBy({ revokedAt: Not(IsNull()) });
    return counts;
  }

  function diff(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
    return Object.fromEntries(Object.keys(after).filter((k) => after[k] !== before[k]).map((k) => [k, after[k] - before[k]]));
  }

  it('limits the emails sent to one address, still answering 202', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 7; i++) {
      await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    }
    expect(await t.mailbox.for(email)).toHaveLength(5);
  });

  it('limits email requests per IP with 429, also when they arrive at once', async () => {
    const ip = uniqueIp();
    const { points } = LIMITS.emailRequestsPerIp;
    const results = await Promise.all(
      Array.from({ length: points + 5 }, () => t.http().post('/api/v1/auth/password/forgot').set('X-Forwarded-For', ip).send({ email: uniqueEmail('x') })),
    );
    expect(results.filter((r) => r.status === 202)).toHaveLength(points);
    const blocked = results.filter((r) => r.status === 429);
    expect(blocked).toHaveLength(5);
    expect(blocked[0].headers['retry-after']).toBeDefined();
  });

  it('writes JSON logs with a request id and no password, token or full address', async () => {
    t.logs.length = 0;
    const resident = await loggedInResident(t);
    const token = tokenIn(await t.mailbox.last(resident.email));
    const res = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${resident.accessToken}`).set('X-Request-Id', 'req-abc-123');
    expect(res.headers['x-request-id']).toBe('req-abc-123');
    await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": broken');

    expect(t.logs.length).toBeGreaterThan(5);
    const lines = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.some((l) => (l.req as { id?: string } | undefined)?.id === 'req-abc-123')).toBe(true);
    const all = t.logs.join('\n');
    for (const secret of [resident.password, resident.accessToken, resident.refreshToken, token, resident.email]) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain(resident.email.slice(0, 1) + '***@');
  });
});

describe('the link of an email on a plain line of the log, in development only', () => {
  it('prints it alone on its line with the file transport in development, and never otherwise', async () => {
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return (write as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean)(chunk, ...rest);
    });
    try {
      for (const env of ['development', 'test']) {
        const app = await startApp({ NODE_ENV: env, DEMO_DATA: 'false', LOG_LEVEL: 'silent' });
        try {
          printed.length = 0;
          const email = uniqueEmail();
          await app.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
          const link = linkIn(await app.mailbox.last(email)).toString();
          const lines = printed.join('').split('\n');
          if (env === 'development') expect(lines).toContain(link);
          else expect(printed.join('')).not.toContain(link);
        } finally {
          await app.close();
        }
      }
    } finally {
      spy.mockRestore();
    }
  });
});
