import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { verifyPassword, withPasswordTurn } from '../security/password-hasher.js';
import { SECURITY_CONFIG, type SecurityConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { insertRow } from '../database/insert-row.js';
import { inTurn } from '../database/transaction.js';
import { hashToken, newToken } from '../common/tokens.js';
import { canonicalEmail } from '../common/email-address.js';
import type { TokenPairResponse } from './dto/auth.dto.js';
import { RefreshToken } from './refresh-token.entity.js';
import { ResidentSessions } from './resident-sessions.js';
import { loginLimitKey, ThrottleService, type Limit } from '../security/throttle.service.js';

export interface AccessTokenPayload {
  sub: number;
  typ: 'access';
  /** The login (refresh chain) the token belongs to: it dies with it (see ResidentSessions). */
  sid?: string;
}

/** Login, JWT access tokens and rotating refresh tokens (SPEC §3). */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECURITY_CONFIG) private readonly config: SecurityConfig,
    private readonly jwt: JwtService,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
    private readonly sessions: ResidentSessions,
  ) {}

  /**
   * Checks the credentials. Unknown address and wrong password get the same 401 after the same
   * work; `email_not_verified` is told only to whoever knows the password. The attempt is counted
   * before the password is verified, so that parallel guesses cannot all pass the limit; it counts
   * per account once the address names one, whatever spelling of it was typed.
   */
  async validateCredentials(rawEmail: string, password: string, ip: string, gone?: AbortSignal): Promise<Account> {
    const email = canonicalEmail(rawEmail);
    const accounts = this.dataSource.getRepository(Account);
    const account = await accounts.findOneBy({ email });
    const limits: Limit[] = [
      ['loginFailuresPerIp', ip],
      ['loginFailuresPerAccount', await loginLimitKey(email, account, (skeleton) => accounts.findOne({ where: { email: skeleton }, select: { id: true } }))],
    ];
    // A place in argon2's queue first: when it is full, the attempt is refused before it is counted.
    return withPasswordTurn(gone, (turn) =>
      this.throttle.attempt(limits, 'invalid_credentials', async () => {
        if (!(await verifyPassword(account?.passwordHash ?? null, password, turn)) || !account) {
          throw new DomainError('invalid_credentials', 401);
        }
        if (!account.emailVerifiedAt) throw new DomainError('email_not_verified', 403);
        return account;
      }),
    );
  }

  /** A new login: a new refresh chain. */
  login(account: Account): Promise<TokenPairResponse> {
    return this.issuePair(account.id, randomUUID());
  }

  /** Spends a refresh token for a new pair; a spent or revoked one revokes its whole chain. */
  async refresh(refreshToken: string): Promise<TokenPairResponse> {
    const now = this.clock.now();
    const repo = this.dataSource.getRepository(RefreshToken);
    const row = await repo.findOneBy({ tokenHash: hashToken(refreshToken) });
    if (!row) throw new DomainError('refresh_token_invalid', 401);
    if (row.spentAt || row.revokedAt) {
      await this.revokeFamily(row);
      throw new DomainError('refresh_token_invalid', 401);
    }
    if (row.expiresAt.getTime() <= now.getTime()) throw new DomainError('refresh_token_invalid', 401);
    const spent = await inTurn(this.dataSource, () => repo.update({ id: row.id, spentAt: IsNull(), revokedAt: IsNull() }, { spentAt: now }));
    if (!spent.affected) {
      // Lost a race with another use of the same token: that is a replay as well.
      await this.revokeFamily(row);
      throw new DomainError('refresh_token_invalid', 401);
    }
    return this.issuePair(row.accountId, row.familyId);
  }

  /** Logout: the chain of this refresh token dies. Unknown tokens are ignored (logout is idempotent). */
  async logout(refreshToken: string): Promise<void> {
    const row = await this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash: hashToken(refreshToken) });
    if (row) await this.revokeFamily(row);
  }

  /** Logout everywhere: every refresh chain of the account dies. */
  async logoutEverywhere(accountId: number): Promise<void> {
    await inTurn(this.dataSource, () => this.dataSource.getRepository(RefreshToken).update({ accountId, revokedAt: IsNull() }, { revokedAt: this.clock.now() }));
    this.sessions.forgetAccount(accountId);
  }

  /** The login dies: its refresh tokens, and its access tokens with them (at once on this instance). */
  private async revokeFamily({ familyId, accountId }: RefreshToken): Promise<void> {
    await inTurn(this.dataSource, () => this.dataSource.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() }));
    this.sessions.forgetAccount(accountId);
  }

  private async issuePair(accountId: number, familyId: string): Promise<TokenPairResponse> {
    const refreshToken = newToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.refreshTokenTtlDays * 86_400_000);
    await inTurn(this.dataSource, () => insertRow(this.dataSource.manager, RefreshToken, { accountId, familyId, tokenHash: hashToken(refreshToken), expiresAt }));
    // iat from the clock: the token's expiry follows the same time as everything else.
    const payload: AccessTokenPayload & { iat: number } = { sub: accountId, typ: 'access', sid: familyId, iat: Math.floor(now.getTime() / 1000) };
    return {
      accessToken: await this.jwt.signAsync(payload),
      tokenType: 'Bearer',
      expiresIn: this.config.accessTokenTtlSeconds,
      refreshToken,
      refreshExpiresAt: this.clock.iso(expiresAt),
    };
  }
}
