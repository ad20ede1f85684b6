import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { In } from 'typeorm';
import { outboxMessageId } from '../../src/notifications/outbox-dispatcher.service.js';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity.js';
import { retryDelayMs } from '../../src/notifications/retry-policy.js';
import { uniqueEmail, uniqueIp } from '../support/app.js';
import { call, eventually, runLoad, startFaultStack, type FaultStack } from '../support/faults.js';
import { hasMariaDbServer } from '../support/mariadb-server.js';
import { signupBody } from '../support/residents.js';

const describeWithMariaDb = hasMariaDbServer ? describe : describe.skip;

/** How long the SMTP server refuses connections: FAULTS_SMTP_OUTAGE_S seconds, a minute by default. */
const OUTAGE_MS = Number(process.env.FAULTS_SMTP_OUTAGE_S ?? 60) * 1000;
/**
 * Within this long of the server's return every email has gone out: the dispatcher asks the server
 * every 5 s whether it answers again, then sends at once what waited for its backoff (30 s, 1 min,
 * 2 min… after each failure), rather than at the end of that backoff.
 */
const DELIVERED_WITHIN_MS = 20_000;
const SIGNUPS = 40;

describeWithMariaDb(`the SMTP server refusing connections for ${OUTAGE_MS / 1000} s`, () => {
  let stack: FaultStack;
  beforeAll(async () => {
    stack = await startFaultStack();
  });
  afterAll(async () => stack?.close());

  it('accepts every request meanwhile, then delivers every email exactly once, within 20 s of its return', async () => {
    const { sink, t, base } = stack;
    await sink.refuse();
    const refusedAt = Date.now();
    // Sign-ups spread over the outage, each one's email refused at its first attempt.
    const emails = Array.from({ length: SIGNUPS }, () => uniqueEmail('smtp'));
    const spacing = (OUTAGE_MS * 0.8) / SIGNUPS;
    const outcomes = await runLoad(
      emails.map((email) => async () => {
        const outcome = await call('signup', email, `${base}/api/v1/auth/signup`, { body: signupBody(email), headers: { 'x-forwarded-for': uniqueIp() } });
        await sleep(spacing);
        return outcome;
      }),
      1,
    );
    expect(outcomes.map((o) => o.status)).toEqual(emails.map(() => 202));
    const repo = t.dataSource.getRepository(OutboxMessage);
    await eventually('every email tried and refused once', async () => (await repo.findBy({ recipient: In(emails) })).every((m) => m.attempts >= 1 && m.status === 'pending'), 30_000);
    expect(sink.messages).toHaveLength(0);
    const remaining = OUTAGE_MS - (Date.now() - refusedAt);
    if (remaining > 0) await sleep(remaining);

    await sink.accept();
    const acceptedAt = Date.now();
    const rows = await repo.findBy({ recipient: In(emails) });
    // At the latest the backoff (retryDelayMs) would send them; the server's return comes first.
    await eventually('every email delivered', async () => rows.every((m) => sink.count(outboxMessageId(m)) >= 1), retryDelayMs(4) + 30_000, 250);
    // Exactly once, and marked sent.
    expect(rows.map((m) => sink.count(outboxMessageId(m)))).toEqual(rows.map(() => 1));
    await eventually('every email marked sent', async () => (await repo.countBy({ recipient: In(emails), status: 'sent' })) === emails.length, 30_000);
    const lastDelivery = Math.max(...sink.messages.map((m) => m.receivedAt));
    const sent = await repo.findBy({ recipient: In(emails) });
    expect(lastDelivery - acceptedAt).toBeLessThan(DELIVERED_WITHIN_MS);
    process.stdout.write(
      `\nFAULT FIGURES smtp-outage ${JSON.stringify({
        outageSeconds: (acceptedAt - refusedAt) / 1000,
        emails: emails.length,
        deliveries: sink.messages.length,
        maxAttempts: Math.max(...sent.map((m) => m.attempts)),
        lastEmailAfterReturnSeconds: (lastDelivery - acceptedAt) / 1000,
      })}\n`,
    );
  });
});
