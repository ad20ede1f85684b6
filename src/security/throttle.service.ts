import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterMySQL, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { DomainError, TooManyRequests } from '../common/domain-error.js';
import { canonicalEmail, emailSkeleton } from '../common/email-address.js';
import type { ProblemCode } from '../common/messages.js';
import { inTurn } from '../database/transaction.js';

export interface LimitPolicy {
  /** Attempts allowed in the window; the next one is refused. */
  points: number;
  windowSeconds: number;
  /** A success forgets the earlier failures of the window (a resident who remembered the password). */
  forgetOnSuccess?: boolean;
}

/**
 * Throttling policies; counters live in the database so that every instance shares them (SPEC §5).
 * Per-account and per-address limits protect one resident; per-IP limits only stop mass abuse and
 * are loose, because many residents share an address (a library's computers, the city hall's
 * counter, a carrier's NAT on registration night).
 */
export const LIMITS = {
  loginFailuresPerAccount: { points: 5, windowSeconds: 15 * 60, forgetOnSuccess: true },
  loginFailuresPerIp: { points: 100, windowSeconds: 15 * 60 },
  /** Every route that sends an email, whatever it sends: sign-up, resend, forgot, reset. */
  emailRequestsPerIp: { points: 100, windowSeconds: 60 * 60 },
  /** Emails to one address from every route (sign-up, resend, forgot, dossier requests); beyond, silently none. */
  emailsPerAddress: { points: 5, windowSeconds: 60 * 60 },
  /** D4: dossier numbers are guessable, so wrong number/date pairs are limited. */
  dossierLinkFailuresPerAccount: { points: 5, windowSeconds: 24 * 60 * 60 },
  dossierLinkFailuresPerIp: { points: 50, windowSeconds: 24 * 60 * 60 },
  dossierRequestsPerIp: { points: 30, windowSeconds: 60 * 60 },
  /** The panel's login (staff): wrong passwords per address and per IP, wrong second-factor codes per staff member. */
  staffLoginFailuresPerAccount: { points: 5, windowSeconds: 15 * 60, forgetOnSuccess: true },
  staffLoginFailuresPerIp: { points: 50, windowSeconds: 15 * 60 },
  staffCodeFailuresPerAccount: { points: 5, windowSeconds: 15 * 60, forgetOnSuccess: true },
  /** The mailbox: new threads and messages per resident (a script could otherwise flood the clerks' queue). */
  threadsPerAccount: { points: 20, windowSeconds: 24 * 60 * 60 },
  threadRepliesPerAccount: { points: 100, windowSeconds: 24 * 60 * 60 },
} satisfies Record<string, LimitPolicy>;

export type LimitName = keyof typeof LIMITS;

/** A limit and the key it counts under (an IP, a hashed address, an account). */
export type Limit = readonly [name: LimitName, key: string];

/** Keys never hold an address in clear: they are hashed. */
export function limitKey(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 40);
}

/** The key of a per-account limit (failed logins and dossier links), once the account is known. */
export function accountLimitKey(accountId: number): string {
  return `account:${accountId}`;
}


/**
 * Whom a login's failures count against: the account its address names; else the account whose
 * address it spells with accents or other marks (it cannot sign in through that spelling, but it
 * shares that account's count); else the address itself.
 */
export async function loginLimitKey(email: string, found: { id: number } | null, findByEmail: (email: string) => Promise<{ id: number } | null>): Promise<string> {
  if (found) return accountLimitKey(found.id);
  const skeleton = emailSkeleton(email);
  const lookalike = skeleton !== email ? await findByEmail(skeleton) : null;
  return lookalike ? accountLimitKey(lookalike.id) : limitKey(skeleton);
}

@Injectable()
export class ThrottleService {
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private limiter(name: LimitName): RateLimiterAbstract {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const { points, windowSeconds } = LIMITS[name];
      const common = { keyPrefix: name, points, duration: windowSeconds, tableName: 'rate_limits', tableCreated: true, clearExpiredByTimeout: false };
      // The store is the app's own database, whichever it is: the driver says which, and its name.
      const driver = this.dataSource.driver as unknown as { pool?: unknown; databaseConnection?: unknown; database?: string };
      limiter =
        this.dataSource.options.type !== 'better-sqlite3'
          ? new RateLimiterMySQL({ ...common, storeClient: driver.pool, storeType: 'pool', dbName: driver.database })
          : new RateLimiterSQLite({ ...common, storeClient: driver.databaseConnection, storeType: 'better-sqlite3' });
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  /**
   * Counts one request on each limit, before any work is done: parallel requests cannot all pass a
   * check before any of them is counted. Throws 429 (Retry-After) when a limit is used up; the
   * points already taken by this call are then given back, so that a refused request counts nowhere.
   */
  async consume(...limits: Limit[]): Promise<void> {
    const taken: Limit[] = [];
    for (const limit of limits) {
      try {
        await this.store(limit, (limiter, key) => limiter.consume(key));
        taken.push(limit);
      } catch (error) {
        await this.giveBack(taken, false);
        if (error instanceof RateLimiterRes) throw new TooManyRequests(error.msBeforeNext / 1000);
        throw error;
      }
    }
  }

  /**
   * Counts one request on each limit, as `consume`, for work that may still be refused for want of
   * capacity (argon2's queue, a turn that came too late): that 503 gives the points back, as the
   * request was not served. Any other outcome keeps them.
   */
  async consumeUnlessUnavailable<T>(limits: Limit[], work: () => Promise<T>): Promise<T> {
    await this.consume(...limits);
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError && error.code === 'service_unavailable') await this.giveBack(limits, false).catch(() => undefined);
      throw error;
    }
  }

  /**
   * An attempt limited by its failures (a wrong password; a wrong dossier number or date): its
   * points are consumed first, as by `consume`, and given back unless the work fails with the
   * error code `failure`. A success also forgets earlier failures where the policy says so.
   */
  async attempt<T>(limits: Limit[], failure: ProblemCode, work: () => Promise<T>): Promise<T> {
    await this.consume(...limits);
    let counted = false;
    try {
      return await work();
    } catch (error) {
      counted = error instanceof DomainError && error.code === failure;
      throw error;
    } finally {
      if (!counted) await this.giveBack(limits, true);
    }
  }

  /** Counts one email to an address (every spelling of it as one) and tells whether it is still within the limit, without throwing. */
  async allowEmailTo(address: string): Promise<boolean> {
    try {
      await this.store(['emailsPerAddress', limitKey(canonicalEmail(address))], (limiter, key) => limiter.consume(key));
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }

  /** The attempts counted in the current window (0 when none, or the window is over). */
  async attempts(limit: Limit): Promise<number> {
    const res = await this.store(limit, (limiter, key) => limiter.get(key));
    return res?.consumedPoints ?? 0;
  }

  /** Forgets every attempt on record. */
  async reset(name: LimitName, key: string): Promise<void> {
    await this.store([name, key], (limiter, k) => limiter.delete(k));
  }

  private async giveBack(limits: Limit[], success: boolean): Promise<void> {
    for (const [name, key] of limits) {
      const forget = success && (LIMITS[name] as LimitPolicy).forgetOnSuccess;
      await this.store<unknown>([name, key], (limiter, k) => (forget ? limiter.delete(k) : limiter.reward(k, 1)));
    }
  }

  /**
   * The SQLite store writes on the raw better-sqlite3 connection, where a write landing inside
   * another request's open transaction would vanish with its rollback: it takes its turn.
   */
  private store<T>([name, key]: Limit, call: (limiter: RateLimiterAbstract, key: string) => Promise<T>): Promise<T> {
    return inTurn(this.dataSource, () => call(this.limiter(name), key));
  }
}
