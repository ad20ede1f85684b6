import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Account } from '../accounts/account.entity.js';
import { ApiProblems } from '../common/http.js';
import { AuthService } from './auth.service.js';
import { LoginDto, RefreshDto, TokenPairResponse } from './dto/auth.dto.js';
import { LocalAuthGuard } from './strategies.js';

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
  @ApiNoContentResponse({ description: 'The refresh chain is revoked' })
  @ApiProblems([400, 'validation_failed'])
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }
}
