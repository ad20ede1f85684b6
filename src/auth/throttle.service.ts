import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterMySQL, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TooManyRequests } from '../common/domain-error.js';

export interface LimitPolicy {
  /** Attempts allowed in the window; the next one is refused. */
  points: number;
  windowSeconds: number;
}

/**
 * Throttling policies; counters live in the database so that every instance shares them (SPEC §5).
 * Per-account and per-address limits protect one resident; per-IP limits only stop mass abuse and
 * are loose, because many residents share an address (a library's computers, the city hall's
 * counter, a carrier's NAT on registration night).
 */
export const LIMITS = {
  loginFailuresPerAccount: { points: 5, windowSeconds: 15 * 60 },
  loginFailuresPerIp: { points: 100, windowSeconds: 15 * 60 },
  emailRequestsPerIp: { points: 100, windowSeconds: 60 * 60 },
  emailsPerAddress: { points: 5, windowSeconds: 60 * 60 },
  /** D4: dossier numbers are guessable, so wrong number/date pairs are limited. */
  dossierLinkFailuresPerAccount: { points: 5, windowSeconds: 24 * 60 * 60 },
  dossierLinkFailuresPerIp: { points: 50, windowSeconds: 24 * 60 * 60 },
  dossierRequestsPerIp: { points: 30, windowSeconds: 60 * 60 },
} satisfies Record<string, LimitPolicy>;

export type LimitName = keyof typeof LIMITS;

/** Keys never hold an address in clear: they are hashed. */
export function limitKey(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 40);
}

@Injectable()
export class ThrottleService {
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private limiter(name: LimitName): RateLimiterAbstract {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const { points, windowSeconds } = LIMITS[name];
      const common = { keyPrefix: name, points, duration: windowSeconds, tableName: 'rate_limits', tableCreated: true, clearExpiredByTimeout: false };
      const driver = this.dataSource.driver as unknown as { pool?: unknown; databaseConnection?: unknown };
      limiter =
        this.config.database.type === 'mysql'
          ? new RateLimiterMySQL({ ...common, storeClient: driver.pool, storeType: 'pool', dbName: this.config.database.database })
          : new RateLimiterSQLite({ ...common, storeClient: driver.databaseConnection, storeType: 'better-sqlite3' });
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  /**
   * Throws 429 when the limit is already reached, without counting this attempt; tells whether
   * earlier attempts are on record (so that a reset can be skipped when there is nothing to reset).
   */
  async assertAllowed(name: LimitName, key: string): Promise<boolean> {
    const res = await this.limiter(name).get(key);
    if (res && res.consumedPoints >= LIMITS[name].points) throw new TooManyRequests(res.msBeforeNext / 1000);
    return res !== null && res.consumedPoints > 0;
  }

  /** Counts one attempt; throws 429 when it is over the limit. */
  async consume(name: LimitName, key: string): Promise<void> {
    try {
      await this.limiter(name).consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new TooManyRequests(error.msBeforeNext / 1000);
      throw error;
    }
  }

  /** Counts one attempt and tells whether it was still within the limit, without throwing. */
  async tryConsume(name: LimitName, key: string): Promise<boolean> {
    try {
      await this.limiter(name).consume(key);
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }

  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiter(name).delete(key);
  }
}
