import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { verifyPassword, withPasswordTurn } from '../security/password-hasher.js';
import { checkPassword } from '../security/password-policy.js';
import { fieldMessage } from '../common/messages.js';
import { accountLimitKey, loginLimitKey, ThrottleService, type Limit } from '../security/throttle.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, TooManyRequests } from '../common/domain-error.js';
import { canonicalEmail } from '../common/email-address.js';
import { clientGoneSignal } from '../common/http.js';
import { LOCALES, type Locale } from '../common/locale.js';
import { Inject } from '@nestjs/common';
import { CITY_CONFIG, STAFF_CONFIG, type CityConfig, type StaffConfig } from '../config/app-config.js';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, openSecret, sealSecret, totpUri, verifyTotp } from '../security/second-factor.js';
import { StaffAccounts } from './staff-accounts.service.js';
import { Staff } from './staff.entity.js';
import { accountPage, codePage, enrolPage, busyPage, loginPage, logoutPage, recoveryCodesPage, STAFF_STYLE, staffUi, throttledPage } from './staff-pages.js';
import { field, promised, STAFF_COOKIE, StaffAuth, type StaffStage } from './staff-auth.js';

/**
 * The staff's own pages at /admin, in HTML as they always were: the login (password, then the
 * TOTP code or a recovery code), logout, and « Mon compte » (language, password, second factor).
 * StaffAuth's middleware runs before them: the session, the same-origin check of POSTs, the forms.
 */
@ApiExcludeController()
@Controller('admin')
export class StaffAuthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CITY_CONFIG) private readonly city: CityConfig,
    @Inject(STAFF_CONFIG) private readonly staff: StaffConfig,
    private readonly clock: Clock,
    private readonly accounts: StaffAccounts,
    private readonly throttle: ThrottleService,
    private readonly auth: StaffAuth,
  ) {}

  @Get('personnel.css')
  style(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=300').type('text/css; charset=utf-8').send(STAFF_STYLE);
  }

  @Get('login')
  loginForm(@Req() req: Request, @Res() res: Response): void {
    if (req.session.staff?.stage === 'done') return res.redirect(302, '/admin');
    this.auth.page(res, 200, loginPage(this.auth.locale(req, res), this.city.cityName));
  }

  @Post('login')
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    const city = this.city.cityName;
    const locale = this.auth.locale(req, res);
    const email = canonicalEmail(field(req.body, 'email', 254));
    const password = field(req.body, 'password', 1024);
    if (!email || !password) return this.auth.page(res, 400, loginPage(locale, city, email, staffUi(locale).missing));
    // Failures count per member once the address names one, whatever spelling found it.
    const members = this.dataSource.getRepository(Staff);
    const found = await members.findOneBy({ email });
    const limits: Limit[] = [
      ['staffLoginFailuresPerAccount', await loginLimitKey(email, found, (skeleton) => members.findOne({ where: { email: skeleton }, select: { id: true } }))],
      ['staffLoginFailuresPerIp', req.ip ?? 'unknown'],
    ];
    let staff: Staff | null = null;
    const passed = await this.attempt(res, locale, limits, async () => {
      // An unknown address costs one argon2 verification too, and gets the same answer.
      const valid = await withPasswordTurn(clientGoneSignal(res), (turn) => verifyPassword(found?.passwordHash ?? null, password, turn));
      if (!found || !valid || !found.active) throw new DomainError('invalid_credentials');
      staff = found;
    }, () => loginPage(locale, city, email, staffUi(locale).invalid));
    if (!passed || !staff) return;
    const stage: StaffStage = this.auth.enrolledSecret(staff) ? 'code' : this.accounts.mustEnrol(staff) ? 'enrol' : 'done';
    await this.auth.startSession(req, staff, stage, false);
    this.auth.rememberLocale(res, (staff as Staff).locale === 'en' ? 'en' : 'fr');
    res.redirect(303, stage === 'code' ? '/admin/login/code' : stage === 'enrol' ? '/admin/mon-compte/2fa' : '/admin');
  }

  @Get('login/code')
  codeForm(@Req() req: Request, @Res() res: Response): void {
    if (req.session.staff?.stage !== 'code') return res.redirect(302, '/admin/login');
    this.auth.page(res, 200, codePage(this.auth.locale(req, res), this.city.cityName));
  }

  @Post('login/code')
  async code(@Req() req: Request, @Res() res: Response): Promise<void> {
    const state = req.session.staff;
    const staff = res.locals.staff as Staff | undefined;
    if (state?.stage !== 'code' || !staff) return res.redirect(303, '/admin/login');
    const locale = this.auth.locale(req, res);
    const code = field(req.body, 'code', 64);
    const passed = await this.attempt(res, locale, [['staffCodeFailuresPerAccount', String(staff.id)]], async () => {
      if (!(await this.auth.checkSecondFactor(staff, code))) throw new DomainError('invalid_credentials');
    }, () => codePage(locale, this.city.cityName, staffUi(locale).codeInvalid));
    if (!passed) return;
    await this.auth.startSession(req, staff, 'done', true);
    res.redirect(303, '/admin');
  }

  // A link (another site's too) only shows the button: logging out is a same-origin POST.
  @Get('logout')
  logoutForm(@Req() req: Request, @Res() res: Response): void {
    this.auth.page(res, 200, logoutPage(this.auth.locale(req, res), this.city.cityName));
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (req.session) await promised((done) => req.session.destroy(done));
    res.clearCookie(STAFF_COOKIE, { path: '/admin' });
    // What the browser kept of the panel (pages in its cache, AdminJS's storage) goes with the
    // session (ASVS 8.2.3); browsers take this header from https only, and warn otherwise.
    if (req.secure) res.setHeader('Clear-Site-Data', '"cache", "storage"');
    res.redirect(303, '/admin/login');
  }

  /** The account page (language, two-step status) once signed in; the enrolment page when asked for or demanded. */
  @Get('mon-compte')
  account(@Req() req: Request, @Res() res: Response, @Query('enregistre') saved: unknown): Promise<void> {
    return this.accountOrEnrolment(req, res, saved, true);
  }

  @Get('mon-compte/2fa')
  enrolmentForm(@Req() req: Request, @Res() res: Response, @Query('enregistre') saved: unknown): Promise<void> {
    return this.accountOrEnrolment(req, res, saved, false);
  }

  private async accountOrEnrolment(req: Request, res: Response, saved: unknown, accountAsked: boolean): Promise<void> {
    const state = req.session.staff;
    const staff = res.locals.staff as Staff | undefined;
    if (!state || !staff || state.stage === 'code') return res.redirect(302, state?.stage === 'code' ? '/admin/login/code' : '/admin/login');
    const locale = this.auth.locale(req, res);
    const enrolled = this.auth.enrolledSecret(staff) !== null;
    if ((enrolled && !state.newKey) || (state.stage === 'done' && accountAsked)) {
      const shown = saved === '1' ? 'language' : saved === 'mot-de-passe' ? 'password' : null;
      return this.auth.page(res, 200, this.accountView(locale, staff, { saved: shown }));
    }
    this.auth.page(res, 200, await this.enrolment(req, staff, locale));
  }

  // The language of the panel and of these pages, kept on the staff row: from the account page's
  // form (back to that page) or from the panel's language menu (a script: 204).
  @Post('mon-compte/langue')
  async language(@Req() req: Request, @Res() res: Response): Promise<void> {
    const state = req.session.staff;
    const staff = res.locals.staff as Staff | undefined;
    if (!state || !staff || state.stage === 'code') throw new DomainError('unauthorized');
    const locale = field(req.body, 'locale', 8) as Locale;
    if (!LOCALES.includes(locale)) throw new DomainError('bad_request');
    await this.accounts.setLocale(staff.id, locale);
    this.auth.rememberLocale(res, locale);
    // A form's navigation asks for HTML (Sec-Fetch-Mode is not sent over plain http).
    if (req.headers.accept?.includes('text/html')) return res.redirect(303, '/admin/mon-compte?enregistre=1');
    res.status(204).end();
  }

  @Post('mon-compte/2fa')
  async enrol(@Req() req: Request, @Res() res: Response): Promise<void> {
    const state = req.session.staff;
    const staff = res.locals.staff as Staff | undefined;
    if (!state || !staff || state.stage === 'code') return res.redirect(303, '/admin/login');
    const locale = this.auth.locale(req, res);
    if (this.auth.enrolledSecret(staff) && !state.newKey) return res.redirect(303, '/admin/mon-compte');
    const secret = state.pendingSecret ? openSecret(state.pendingSecret, this.staff.sessionSecret) : null;
    if (!secret) return res.redirect(303, '/admin/mon-compte/2fa');
    const codes = newRecoveryCodes();
    const passed = await this.attempt(res, locale, [['staffCodeFailuresPerAccount', String(staff.id)]], async () => {
      const step = verifyTotp(secret, field(req.body, 'code', 64), this.clock.now(), null);
      if (step === null) throw new DomainError('invalid_credentials');
      const enrolment = { totpSecret: state.pendingSecret, totpEnrolledAt: this.clock.now(), totpLastStep: step, recoveryCodeHashes: JSON.stringify(codes.map(hashRecoveryCode)) };
      await this.accounts.setSecondFactor(staff.id, enrolment, { kind: 'staff', staffId: staff.id }, 'enrolTwoFactor');
    }, () => this.enrolment(req, staff, locale, staffUi(locale).codeInvalid));
    if (!passed) return;
    delete state.pendingSecret;
    delete state.newKey;
    state.secondFactor = true;
    if (state.stage === 'enrol') await this.auth.startSession(req, staff, 'done', true);
    this.auth.page(res, 200, recoveryCodesPage(locale, this.city.cityName, codes));
  }

  // The changes of one's own password or second factor ask for the current password first.

  // The member's own password: the residents' policy for the new one; every session ends, and
  // this one starts again under the new password.
  @Post('mon-compte/mot-de-passe')
  async password(@Req() req: Request, @Res() res: Response): Promise<void> {
    const staff = await this.reauthenticated(req, res);
    if (!staff) return;
    const locale = this.auth.locale(req, res);
    const password = field(req.body, 'password', 1024);
    const problem = password !== field(req.body, 'confirm', 1024) ? 'password_mismatch' : checkPassword(password);
    if (problem) return this.auth.page(res, 400, this.accountView(locale, staff, { error: fieldMessage(problem, locale) }));
    await this.accounts.changePassword(staff.id, password, { kind: 'staff', staffId: staff.id });
    await this.auth.startSession(req, await this.dataSource.getRepository(Staff).findOneByOrFail({ id: staff.id }), 'done', req.session.staff?.secondFactor === true);
    res.redirect(303, '/admin/mon-compte?enregistre=mot-de-passe');
  }

  // New recovery codes (the old ones die), shown once.
  @Post('mon-compte/codes')
  async recoveryCodes(@Req() req: Request, @Res() res: Response): Promise<void> {
    const staff = await this.reauthenticated(req, res);
    if (!staff) return;
    if (!this.auth.enrolledSecret(staff)) return res.redirect(303, '/admin/mon-compte/2fa');
    const codes = newRecoveryCodes();
    await this.accounts.setSecondFactor(staff.id, { recoveryCodeHashes: JSON.stringify(codes.map(hashRecoveryCode)) }, { kind: 'staff', staffId: staff.id }, 'newRecoveryCodes');
    this.auth.page(res, 200, recoveryCodesPage(this.auth.locale(req, res), this.city.cityName, codes, true));
  }

  // A new authenticator app: the enrolment page again; the current key works until a code confirms the new one.
  @Post('mon-compte/2fa/nouvelle-cle')
  async newKey(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!(await this.reauthenticated(req, res))) return;
    const state = req.session.staff!;
    delete state.pendingSecret;
    state.newKey = true;
    res.redirect(303, '/admin/mon-compte/2fa');
  }
  /**
   * A throttled attempt (SPEC: per account and per IP, counted before the work, given back on
   * success). On a wrong secret answers 401 with `failurePage`, past the limit the French 429 page
   * with Retry-After, and returns false; true when the work passed.
   */
  private async attempt(res: Response, locale: Locale, limits: Limit[], work: () => Promise<void>, failurePage: () => string | Promise<string>): Promise<boolean> {
    try {
      await this.throttle.attempt(limits, 'invalid_credentials', work);
      return true;
    } catch (error) {
      if (error instanceof TooManyRequests) {
        const seconds = error.extra.retryAfterSeconds ?? 60;
        res.setHeader('Retry-After', String(seconds));
        this.auth.page(res, 429, throttledPage(locale, this.city.cityName, seconds));
        return false;
      }
      if (error instanceof DomainError && error.code === 'invalid_credentials') {
        this.auth.page(res, 401, await failurePage());
        return false;
      }
      // Argon2's queue is full, or this attempt's turn came too late: a page, not the API's problem.
      if (error instanceof DomainError && error.code === 'service_unavailable') {
        const seconds = error.extra.retryAfterSeconds ?? 1;
        res.setHeader('Retry-After', String(seconds));
        this.auth.page(res, 503, busyPage(locale, this.city.cityName, seconds));
        return false;
      }
      throw error;
    }
  }

  private accountView(locale: Locale, staff: Staff, view: { saved?: 'language' | 'password' | null; error?: string }): string {
    const enrolled = this.auth.enrolledSecret(staff) !== null;
    return accountPage(locale, this.city.cityName, { name: staff.displayName, email: staff.email, enrolled, saved: view.saved ?? null, error: view.error });
  }

  /**
   * A signed-in member who typed their current password again (throttled as logins are), or null
   * once the answer was sent: the login page, the account page with the error (401), or 429.
   */
  private async reauthenticated(req: Request, res: Response): Promise<Staff | null> {
    const state = req.session.staff;
    const staff = res.locals.staff as Staff | undefined;
    if (state?.stage !== 'done' || !staff) {
      res.redirect(303, '/admin/login');
      return null;
    }
    const locale = this.auth.locale(req, res);
    const limits: Limit[] = [
      ['staffLoginFailuresPerAccount', accountLimitKey(staff.id)],
      ['staffLoginFailuresPerIp', req.ip ?? 'unknown'],
    ];
    const current = field(req.body, 'current', 1024);
    const passed = await this.attempt(res, locale, limits, async () => {
      if (!(await verifyPassword(staff.passwordHash, current))) throw new DomainError('invalid_credentials');
    }, () => this.accountView(locale, staff, { error: staffUi(locale).currentInvalid }));
    return passed ? staff : null;
  }

  /** The enrolment page, with a pending secret kept (sealed) in the session until confirmed. */
  private async enrolment(req: Request, staff: Staff, locale: Locale, error?: string): Promise<string> {
    const state = req.session.staff!;
    let secret = state.pendingSecret ? openSecret(state.pendingSecret, this.staff.sessionSecret) : null;
    if (!secret) {
      secret = newTotpSecret();
      state.pendingSecret = sealSecret(secret, this.staff.sessionSecret);
    }
    const qrSvg = await QRCode.toString(totpUri(secret, this.city.cityName, staff.email), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return enrolPage(locale, this.city.cityName, { required: state.stage === 'enrol', qrSvg, secret, error });
  }
}
