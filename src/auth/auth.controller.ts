import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Account } from '../accounts/account.entity.js';
import { DomainError } from '../common/domain-error.js';
import { ApiProblems } from '../common/http.js';
import { AuthService } from './auth.service.js';
import { LoginDto, LogoutDto, RefreshDto, TokenPairResponse } from './dto/auth.dto.js';
import { LocalAuthGuard, OptionalJwtAuthGuard, type AuthenticatedResident } from './strategies.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems([400, 'validation_failed'], [401, 'invalid_credentials'], [403, 'email_not_verified'], [429, 'too_many_requests (Retry-After)'])
  login(@Req() req: Request & { user: Account }): Promise<TokenPairResponse> {
    return this.auth.login(req.user);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems([400, 'validation_failed'], [401, 'refresh_token_invalid'])
  refresh(@Body() dto: RefreshDto): Promise<TokenPairResponse> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(OptionalJwtAuthGuard)
  @ApiBearerAuth()
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
