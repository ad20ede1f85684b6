import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { In } from 'typeorm';
import { Account } from '../../src/accounts/account.entity.js';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity.js';
import { startApp, uniqueEmail, uniqueIp, type TestApp } from '../support/app.js';
import { baseUrl, call, isUnavailableProblem, mismatches } from '../support/faults.js';
import { signupBody } from '../support/residents.js';

// A filesystem of a few megabytes of its own: a tmpfs, which only root may mount.
const root = process.getuid?.() === 0;
const describeAsRoot = root ? describe : describe.skip;

/** Writes a file until the filesystem is full, then frees `leaveBytes`; returns the file. */
function fill(dir: string, leaveBytes: number): string {
  const file = join(dir, 'remplissage');
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 16, 512]) {
      const chunk = Buffer.alloc(size, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  if (leaveBytes) execFileSync('truncate', ['-s', `-${leaveBytes}`, file]);
  return file;
}

describeAsRoot(`the embedded SQLite database on a full disk${root ? '' : ' (skipped: mounting a tmpfs needs root)'}`, () => {
  let dir: string;
  let t: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-plein-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]);
    t = await startApp({ DATA_DIR: dir });
  });
  afterAll(async () => {
    await t?.close();
    if (dir) {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 storage_full (never 500) while the disk is full, writes whole sign-ups only, and works again once space is freed, uncorrupted', async () => {
    const base = baseUrl(t);
    const signUp = (email: string) => call('signup', email, `${base}/api/v1/auth/signup`, { body: signupBody(email), headers: { 'x-forwarded-for': uniqueIp(), 'accept-language': 'fr' } });

    // A little room left: the first sign-ups fit, then the disk is full.
    const filler = fill(dir, 256 * 1024);
    const emails = Array.from({ length: 40 }, () => uniqueEmail('plein'));
    const outcomes = [];
    for (const email of emails) outcomes.push(await signUp(email));
    expect(outcomes.filter((o) => o.status !== 202 && !isUnavailableProblem(o, ['storage_full'])).map((o) => [o.status, o.body])).toEqual([]);
    const refused = outcomes.filter((o) => o.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].body).toMatchObject({ code: 'storage_full', title: 'Espace de stockage insuffisant' });
    expect(String(refused[0].body?.detail)).toContain("Votre demande n'a pas été enregistrée");
    expect(t.logs.join('')).not.toContain('Unhandled error');
    expect(mismatches(t.openapi, outcomes)).toEqual([]);

    // Whole sign-ups only: each 202 has its account and email; each 503 left nothing.
    const accounts = await t.dataSource.getRepository(Account).findBy({ email: In(emails) });
    const accepted = outcomes.filter((o) => o.status === 202).map((o) => o.key);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accounts.map((a) => a.email).sort()).toEqual([...accepted].sort());
    const mails = await t.dataSource.getRepository(OutboxMessage).findBy({ recipient: In(emails) });
    expect(mails.map((m) => m.recipient).sort()).toEqual([...accepted].sort());

    // Space freed: the service works again without a restart, and the file is sound.
    rmSync(filler);
    expect((await signUp(uniqueEmail('libre'))).status).toBe(202);
    expect((await signUp(refused[0].key)).status).toBe(202);
    expect(await t.dataSource.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);

    // And after a restart on the same folder: everything accepted is still there.
    await t.close();
    t = await startApp({ DATA_DIR: dir });
    expect(await t.dataSource.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(await t.dataSource.getRepository(Account).countBy({ email: In(emails) })).toBe(accepted.length + 1);
    process.stdout.write(`\nFAULT FIGURES sqlite-disk-full ${JSON.stringify({ signups: emails.length, accepted: accepted.length, answered503: refused.length })}\n`);
  });
});
