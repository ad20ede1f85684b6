import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { In } from 'typeorm';
import { OutboxMessage } from '../src/notifications/outbox-message.entity.js';
import { OutboxService } from '../src/notifications/outbox.service.js';
import { retryDelayMs } from '../src/notifications/retry-policy.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from './support/app.js';
import { failCommits } from './support/conflicts.js';
import { MYSQL_URL } from './support/databases.js';
import { signupBody } from './support/residents.js';

/** Two service instances on one database, as on a registration night behind a load balancer. */
describe('email outbox', () => {
  let a: TestApp;
  let b: TestApp;
  let down: TestApp;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'guichet-outbox-'));
    a = await startApp({ DATA_DIR: dataDir, MAIL_DIR: join(dataDir, 'mail-a') });
    b = await startApp({ DATA_DIR: dataDir, MAIL_DIR: join(dataDir, 'mail-b') });
    // An SMTP server that does not answer: nothing listens on port 9 of loopback.
    down = await startApp({ DATA_DIR: dataDir, SMTP_URL: 'smtp://127.0.0.1:9' });
  });
  afterEach(() => {
    a.clock.reset();
    b.clock.reset();
  });
  afterAll(async () => {
    await down.close();
    await b.close();
    await a.close();
  });

  async function enqueue(app: TestApp, count: number): Promise<number[]> {
    const outbox = app.app.get(OutboxService);
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const id = await app.dataSource.transaction((manager) =>
        outbox.enqueue(manager, uniqueEmail('lot'), 'fr', { template: 'password_changed', params: { firstName: `N${i}` } }),
      );
      ids.push(id);
    }
    return ids;
  }

  it('writes the email in the same transaction as the change: a rolled-back change sends nothing', async () => {
    const outbox = a.app.get(OutboxService);
    const recipient = uniqueEmail('annule');
    await expect(
      a.dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, recipient, 'fr', { template: 'password_changed', params: { firstName: 'X' } });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await a.dataSource.getRepository(OutboxMessage).countBy({ recipient })).toBe(0);
  });

  it('never sends a message twice when two instances dispatch at once', async () => {
    // Whatever earlier test files left due in a shared MariaDB database goes first, so that exactly these 40 are due.
    await a.dispatcher.dispatchDue();
    const ids = await enqueue(a, 40);
    const recipients = new Set((await a.dataSource.getRepository(OutboxMessage).findBy({ id: In(ids) })).map((r) => r.recipient));
    const [sentA, sentB] = await Promise.all([a.dispatcher.dispatchDue(), b.dispatcher.dispatchDue()]);
    expect(sentA + sentB).toBe(40);
    const rows = await a.dataSource.getRepository(OutboxMessage).findBy({ id: In(ids) });
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    // Bodies may hold single-use links: they are gone once sent.
    expect(rows.every((r) => r.textBody === null && r.htmlBody === null)).toBe(true);
    const files = [...(await a.mailbox.all()), ...(await b.mailbox.all())].filter((m) => recipients.has(m.to));
    expect(files).toHaveLength(40);
    expect(new Set(files.map((m) => m.to)).size).toBe(40);
  });

  // SQLite claims with one UPDATE, alone on its file: no commit to lose.
  (MYSQL_URL ? it : it.skip)('sends nothing of a claim whose commit failed (a Galera certification conflict): the other instance sends it, once', async () => {
    await a.dispatcher.dispatchDue();
    await b.dispatcher.dispatchDue();
    const ids = await enqueue(a, 5);
    const recipients = new Set((await a.dataSource.getRepository(OutboxMessage).findBy({ id: In(ids) })).map((r) => r.recipient));
    // The files instance a wrote (its mailbox would dispatch before reading them).
    const filesOfA = () => (existsSync(a.config.mailDir) ? readdirSync(a.config.mailDir).length : 0);
    const before = filesOfA();
    // Every commit of instance a fails, as on a node whose claims keep losing to another node's.
    const conflicts = failCommits(a.dataSource, 1_000);
    const lost = await a.dispatcher.dispatchDue().then(
      (sent) => sent,
      () => 0,
    );
    conflicts.stop();
    expect(conflicts.failed()).toBeGreaterThan(0);
    expect(lost).toBe(0);
    expect(filesOfA()).toBe(before);
    const rows = await a.dataSource.getRepository(OutboxMessage).findBy({ id: In(ids) });
    expect(rows.every((r) => r.status === 'pending' && r.lockedBy === null)).toBe(true);

    expect(await b.dispatcher.dispatchDue()).toBe(5);
    expect((await b.mailbox.all()).filter((m) => recipients.has(m.to))).toHaveLength(5);
    expect(filesOfA()).toBe(before);
  });

  it('loses nothing during an SMTP outage and retries with backoff', async () => {
    const email = uniqueEmail('panne');
    await down.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email)).expect(202);
    const repo = down.dataSource.getRepository(OutboxMessage);
    const before = Date.now();
    await down.dispatcher.dispatchDue();
    const failed = await repo.findOneByOrFail({ recipient: email });
    expect(failed.status).toBe('pending');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toBeTruthy();
    expect(failed.lastError).not.toContain(email);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 29_000);
    expect(failed.textBody).toContain('Confirmation de mon adresse courriel');

    // Not due yet: the other instance leaves it alone.
    await a.dispatcher.dispatchDue();
    expect((await repo.findOneByOrFail({ id: failed.id })).status).toBe('pending');

    // SMTP is back (instance a writes files): once due, the message goes out, once.
    a.clock.advance(retryDelayMs(1));
    const mails = await a.mailbox.for(email);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('Confirmation de mon adresse courriel');
    const sent = await repo.findOneByOrFail({ id: failed.id });
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('takes over a message whose sender crashed mid-way, once its lease has expired', async () => {
    const [id] = await enqueue(a, 1);
    const repo = a.dataSource.getRepository(OutboxMessage);
    // An instance claimed it for 5 minutes, then crashed before sending.
    await repo.update({ id }, { status: 'sending', lockedBy: 'crashed-instance', lockedUntil: new Date(b.clock.now().getTime() + 5 * 60_000) });
    await b.dispatcher.dispatchDue();
    expect((await repo.findOneByOrFail({ id })).status).toBe('sending');
    b.clock.advance(5 * 60_000);
    await b.dispatcher.dispatchDue();
    expect((await repo.findOneByOrFail({ id })).status).toBe('sent');
  });
});
