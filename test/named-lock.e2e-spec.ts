import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConnection, type Connection } from 'mysql2/promise';
import { holdingLease } from '../src/database/named-lock.js';
import { freshMysqlDatabase, MYSQL_URL, type FreshDatabase } from './support/databases.js';

const onMysql = MYSQL_URL ? describe : describe.skip;

/**
 * The lease that stands for GET_LOCK on a Galera cluster, where GET_LOCK holds on one node only
 * (migrations, demo data, the first administrator, the mailbox poll). Exercised here on a single
 * server: the row and its certification are the same on a cluster.
 */
onMysql(`the cluster-wide lease of a named lock${MYSQL_URL ? '' : ' (skipped: needs DATABASE_URL=mysql://…)'}`, () => {
  let database: FreshDatabase;
  let one: Connection;
  let two: Connection;
  const quick = { leaseSeconds: 2, renewEveryMs: 200 };
  beforeAll(async () => {
    database = await freshMysqlDatabase(MYSQL_URL!);
    one = await createConnection(database.url);
    two = await createConnection(database.url);
  });
  afterAll(async () => {
    await one?.end();
    await two?.end();
    await database?.drop();
  });

  it('lets one holder in at a time: the other is told busy, or waits and runs after', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const first = holdingLease(one, 'guichet.test-lock', 5, async () => {
      order.push('first in');
      await held;
      order.push('first out');
    });
    while (!order.length) await sleep(20);
    expect(await holdingLease(two, 'guichet.test-lock', 0, async () => order.push('never'))).toEqual({ busy: 'guichet.test-lock' });
    const second = holdingLease(two, 'guichet.test-lock', 30, async () => order.push('second'));
    await sleep(300);
    release();
    await first;
    await second;
    expect(order).toEqual(['first in', 'first out', 'second']);
    const [rows] = await one.query('SELECT COUNT(*) AS n FROM cluster_locks');
    expect(Number((rows as Array<{ n: number }>)[0].n)).toBe(0);
  });

  it('takes over the lease of a holder that crashed, once it has expired', async () => {
    await one.query("INSERT INTO cluster_locks (name, holder, expiresAt) VALUES ('guichet.crashed', 'a-crashed-instance', NOW(6) + INTERVAL 3 SECOND)");
    expect(await holdingLease(two, 'guichet.crashed', 0, async () => 'ran', quick)).toEqual({ busy: 'guichet.crashed' });
    expect(await holdingLease(two, 'guichet.crashed', 30, async () => 'ran', quick)).toEqual({ value: 'ran' });
  });

  it('keeps the lease while the work runs longer than a lease', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let running = false;
    const long = holdingLease(one, 'guichet.long', 5, async () => {
      running = true;
      await held;
    }, quick);
    while (!running) await sleep(20);
    // Twice the lease: without renewals the row would have expired.
    await sleep(2 * quick.leaseSeconds * 1000);
    expect(await holdingLease(two, 'guichet.long', 0, async () => 'ran', quick)).toEqual({ busy: 'guichet.long' });
    release();
    await long;
    expect(await holdingLease(two, 'guichet.long', 0, async () => 'ran', quick)).toEqual({ value: 'ran' });
  });
});
