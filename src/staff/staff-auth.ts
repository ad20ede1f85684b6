import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import express, { type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { negotiateLocale, type Locale } from '../common/locale.js';
import { ProblemDetailsFilter } from '../common/problem.filter.js';
import { isCrossSite } from '../common/same-origin.js';
import { CITY_CONFIG, STAFF_CONFIG, type CityConfig, type StaffConfig } from '../config/app-config.js';
import { inTurn } from '../database/transaction.js';
import { openSecret, spendRecoveryCode, verifyTotp } from '../security/second-factor.js';
import { StaffAccounts, toAdminUser } from './staff-accounts.service.js';
import { Staff } from './staff.entity.js';
import { forbiddenPage } from './staff-pages.js';
import { DatabaseSessionStore } from './staff-session.store.js';
import type { AdminUser } from './staff-user.js';
import { staffRefusal } from './staff.guard.js';

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

/** The staff pages' forms (StaffAuthController): the only bodies read at /admin before AdminJS. */
const STAFF_FORMS = ['/login', '/login/code', '/mon-compte/langue', '/mon-compte/2fa', '/mon-compte/mot-de-passe', '/mon-compte/codes', '/mon-compte/2fa/nouvelle-cle'];

export function field(body: unknown, name: string, max: number): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

export const promised = (call: (done: (error?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => call((error) => (error ? reject(error) : resolve())));

/**
 * Who is logged in to the panel: the staff session (in the database, checked against the staff row
 * on every request), the steps of a login, and the gate in front of AdminJS. `before()` runs at
 * /admin ahead of every route; the pages themselves are StaffAuthController's.
 */
@Injectable()
export class StaffAuth {
  private built: RequestHandler[] | null = null;
  private readonly problems = new ProblemDetailsFilter();
  readonly store: DatabaseSessionStore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CITY_CONFIG) private readonly city: CityConfig,
    @Inject(STAFF_CONFIG) private readonly staff: StaffConfig,
    private readonly clock: Clock,
    private readonly accounts: StaffAccounts,
  ) {
    // A row outlives the idle timeout by the activity granularity: the middleware decides, not the row.
    this.store = new DatabaseSessionStore(dataSource, clock, IDLE_TIMEOUT_MS + ACTIVITY_GRANULARITY_MS);
  }

  /**
   * In front of everything at /admin, Nest's controllers and the panel alike (createApp mounts them
   * before `app.init()`): the session, checked against the staff row; a POST from another site
   * refused; the staff pages' forms read.
   */
  before(): RequestHandler[] {
    this.built ??= [this.sessionHandler(), this.sameOriginPosts(), this.forms()];
    return this.built;
  }

  /** The panel's gate (mounted by its loader before AdminJS): a signed-in staff member, or the way to sign in. */
  handlers(): RequestHandler[] {
    return [this.gate()];
  }

  // A POST under /admin comes from the service's own pages only (login CSRF, forced logout, and
  // the panel's own requests behind): another site's form or script is refused before anything.
  private sameOriginPosts(): RequestHandler {
    return (req, res, next) => {
      if (req.method !== 'POST' || !isCrossSite(req, this.city.ownOrigins)) return next();
      if (req.originalUrl.startsWith('/admin/api/')) return this.problems.respond(new DomainError('forbidden'), req, res);
      this.page(res, 403, forbiddenPage(this.locale(req, res), this.city.cityName));
    };
  }

  /** The staff pages' forms (StaffAuthController), and no other body: AdminJS reads its own. */
  private forms(): RequestHandler {
    const forms = express.Router();
    forms.post(STAFF_FORMS, express.urlencoded({ extended: false, limit: '10kb' }));
    return forms;
  }

  private sessionHandler(): RequestHandler {
    const middleware = session({
      name: STAFF_COOKIE,
      secret: this.staff.sessionSecret,
      store: this.store,
      resave: false,
      saveUninitialized: false,
      unset: 'destroy',
      cookie: { path: '/admin', httpOnly: true, sameSite: 'lax', secure: this.staff.staffCookieSecure },
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
      const refusal = staffRefusal(req);
      if (!refusal) return next();
      if (refusal instanceof DomainError) return this.problems.respond(refusal, req, res);
      res.redirect(302, refusal.location);
    };
  }

  /** The signed-in staff member's language; before sign-in, the one this browser last used, else Accept-Language. */
  locale(req: Request, res: Response): Locale {
    const staff = res.locals.staff as Staff | undefined;
    if (staff) return staff.locale === 'en' ? 'en' : 'fr';
    const remembered = /(?:^|;\s*)guichet_langue=(fr|en)(?:;|$)/.exec(req.headers.cookie ?? '')?.[1] as Locale | undefined;
    return remembered ?? negotiateLocale(req.headers['accept-language']);
  }

  rememberLocale(res: Response, locale: Locale): void {
    res.cookie(STAFF_LOCALE_COOKIE, locale, { path: '/admin', httpOnly: true, sameSite: 'lax', secure: this.staff.staffCookieSecure, maxAge: LOCALE_COOKIE_MAX_AGE_MS });
  }

  page(res: Response, status: number, html: string): void {
    res.status(status).setHeader('Cache-Control', 'no-store').type(HTML).send(html);
  }

  /** The TOTP secret of an enrolled member, or null (not enrolled, or sealed under another SESSION_SECRET). */
  enrolledSecret(staff: Staff): string | null {
    return staff.totpSecret && staff.totpEnrolledAt ? openSecret(staff.totpSecret, this.staff.sessionSecret) : null;
  }

  /**
   * A TOTP code (each time step once) or a recovery code (each once). Both are spent by a
   * conditional UPDATE: two requests with the same code cannot both pass.
   */
  async checkSecondFactor(staff: Staff, code: string): Promise<boolean> {
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
  async startSession(req: Request, staff: Staff, stage: StaffStage, secondFactor: boolean): Promise<void> {
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
