import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Account } from '../accounts/account.entity.js';
import { DomainError } from '../common/domain-error.js';
import { PASSWORD_QUEUE_FULL } from '../security/password-hasher.js';
import { PasswordQueueGuard } from '../security/password-queue.guard.js';
import { ApiOptionalBearer, ApiProblems } from '../common/http.js';
import { AuthService } from './auth.service.js';
import { LoginDto, LogoutDto, RefreshDto, TokenPairResponse } from './dto/auth.dto.js';
import { LocalAuthGuard, OptionalJwtAuthGuard, type AuthenticatedResident } from './strategies.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  // The queue's cheap refusal first, then the body's validation and passport.
  @UseGuards(PasswordQueueGuard, LocalAuthGuard)
  @ApiOperation({ operationId: 'login', summary: 'Log in: a bearer access token and a refresh token' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairResponse, description: 'Logged in' })
  @ApiProblems([400, 'validation_failed'], [401, 'invalid_credentials'], [403, 'email_not_verified'], [429, 'too_many_requests (Retry-After)'], PASSWORD_QUEUE_FULL)
  login(@Req() req: Request & { user: Account }): Promise<TokenPairResponse> {
    return this.auth.login(req.user);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ operationId: 'refreshTokens', summary: 'Exchange a refresh token for a new pair (single use; a replay revokes the chain)' })
  @ApiOkResponse({ type: TokenPairResponse, description: 'A new access token and refresh token' })
  @ApiProblems([400, 'validation_failed'], [401, 'refresh_token_invalid'])
  refresh(@Body() dto: RefreshDto): Promise<TokenPairResponse> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(OptionalJwtAuthGuard)
  @ApiOperation({ operationId: 'logout', summary: 'Log out: end one login, or every login of the account' })
  @ApiOptionalBearer()
  @ApiNoContentResponse({
    description: 'With `refreshToken`: that login\'s refresh chain is revoked. With only a bearer token: every refresh chain of the account.',
  })
  @ApiProblems([400, 'validation_failed'], [401, 'unauthorized (neither a refresh token nor a bearer token)'])
  async logout(@Body() dto: LogoutDto, @Req() req: Request & { user?: AuthenticatedResident }): Promise<void> {
    if (dto.refreshToken) await this.auth.logout(dto.refreshToken);
    else if (req.user) await this.auth.logoutEverywhere(req.user.accountId);
    else throw new DomainError('unauthorized', 401);
  }
}
