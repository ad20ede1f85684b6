import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CITY_CONFIG, type CityConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { AcceptedResponse, ApiProblems, ClientGone, ClientIp, Lang } from '../common/http.js';
import type { Locale } from '../common/locale.js';
import { Clock } from '../common/clock.js';
import { CurrentResident } from '../auth/current-resident.decorator.js';
import { JwtAuthGuard, type AuthenticatedResident } from '../auth/strategies.js';
import { AccountsService, confirmationPageUrl } from './accounts.service.js';
import { PASSWORD_QUEUE_FULL } from '../security/password-hasher.js';
import { PasswordQueueGuard } from '../security/password-queue.guard.js';
import { ChangePasswordDto, EmailDto, MeResponse, ResetPasswordDto, SignupDto, TokenDto, VerifyEmailResponse } from './dto/account.dto.js';

const ACCEPTED = { status: 'accepted' } as const;

@ApiTags('auth')
@Controller('auth')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    @Inject(CITY_CONFIG) private readonly config: CityConfig,
  ) {}

  @Post('signup')
  @HttpCode(202)
  @UseGuards(PasswordQueueGuard)
  @ApiOperation({ operationId: 'signup', summary: 'Create an account; a confirmation link is emailed' })
  @ApiAcceptedResponse({ type: AcceptedResponse, description: 'Always, for valid input: a confirmation email (or an "account exists" email) is on its way' })
  @ApiProblems([400, 'validation_failed: required, too_long, characters_invalid, name_invalid, email_invalid, password_too_short, password_too_long, password_too_weak, password_common, password_mismatch'], [429, 'too_many_requests (Retry-After)'], PASSWORD_QUEUE_FULL)
  async signup(@Body() dto: SignupDto, @Lang() locale: Locale, @ClientIp() ip: string, @ClientGone() gone: AbortSignal) {
    await this.accounts.signup(dto, locale, ip, gone);
    return ACCEPTED;
  }

  @Get('verify-email')
  @ApiOperation({ operationId: 'followVerifyEmailLink', summary: 'Follow the link of a confirmation email (redirects to the portal)' })
  @ApiQuery({ name: 'token', required: true, schema: { type: 'string', maxLength: 200 } })
  @ApiResponse({
    status: 303,
    description:
      'Links sent before the confirmation page existed: to `PORTAL_URL/confirmation?token=…`, which confirms only when the person presses its button. A GET never confirms anything (mail scanners open every link).',
    headers: { Location: { description: '`PORTAL_URL/confirmation?token=…`', required: true, schema: { type: 'string', format: 'uri' } } },
  })
  verifyEmailLink(@Query('token') token: unknown, @Res() res: Response): void {
    const sane = typeof token === 'string' && token.length > 0 && token.length <= 200 ? token : '';
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.redirect(303, confirmationPageUrl(this.config.portalUrl, sane));
  }

  @Post('verify-email')
  @HttpCode(200)
  @ApiOperation({ operationId: 'verifyEmail', summary: 'Confirm an email address with the token of its link' })
  @ApiOkResponse({
    type: VerifyEmailResponse,
    description:
      "Confirmed with the password of this link's own sign-up; the account's other links die. A used link of a confirmed account answers the same 200.",
  })
  @ApiProblems([400, 'link_invalid (unknown, replaced by a resend, or another link of the account was used), validation_failed'], [410, 'link_expired'])
  async verifyEmail(@Body() dto: TokenDto): Promise<VerifyEmailResponse> {
    const outcome = await this.accounts.verifyEmail(dto.token);
    if (outcome === 'link_expired') throw new DomainError('link_expired', 410);
    if (outcome === 'link_invalid') throw new DomainError('link_invalid', 400);
    return { status: 'confirmed' };
  }

  @Post('resend-verification')
  @HttpCode(202)
  @ApiOperation({ operationId: 'resendVerification', summary: 'Email a new confirmation link (older links stop working)' })
  @ApiAcceptedResponse({ type: AcceptedResponse, description: 'Always, for valid input: the request is recorded, and a new link (or an "account exists" email) follows if the address has an account' })
  @ApiProblems([400, 'validation_failed'], [429, 'too_many_requests (Retry-After)'])
  async resend(@Body() dto: EmailDto, @Lang() locale: Locale, @ClientIp() ip: string) {
    await this.accounts.resendVerification(dto.email, locale, ip);
    return ACCEPTED;
  }

  @Post('password/forgot')
  @HttpCode(202)
  @ApiOperation({ operationId: 'forgotPassword', summary: 'Email a password reset link' })
  @ApiAcceptedResponse({ type: AcceptedResponse, description: 'Always, for valid input: a reset link (1 h, once) if the address has an account' })
  @ApiProblems([400, 'validation_failed'], [429, 'too_many_requests (Retry-After)'])
  async forgot(@Body() dto: EmailDto, @Lang() locale: Locale, @ClientIp() ip: string) {
    await this.accounts.forgotPassword(dto.email, locale, ip);
    return ACCEPTED;
  }

  @Post('password/reset')
  @HttpCode(204)
  @UseGuards(PasswordQueueGuard)
  @ApiOperation({ operationId: 'resetPassword', summary: 'Choose a new password with the token of the reset link' })
  @ApiNoContentResponse({ description: 'Password changed; every session of the account is closed' })
  @ApiProblems([400, 'validation_failed, link_invalid'], [410, 'link_expired'], [429, 'too_many_requests (Retry-After; counted with the other email routes, per IP)'], PASSWORD_QUEUE_FULL)
  async reset(@Body() dto: ResetPasswordDto, @ClientIp() ip: string, @ClientGone() gone: AbortSignal): Promise<void> {
    await this.accounts.resetPassword(dto.token, dto.password, ip, gone);
  }
}

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
@UseGuards(JwtAuthGuard)
export class MeController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getMe', summary: "The resident's profile and next onboarding step" })
  @ApiOkResponse({ type: MeResponse, description: 'The profile' })
  @ApiProblems([401, 'unauthorized'])
  async me(@CurrentResident() resident: AuthenticatedResident): Promise<MeResponse> {
    const profile = await this.accounts.profile(resident.accountId);
    if (!profile?.account.emailVerifiedAt) throw new DomainError('unauthorized', 401);
    const { account, linked } = profile;
    return {
      id: account.id,
      email: account.email,
      firstName: account.firstName,
      lastName: account.lastName,
      locale: account.locale,
      emailVerifiedAt: this.clock.iso(account.emailVerifiedAt!),
      createdAt: this.clock.iso(account.createdAt),
      onboarding: linked ? 'complete' : 'link_dossier',
    };
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ operationId: 'changePassword', summary: 'Change the password, giving the current one; every login of the account ends' })
  @ApiNoContentResponse({ description: 'Changed: every refresh token of the account is revoked (log in again with the new password), and the owner is told by email' })
  @ApiProblems(
    [400, 'validation_failed: required, invalid_type, too_long, characters_invalid, current_password_invalid, password_too_short, password_too_long, password_too_weak, password_common, password_mismatch'],
    [401, 'unauthorized'],
    [429, 'too_many_requests (Retry-After; a wrong current password counts as a failed login)'],
  )
  async changePassword(@CurrentResident() resident: AuthenticatedResident, @Body() dto: ChangePasswordDto, @ClientIp() ip: string): Promise<void> {
    await this.accounts.changePassword(resident.accountId, dto.currentPassword, dto.password, ip);
  }
}
