import { Body, Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SECURITY_CONFIG, type SecurityConfig } from '../config/app-config.js';
import type { Account } from '../accounts/account.entity.js';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import { PASSWORD_QUEUE_FULL } from '../security/password-hasher.js';
import { PasswordQueueGuard } from '../security/password-queue.guard.js';
import { ApiOptionalBearer, ApiProblems } from '../common/http.js';
import { AuthService } from './auth.service.js';
import { answerWithCookie, clearCookies, CSRF_COOKIE, CSRF_HEADER, REFRESH_COOKIE, refreshTokenFromCookie, TRANSPORT_HEADER, wantsCookie } from './refresh-cookie.js';
import { LoginDto, LogoutDto, RefreshDto, TokenPairResponse } from './dto/auth.dto.js';
import { LocalAuthGuard, OptionalJwtAuthGuard, type AuthenticatedResident } from './strategies.js';

const COOKIE_TRANSPORT = `\`cookie\`: the refresh token is set as the HttpOnly, SameSite=Strict cookie \`${REFRESH_COOKIE}\` (path /api/v1/auth) instead of the body, with a \`${CSRF_COOKIE}\` cookie whose value refresh and logout must send as \`${CSRF_HEADER}\` (the portal's transport: no token in the page's storage)`;

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly cookie: { secure: boolean };
  private readonly trustedOrigins: readonly string[];

  constructor(
    private readonly auth: AuthService,
    @Inject(SECURITY_CONFIG) config: SecurityConfig,
  ) {
    this.cookie = { secure: config.portalCookieSecure };
    this.trustedOrigins = [...config.ownOrigins, new URL(config.portalUrl).origin];
  }

  /** The pair as the client asked for it: in the body, or its refresh token as the cookie. */
  private answer(req: Request, res: Response, pair: TokenPairResponse, cookie = wantsCookie(req)): TokenPairResponse {
    return cookie ? (answerWithCookie(res, pair, this.cookie) as TokenPairResponse) : pair;
  }

  @Post('login')
  @HttpCode(200)
  // The queue's cheap refusal first, then the body's validation and passport.
  @UseGuards(PasswordQueueGuard, LocalAuthGuard)
  @ApiOperation({ operationId: 'login', summary: 'Log in: a bearer access token and a refresh token' })
  @ApiBody({ type: LoginDto })
  @ApiHeader({ name: TRANSPORT_HEADER, required: false, schema: { type: 'string', enum: ['cookie'] }, description: COOKIE_TRANSPORT })
  @ApiOkResponse({ type: TokenPairResponse, description: 'Logged in' })
  @ApiProblems([400, 'validation_failed'], [401, 'invalid_credentials'], [403, 'email_not_verified'], [429, 'too_many_requests (Retry-After)'], PASSWORD_QUEUE_FULL)
  async login(@Req() req: Request & { user: Account }, @Res({ passthrough: true }) res: Response): Promise<TokenPairResponse> {
    return this.answer(req, res, await this.auth.login(req.user));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ operationId: 'refreshTokens', summary: 'Exchange a refresh token for a new pair (single use; a replay revokes the chain)' })
  @ApiOkResponse({ type: TokenPairResponse, description: 'A new access token and refresh token' })
  @ApiHeader({ name: CSRF_HEADER, required: false, schema: { type: 'string' }, description: `With the cookie transport: the value of the \`${CSRF_COOKIE}\` cookie` })
  @ApiProblems([400, 'validation_failed'], [401, 'refresh_token_invalid'], [403, 'csrf_token_invalid (the cookie without its CSRF header, or from another site)'])
  async refresh(@Body() dto: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokenPairResponse> {
    if (dto.refreshToken) return this.auth.refresh(dto.refreshToken);
    const fromCookie = refreshTokenFromCookie(req, this.trustedOrigins);
    // Neither in the body nor as the cookie: the field is missing, as for any client.
    if (!fromCookie) throw new ValidationFailed([{ field: 'refreshToken', code: 'required' }]);
    try {
      return this.answer(req, res, await this.auth.refresh(fromCookie), true);
    } catch (error) {
      clearCookies(res, this.cookie);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(OptionalJwtAuthGuard)
  @ApiOperation({ operationId: 'logout', summary: 'Log out: end one login, or every login of the account' })
  @ApiOptionalBearer()
  @ApiNoContentResponse({
    description: "With `refreshToken`: that login's refresh chain is revoked. With only a bearer token: every refresh chain of the account.",
  })
  @ApiHeader({ name: CSRF_HEADER, required: false, schema: { type: 'string' }, description: `With the cookie transport: the value of the \`${CSRF_COOKIE}\` cookie` })
  @ApiProblems([400, 'validation_failed'], [401, 'unauthorized (neither a refresh token nor a bearer token)'], [403, 'csrf_token_invalid'])
  async logout(@Body() dto: LogoutDto, @Req() req: Request & { user?: AuthenticatedResident }, @Res({ passthrough: true }) res: Response): Promise<void> {
    const fromCookie = dto.refreshToken ? null : refreshTokenFromCookie(req, this.trustedOrigins);
    if (dto.refreshToken) await this.auth.logout(dto.refreshToken);
    else if (req.user) await this.auth.logoutEverywhere(req.user.accountId);
    else if (fromCookie) await this.auth.logout(fromCookie);
    else throw new DomainError('unauthorized', 401);
    if (fromCookie !== null) clearCookies(res, this.cookie);
  }
}
