import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { RefreshToken } from './refresh-token.entity.js';

/**
 * How long a process trusts what it last read of a login: a logout, a password change or a replayed
 * refresh token made through another instance reaches this one's access tokens this late at most;
 * through this one, at once.
 */
export const SESSION_RECHECK_MS = 2_000;
/** A bound on the logins remembered (a registration night has thousands at once). */
const MAX_REMEMBERED = 50_000;

/**
 * Whether a resident's login (the refresh chain its access tokens name, `sid`) is still alive: an
 * access token dies with its login (logout, password change or reset, a replayed refresh token),
 * not only when its 15 minutes end (ASVS 3.3.1, 3.3.3). One indexed read per login every
 * SESSION_RECHECK_MS, whatever the number of requests.
 */
@Injectable()
export class ResidentSessions {
  private readonly seen = new Map<string, { accountId: number; alive: boolean; until: number }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async alive(sessionId: string, accountId: number): Promise<boolean> {
    const now = performance.now();
    const known = this.seen.get(sessionId);
    if (known && known.until > now && known.accountId === accountId) return known.alive;
    const alive = await this.dataSource.getRepository(RefreshToken).existsBy({ familyId: sessionId, accountId, revokedAt: IsNull() });
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
    this.seen.set(sessionId, { accountId, alive, until: performance.now() + SESSION_RECHECK_MS });
    return alive;
  }

  /** After this process ended logins of the account: its next requests read them again. */
  forgetAccount(accountId: number): void {
    for (const [sessionId, known] of this.seen) if (known.accountId === accountId) this.seen.delete(sessionId);
  }
}
