import { createSecretKey, type KeyObject } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy as LocalStrategyBase } from 'passport-local';
import type { Account } from '../accounts/account.entity.js';
import type { SecurityConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { clientGoneSignal } from '../common/http.js';
import { ProblemValidationPipe } from '../common/validation.js';
import { AuthService, type AccessTokenPayload } from './auth.service.js';
import { ResidentSessions } from './resident-sessions.js';
import { LoginDto } from './dto/auth.dto.js';

export const JWT_ISSUER = 'guichet-loisirs';
export const JWT_AUDIENCE = 'resident';

const keys = new WeakMap<SecurityConfig, KeyObject>();

/**
 * The HMAC key as a KeyObject: given a string, jsonwebtoken first tries to parse it as a PEM
 * public or private key on every sign and verify, which cost a fifth of a GET /me.
 */
export function jwtKey(config: SecurityConfig): KeyObject {
  let key = keys.get(config);
  if (!key) {
    key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
    keys.set(config, key);
  }
  return key;
}

export interface AuthenticatedResident {
  accountId: number;
}

@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: Request, email: string, password: string): Promise<Account> {
    return this.auth.validateCredentials(email, password, req.ip ?? 'unknown', clientGoneSignal(req.res!));
  }
}

/** Validates the body first, so that a missing field is a 400 with field errors, not passport's 401. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly pipe = new ProblemValidationPipe();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    request.body = await this.pipe.transform(request.body, { type: 'body', metatype: LoginDto });
    return (await super.canActivate(context)) as boolean;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Bearer access tokens (15-minute JWTs). Verified here with JwtService rather than through
 * passport-jwt: the same checks (HS256, issuer, audience, a required expiry) at a fraction of the cost on
 * every authenticated request; passport still carries the login. A token also dies with its login
 * (`sid`: logout, password change or reset, a replayed refresh token), see ResidentSessions.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  /**
   * Tokens already verified by this process, until they expire: a portal polls with the same
   * token many times in its 15 minutes, and the HMAC check was the largest cost of GET /me.
   * Only successful verifications are kept; bounded, and per process (nothing to share).
   */
  private readonly verified = new Map<string, { accountId: number; sessionId: string | null; expiresAtMs: number }>();

  constructor(
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly sessions: ResidentSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedResident }>();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new DomainError('unauthorized', 401);
    const { accountId, sessionId } = this.verify(token);
    // A token made before logins were named (none is older than 15 minutes) has no sid.
    if (sessionId !== null && !(await this.sessions.alive(sessionId, accountId))) throw new DomainError('unauthorized', 401);
    request.user = { accountId };
    return true;
  }

  private verify(token: string): { accountId: number; sessionId: string | null } {
    const now = this.clock.now().getTime();
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > now) return known;
    let payload: AccessTokenPayload & { exp: number };
    try {
      payload = this.jwt.verify<AccessTokenPayload & { exp: number }>(token, { clockTimestamp: Math.floor(now / 1000) });
    } catch {
      throw new DomainError('unauthorized', 401);
    }
    // jsonwebtoken checks exp only when present: a token without one would never expire.
    if (payload.typ !== 'access' || !Number.isInteger(payload.sub) || !Number.isInteger(payload.exp)) throw new DomainError('unauthorized', 401);
    if (payload.sid !== undefined && typeof payload.sid !== 'string') throw new DomainError('unauthorized', 401);
    const entry = { accountId: payload.sub, sessionId: payload.sid ?? null, expiresAtMs: payload.exp * 1000 };
    if (this.verified.size >= 10_000) this.verified.clear();
    this.verified.set(token, entry);
    return entry;
  }
}

/** For routes open to anyone: no Authorization header means anonymous; a bad one is still a 401. */
@Injectable()
export class OptionalJwtAuthGuard extends JwtAuthGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    return !context.switchToHttp().getRequest<Request>().headers.authorization || super.canActivate(context);
  }
}
