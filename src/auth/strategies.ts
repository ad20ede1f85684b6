import { createSecretKey, type KeyObject } from 'node:crypto';
import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import type { Account } from '../accounts/account.entity.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { ProblemValidationPipe } from '../common/validation.js';
import { AuthService, type AccessTokenPayload } from './auth.service.js';
import { LoginDto } from './dto/auth.dto.js';

export const JWT_ISSUER = 'guichet-loisirs';

const keys = new WeakMap<AppConfig, KeyObject>();

/**
 * The HMAC key as a KeyObject: given a string, jsonwebtoken first tries to parse it as a PEM
 * public or private key on every sign and verify, which cost a fifth of a GET /me.
 */
export function jwtKey(config: AppConfig): KeyObject {
  let key = keys.get(config);
  if (!key) {
    key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
    keys.set(config, key);
  }
  return key;
}
export const JWT_AUDIENCE = 'resident';

export interface AuthenticatedResident {
  accountId: number;
}

@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: Request, email: string, password: string): Promise<Account> {
    return this.auth.validateCredentials(email, password, req.ip ?? 'unknown');
  }
}

@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt's types say string | Buffer; it hands the key to jsonwebtoken, which takes a KeyObject.
      secretOrKey: jwtKey(config) as unknown as Buffer,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithms: ['HS256'],
    });
  }

  validate(payload: AccessTokenPayload): AuthenticatedResident {
    if (payload.typ !== 'access' || !Number.isInteger(payload.sub)) throw new DomainError('unauthorized', 401);
    return { accountId: payload.sub };
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

@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<T>(err: unknown, user: T): T {
    if (err instanceof DomainError) throw err;
    if (err || !user) throw new DomainError('unauthorized', 401);
    return user;
  }
}

/** For routes open to anyone: no Authorization header means anonymous; a bad one is still a 401. */
@Injectable()
export class OptionalJwtAuthGuard extends JwtAuthGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.headers.authorization) return true;
    return (await super.canActivate(context)) as boolean;
  }
}
