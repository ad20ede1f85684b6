import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Account } from '../src/accounts/account.entity.js';
import { AuthService } from '../src/auth/auth.service.js';
import { LIMITS, limitKey, ThrottleService } from '../src/security/throttle.service.js';
import { inTransaction } from '../src/database/transaction.js';
import { startApp, uniqueEmail, type TestApp } from './support/app.js';
import { confirmedResident } from './support/residents.js';

/**
 * On SQLite every query of the process shares one connection: a write made outside a transaction
 * while another request's transaction is open lands inside it, and vanishes with its rollback.
 * Each test holds a transaction open, makes a write beside it, then rolls the transaction back:
 * the write must survive (on MySQL/MariaDB it has a connection of its own and always does).
 */
describe('writes outside transactions take their turn (SQLite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  /** A transaction that stays open until `release()`, then rolls back. */
  async function openTransaction() {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const rolledBack = inTransaction(t.dataSource, async (manager) => {
      await manager.query('SELECT 1');
      opened();
      await released;
      throw new Error('rolled back');
    }).catch((error: Error) => error.message);
    await open;
    return {
      /** Gives the write beside it every chance to run first, then rolls the transaction back. */
      async rollBack() {
        await new Promise((resolve) => setImmediate(resolve));
        release();
        expect(await rolledBack).toBe('rolled back');
      },
    };
  }

  it("keeps a limiter's point counted when another request's transaction rolls back", async () => {
    const throttle = t.app.get(ThrottleService);
    const key = limitKey(uniqueEmail());
    const held = await openTransaction();
    const consumed = throttle.consume(['loginFailuresPerAccount', key]);
    await held.rollBack();
    await consumed;
    const q = (name: string) => t.dataSource.driver.escape(name);
    const [row] = await t.dataSource.query(`SELECT ${q('points')} AS points FROM ${q('rate_limits')} WHERE ${q('key')} = ?`, [`loginFailuresPerAccount:${key}`]);
    expect(Number(row?.points)).toBe(1);
    expect(LIMITS.loginFailuresPerAccount.points).toBeGreaterThan(1);
  });

  it("keeps a new login's refresh token when another request's transaction rolls back", async () => {
    const { email } = await confirmedResident(t);
    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ email });
    const held = await openTransaction();
    const pair = t.app.get(AuthService).login(account);
    await held.rollBack();
    const { refreshToken } = await pair;
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(200);
  });
});
