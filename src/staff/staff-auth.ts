import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
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
import { LOCALES, negotiateLocale, type Locale } from '../common/locale.js';
import { ProblemDetailsFilter } from '../common/problem.filter.js';
import { isCrossSite } from '../common/same-origin.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { inTurn } from '../database/transaction.js';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, openSecret, sealSecret, spendRecoveryCode, totpUri, verifyTotp } from '../security/second-factor.js';
import { StaffAccounts, toAdminUser } from './staff-accounts.service.js';
import { Staff } from './staff.entity.js';
import { accountPage, codePage, enrolPage, busyPage, forbiddenPage, loginPage, logoutPage, recoveryCodesPage, STAFF_STYLE, staffUi, throttledPage } from './staff-pages.js';
import { DatabaseSessionStore } from './staff-session.store.js';
import type { AdminUser } from './staff-user.js';

export const STAFF_COOKIE = 'guichet_personnel';
/**
 * The staff member's language, remembered by the browser for the sign-in pages shown before we know
 * who is there (after a logout); not a secret, and only ever 'fr' or 'en'.
 */
export const STAFF_LOCALE_COOKIE = 'guichet_langue';
const LOCALE_COOKIE_MAX_AGE_MS = 365 * 24 * 3_600_000;
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 8 * 3_600_000;
/** Activity is written to the session at most this often: not one database write per request. */
const ACTIVITY_GRANULARITY_MS = 60_000;

/** Where a login stands: the password is checked; then the code, or an enrolment STAFF_MFA demands; then done. */
export type StaffStage = 'code' | 'enrol' | 'done';

export interface StaffSessionState {
  staffId: number;
  /** The staff row's sessionVersion at login: a raised version ends the session. */
  version: number;
  /** A digest of the password hash at login: a password changed by any path ends the session. */
  passwordDigest: string;
  stage: StaffStage;
  /** This session passed a second factor (a TOTP or recovery code, or a confirmed enrolment). */
  secondFactor?: boolean;
  createdAt: number;
  lastSeenAt: number;
  /** The TOTP secret being enrolled, sealed, until confirmed with a code. */
  pendingSecret?: string;
  /** An enrolled member asked for a new key (a new phone), after typing their password again. */
  newKey?: boolean;
}

declare module 'express-session' {
  interface SessionData {
    staff?: StaffSessionState;
    /** The panel's `currentAdmin`, set by the gate for a fully authenticated staff member. */
    adminUser?: AdminUser;
  }
}

const HTML = 'text/html; charset=utf-8';

function passwordDigest(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('hex').slice(0, 32);
}

function field(body: unknown, name: string, max: number): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

const promised = (call: (done: (error?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => call((error) => (error ? reject(error) : resolve())));

/** An Express 5 handler that may be async: its rejection goes to the error handler. */
const route = (handler: (req: Request, res: Response, next: NextFunction) => Promise<unknown>): RequestHandler => (req, res, next) => {
  handler(req, res, next).catch(next);
};

/**
 * Who is logged in to the panel: the staff session (in the database), the login pages (password,
 * then the TOTP code or a recovery code), the enrolment page, logout, and the gate in front of the
 * panel. `handlers()` is mounted at /admin.
 */
@Injectable()
export class StaffAuth {
  private built: RequestHandler[] | null = null;
  private readonly problems = new ProblemDetailsFilter();
  readonly store: DatabaseSessionStore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly accounts: StaffAccounts,
    private readonly throttle: ThrottleService,
  ) {
    // A row outlives the idle timeout by the activity granularity: the middleware decides, not the row.
    this.store = new DatabaseSessionStore(dataSource, clock, IDLE_TIMEOUT_MS + ACTIVITY_GRANULARITY_MS);
  }

  /** In order: the session (checked against the staff row), the staff pages, the gate. Mount at /admin. */
  handlers(): RequestHandler[] {
    this.built ??= [this.sessionHandler(), this.router(), this.gate()];
    return this.built;
  }

  private sessionHandler(): RequestHandler {
    const middleware = session({
      name: STAFF_COOKIE,
      secret: this.config.sessionSecret,
      store: this.store,
      resave: false,
      saveUninitialized: false,
      unset: 'destroy',
      cookie: { path: '/admin', httpOnly: true, sameSite: 'lax', secure: this.config.staffCookieSecure },
    });
    return (req, res, next) => {
      middleware(req, res, (error?: unknown) => {
        if (error) return next(error);
        this.checkSession(req, res).then(() => next(), next);
      });
    };
  }

  /**
   * Ends the session (a fresh empty one takes its place) past 30 minutes idle or 8 hours in all,
   * or when the staff member was deactivated, changed password, or had their sessions ended.
   */
  private async checkSession(req: Request, res: Response): Promise<void> {
    const state = req.session.staff;
    if (!state) return;
    const now = this.clock.now().getTime();
    const staff =
      now - state.createdAt < ABSOLUTE_TIMEOUT_MS && now - state.lastSeenAt < IDLE_TIMEOUT_MS
        ? await this.dataSource.getRepository(Staff).findOneBy({ id: state.staffId })
        : null;
    if (!staff || !staff.active || staff.sessionVersion !== state.version || passwordDigest(staff.passwordHash) !== state.passwordDigest) {
      await promised((done) => req.session.regenerate(done));
      return;
    }
    if (now - state.lastSeenAt >= ACTIVITY_GRANULARITY_MS) state.lastSeenAt = now;
    res.locals.staff = staff;
    // The second factor is the member's as they are now, not as they were at login (a role or
    // STAFF_MFA changed since): a session that did not pass one goes back to the code or the enrolment.
    if (state.stage === 'done' && !state.secondFactor && this.accounts.mustEnrol(staff)) {
      state.stage = this.enrolledSecret(staff) ? 'code' : 'enrol';
      delete req.session.adminUser;
    }
    // Name, role and language come from the row: a change shows on the next request.
    if (state.stage === 'done') req.session.adminUser = toAdminUser(staff);
  }

  private gate(): RequestHandler {
    return (req, res, next) => {
      const stage = req.session?.staff?.stage;
      if (stage === 'done' && req.session.adminUser) return next();
      if (req.originalUrl.startsWith('/admin/api/')) return this.problems.respond(new DomainError('unauthorized'), req, res);
      res.redirect(302, stage === 'enrol' ? '/admin/mon-compte/2fa' : stage === 'code' ? '/admin/login/code' : '/admin/login');
    };
  }

  /** The signed-in staff member's language; before sign-in, the one this browser last used, else Accept-Language. */
  private locale(req: Request, res: Response): Locale {
    const staff = res.locals.staff as Staff | undefined;
    if (staff) return staff.locale === 'en' ? 'en' : 'fr';
    const remembered = /(?:^|;\s*)guichet_langue=(fr|en)(?:;|$)/.exec(req.headers.cookie ?? '')?.[1] as Locale | undefined;
    return remembered ?? negotiateLocale(req.headers['accept-language']);
  }

  private rememberLocale(res: Response, locale: Locale): void {
    res.cookie(STAFF_LOCALE_COOKIE, locale, { path: '/admin', httpOnly: true, sameSite: 'lax', secure: this.config.staffCookieSecure, maxAge: LOCALE_COOKIE_MAX_AGE_MS });
  }

  private page(res: Response, status: number, html: string): void {
    res.status(status).setHeader('Cache-Control', 'no-store').type(HTML).send(html);
  }

  private router(): express.Router {
    const router = express.Router();
    const form = express.urlencoded({ extended: false, limit: '10kb' });
    const city = this.config.cityName;

    router.get('/personnel.css', (_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=300').type('text/css; charset=utf-8').send(STAFF_STYLE);
    });

    // A POST under /admin comes from the service's own pages only (login CSRF, forced logout, and
    // the panel's own requests behind): another site's form or script is refused before anything.
    router.post(/.*/, (req, res, next) => {
      if (!isCrossSite(req, this.config.ownOrigins)) return next();
      if (req.originalUrl.startsWith('/admin/api/')) return this.problems.respond(new DomainError('forbidden'), req, res);
      this.page(res, 403, forbiddenPage(this.locale(req, res), city));
    });

    router.get('/login', (req, res) => {
      if (req.session.staff?.stage === 'done') return res.redirect(302, '/admin');
      this.page(res, 200, loginPage(this.locale(req, res), city));
    });

    router.post(
      '/login',
      form,
      route(async (req, res) => {
        const locale = this.locale(req, res);
        const email = canonicalEmail(field(req.body, 'email', 254));
        const password = field(req.body, 'password', 1024);
        if (!email || !password) return this.page(res, 400, loginPage(locale, city, email, staffUi(locale).missing));
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
        const stage: StaffStage = this.enrolledSecret(staff) ? 'code' : this.accounts.mustEnrol(staff) ? 'enrol' : 'done';
        await this.startSession(req, staff, stage, false);
        this.rememberLocale(res, (staff as Staff).locale === 'en' ? 'en' : 'fr');
        res.redirect(303, stage === 'code' ? '/admin/login/code' : stage === 'enrol' ? '/admin/mon-compte/2fa' : '/admin');
      }),
    );

    router.get('/login/code', (req, res) => {
      if (req.session.staff?.stage !== 'code') return res.redirect(302, '/admin/login');
      this.page(res, 200, codePage(this.locale(req, res), city));
    });

    router.post(
      '/login/code',
      form,
      route(async (req, res) => {
        const state = req.session.staff;
        const staff = res.locals.staff as Staff | undefined;
        if (state?.stage !== 'code' || !staff) return res.redirect(303, '/admin/login');
        const locale = this.locale(req, res);
        const code = field(req.body, 'code', 64);
        const passed = await this.attempt(res, locale, [['staffCodeFailuresPerAccount', String(staff.id)]], async () => {
          if (!(await this.checkSecondFactor(staff, code))) throw new DomainError('invalid_credentials');
        }, () => codePage(locale, city, staffUi(locale).codeInvalid));
        if (!passed) return;
        await this.startSession(req, staff, 'done', true);
        res.redirect(303, '/admin');
      }),
    );

    const logout = route(async (req, res) => {
      if (req.session) await promised((done) => req.session.destroy(done));
      res.clearCookie(STAFF_COOKIE, { path: '/admin' });
      // What the browser kept of the panel (pages in its cache, AdminJS's storage) goes with the
      // session (ASVS 8.2.3); browsers take this header from https only, and warn otherwise.
      if (req.secure) res.setHeader('Clear-Site-Data', '"cache", "storage"');
      res.redirect(303, '/admin/login');
    });
    // A link (another site's too) only shows the button: logging out is a same-origin POST.
    router.get('/logout', (req, res) => this.page(res, 200, logoutPage(this.locale(req, res), city)));
    router.post('/logout', logout);

    router.get(
      ['/mon-compte', '/mon-compte/2fa'],
      route(async (req, res) => {
        const state = req.session.staff;
        const staff = res.locals.staff as Staff | undefined;
        if (!state || !staff || state.stage === 'code') return res.redirect(302, state?.stage === 'code' ? '/admin/login/code' : '/admin/login');
        const locale = this.locale(req, res);
        const enrolled = this.enrolledSecret(staff) !== null;
        // The account page (language, two-step status) once signed in; the enrolment page when asked for or demanded.
        if ((enrolled && !state.newKey) || (state.stage === 'done' && req.path === '/mon-compte')) {
          const saved = req.query.enregistre === '1' ? 'language' : req.query.enregistre === 'mot-de-passe' ? 'password' : null;
          return this.page(res, 200, this.accountView(locale, staff, { saved }));
        }
        this.page(res, 200, await this.enrolment(req, staff, locale));
      }),
    );

    // The language of the panel and of these pages, kept on the staff row: from the account page's
    // form (back to that page) or from the panel's language menu (a script: 204).
    router.post(
      '/mon-compte/langue',
      form,
      route(async (req, res) => {
        const state = req.session.staff;
        const staff = res.locals.staff as Staff | undefined;
        if (!state || !staff || state.stage === 'code') return this.problems.respond(new DomainError('unauthorized'), req, res);
        const locale = field(req.body, 'locale', 8) as Locale;
        if (!LOCALES.includes(locale)) return this.problems.respond(new DomainError('bad_request'), req, res);
        await this.accounts.setLocale(staff.id, locale);
        this.rememberLocale(res, locale);
        // A form's navigation asks for HTML (Sec-Fetch-Mode is not sent over plain http).
        if (req.headers.accept?.includes('text/html')) return res.redirect(303, '/admin/mon-compte?enregistre=1');
        res.status(204).end();
      }),
    );

    router.post(
      '/mon-compte/2fa',
      form,
      route(async (req, res) => {
        const state = req.session.staff;
        const staff = res.locals.staff as Staff | undefined;
        if (!state || !staff || state.stage === 'code') return res.redirect(303, '/admin/login');
        const locale = this.locale(req, res);
        if (this.enrolledSecret(staff) && !state.newKey) return res.redirect(303, '/admin/mon-compte');
        const secret = state.pendingSecret ? openSecret(state.pendingSecret, this.config.sessionSecret) : null;
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
        if (state.stage === 'enrol') await this.startSession(req, staff, 'done', true);
        this.page(res, 200, recoveryCodesPage(locale, city, codes));
      }),
    );

    // The changes of one's own password or second factor ask for the current password first.
    const withPassword = (handler: (req: Request, res: Response, staff: Staff) => Promise<unknown>) => [
      form,
      route(async (req, res) => {
        const staff = await this.reauthenticated(req, res);
        if (staff) await handler(req, res, staff);
      }),
    ];

    // The member's own password: the residents' policy for the new one; every session ends, and
    // this one starts again under the new password.
    router.post(
      '/mon-compte/mot-de-passe',
      ...withPassword(async (req, res, staff) => {
        const locale = this.locale(req, res);
        const password = field(req.body, 'password', 1024);
        const problem = password !== field(req.body, 'confirm', 1024) ? 'password_mismatch' : checkPassword(password);
        if (problem) return this.page(res, 400, this.accountView(locale, staff, { error: fieldMessage(problem, locale) }));
        await this.accounts.changePassword(staff.id, password, { kind: 'staff', staffId: staff.id });
        await this.startSession(req, await this.dataSource.getRepository(Staff).findOneByOrFail({ id: staff.id }), 'done', req.session.staff?.secondFactor === true);
        res.redirect(303, '/admin/mon-compte?enregistre=mot-de-passe');
      }),
    );

    // New recovery codes (the old ones die), shown once.
    router.post(
      '/mon-compte/codes',
      ...withPassword(async (req, res, staff) => {
        if (!this.enrolledSecret(staff)) return res.redirect(303, '/admin/mon-compte/2fa');
        const codes = newRecoveryCodes();
        await this.accounts.setSecondFactor(staff.id, { recoveryCodeHashes: JSON.stringify(codes.map(hashRecoveryCode)) }, { kind: 'staff', staffId: staff.id }, 'newRecoveryCodes');
        this.page(res, 200, recoveryCodesPage(this.locale(req, res), city, codes, true));
      }),
    );

    // A new authenticator app: the enrolment page again; the current key works until a code confirms the new one.
    router.post(
      '/mon-compte/2fa/nouvelle-cle',
      ...withPassword(async (req, res) => {
        const state = req.session.staff!;
        delete state.pendingSecret;
        state.newKey = true;
        res.redirect(303, '/admin/mon-compte/2fa');
      }),
    );

    return router;
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
        this.page(res, 429, throttledPage(locale, this.config.cityName, seconds));
        return false;
      }
      if (error instanceof DomainError && error.code === 'invalid_credentials') {
        this.page(res, 401, await failurePage());
        return false;
      }
      // Argon2's queue is full, or this attempt's turn came too late: a page, not the API's problem.
      if (error instanceof DomainError && error.code === 'service_unavailable') {
        const seconds = error.extra.retryAfterSeconds ?? 1;
        res.setHeader('Retry-After', String(seconds));
        this.page(res, 503, busyPage(locale, this.config.cityName, seconds));
        return false;
      }
      throw error;
    }
  }

  private accountView(locale: Locale, staff: Staff, view: { saved?: 'language' | 'password' | null; error?: string }): string {
    const enrolled = this.enrolledSecret(staff) !== null;
    return accountPage(locale, this.config.cityName, { name: staff.displayName, email: staff.email, enrolled, saved: view.saved ?? null, error: view.error });
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
    const locale = this.locale(req, res);
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
    let secret = state.pendingSecret ? openSecret(state.pendingSecret, this.config.sessionSecret) : null;
    if (!secret) {
      secret = newTotpSecret();
      state.pendingSecret = sealSecret(secret, this.config.sessionSecret);
    }
    const qrSvg = await QRCode.toString(totpUri(secret, this.config.cityName, staff.email), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return enrolPage(locale, this.config.cityName, { required: state.stage === 'enrol', qrSvg, secret, error });
  }

  /** The TOTP secret of an enrolled member, or null (not enrolled, or sealed under another SESSION_SECRET). */
  private enrolledSecret(staff: Staff): string | null {
    return staff.totpSecret && staff.totpEnrolledAt ? openSecret(staff.totpSecret, this.config.sessionSecret) : null;
  }

  /**
   * A TOTP code (each time step once) or a recovery code (each once). Both are spent by a
   * conditional UPDATE: two requests with the same code cannot both pass.
   */
  private async checkSecondFactor(staff: Staff, code: string): Promise<boolean> {
    const secret = this.enrolledSecret(staff);
    if (!secret) return false;
    const update = () => this.dataSource.createQueryBuilder().update(Staff).where('id = :id', { id: staff.id });
    if (/^\s*\d{3}\s?\d{3}\s*$/.test(code)) {
      const step = verifyTotp(secret, code, this.clock.now(), staff.totpLastStep);
      if (step === null) return false;
      const result = await inTurn(this.dataSource, () =>
        update().set({ totpLastStep: step }).andWhere('(totpLastStep IS NULL OR totpLastStep < :step)', { step }).execute(),
      );
      return result.affected === 1;
    }
    const stored = staff.recoveryCodeHashes;
    const remaining = stored ? spendRecoveryCode(JSON.parse(stored) as string[], code) : null;
    if (!stored || !remaining) return false;
    const result = await inTurn(this.dataSource, () =>
      update().set({ recoveryCodeHashes: JSON.stringify(remaining) }).andWhere('recoveryCodeHashes = :stored', { stored }).execute(),
    );
    return result.affected === 1;
  }

  /** A new session id at each step of the login (no fixation), holding where the login stands. */
  private async startSession(req: Request, staff: Staff, stage: StaffStage, secondFactor: boolean): Promise<void> {
    const previous = req.session.staff;
    await promised((done) => req.session.regenerate(done));
    const now = this.clock.now().getTime();
    req.session.staff = {
      staffId: staff.id,
      version: staff.sessionVersion,
      passwordDigest: passwordDigest(staff.passwordHash),
      stage,
      secondFactor,
      createdAt: previous?.staffId === staff.id ? previous.createdAt : now,
      lastSeenAt: now,
    };
    if (stage === 'done') {
      req.session.adminUser = toAdminUser(staff);
      await inTurn(this.dataSource, () => this.dataSource.getRepository(Staff).update({ id: staff.id }, { lastLoginAt: this.clock.now() }));
      // Logins are rare enough to carry the clean-up of dead sessions.
      await this.store.purgeExpired();
    }
    await promised((done) => req.session.save(done));
  }
}
