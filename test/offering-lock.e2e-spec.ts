import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConnection } from 'mysql2/promise';
import { Offering } from '../src/activities/offering.entity.js';
import { DomainError } from '../src/common/domain-error.js';
import { withOfferingsLocked } from '../src/registrations/offering-lock.js';
import { startApp, type TestApp } from './support/app.js';
import { MYSQL_URL } from './support/databases.js';
import { createOffering } from './support/registrations.js';

const onMysql = MYSQL_URL ? it : it.skip;

/**
 * The offerings' lock (R4) in its few statements: the offerings as the lock read them, a wait
 * bounded to 2 s for the lock's statement only (never the connection's other transactions), the
 * transactions in READ COMMITTED, and 503 after three busy attempts.
 */
describe('the offerings’ lock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t?.close());

  it('gives the work the offerings as the lock read them, marked changed at the lock’s time', async () => {
    const a = await createOffering(t, { capacity: 7 });
    const b = await createOffering(t, { capacity: 9 });
    const now = t.clock.now();
    const seen = await withOfferingsLocked(t.dataSource, [b.id, a.id, b.id], now, async (_manager, offerings) => offerings);
    expect([...seen.keys()]).toEqual([a.id, b.id]);
    expect(seen.get(a.id)).toMatchObject({ code: a.code, capacity: 7, startsOn: a.startsOn, rl24: false });
    expect(seen.get(b.id)!.residentsOpenAt.getTime()).toBe(b.residentsOpenAt.getTime());
    expect(seen.get(a.id)!.updatedAt.getTime()).toBe(now.getTime());
    expect((await t.dataSource.getRepository(Offering).findOneByOrFail({ id: a.id })).updatedAt.getTime()).toBe(now.getTime());
  });

  onMysql('runs READ COMMITTED, and its 2 s lock wait never reaches the rest of the transaction nor the pool’s other transactions', async () => {
    const offering = await createOffering(t);
    const [{ defaultWait }] = await t.dataSource.query('SELECT @@GLOBAL.innodb_lock_wait_timeout AS defaultWait');
    expect(Number(defaultWait)).not.toBe(2);
    // Many at once, so that they run on many of the pool's connections.
    const inside = await Promise.all(
      Array.from({ length: 30 }, () =>
        withOfferingsLocked(t.dataSource, [offering.id], t.clock.now(), async (manager) => {
          const [row] = await manager.query('SELECT @@SESSION.innodb_lock_wait_timeout AS wait, @@SESSION.tx_isolation AS isolation');
          return row as { wait: unknown; isolation: string };
        }),
      ),
    );
    for (const row of inside) expect([Number(row.wait), row.isolation]).toEqual([Number(defaultWait), 'READ-COMMITTED']);
    const after = await Promise.all(Array.from({ length: 30 }, () => t.dataSource.transaction(async (manager) => (await manager.query('SELECT @@SESSION.innodb_lock_wait_timeout AS wait'))[0] as { wait: unknown })));
    for (const row of after) expect(Number(row.wait)).toBe(Number(defaultWait));
  });

  onMysql('waits 2 s for a busy offering, three times, then answers 503 with Retry-After', async () => {
    const offering = await createOffering(t);
    const other = await createConnection(MYSQL_URL!);
    try {
      await other.query('START TRANSACTION');
      await other.query('SELECT id FROM offerings WHERE id = ? FOR UPDATE', [offering.id]);
      const started = Date.now();
      const error = await withOfferingsLocked(t.dataSource, [offering.id], t.clock.now(), async () => 'locked').catch((e: unknown) => e);
      const waited = Date.now() - started;
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('service_unavailable');
      expect((error as DomainError).status).toBe(503);
      expect((error as DomainError).extra.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      // Three waits of 2 s (and short pauses), far from InnoDB's 50 s.
      expect(waited).toBeGreaterThanOrEqual(5_500);
      expect(waited).toBeLessThan(30_000);
      await other.query('ROLLBACK');
      expect(await withOfferingsLocked(t.dataSource, [offering.id], t.clock.now(), async () => 'locked')).toBe('locked');
    } finally {
      await other.end();
    }
  }, 60_000);
});
