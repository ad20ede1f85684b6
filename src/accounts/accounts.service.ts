import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { insertRow } from '../database/insert-row.js';
import { inTransaction, isUniqueViolation } from '../database/transaction.js';
import { CITY_CONFIG, type CityConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import type { Locale } from '../common/locale.js';
import { maskEmail } from '../common/logging.js';
import { addHours, hashToken, newToken, tokenState } from '../common/tokens.js';
import { canonicalEmail } from '../common/email-address.js';
import { accountLimitKey, ThrottleService, type Limit } from '../security/throttle.service.js';
import { ResidentSessions } from '../auth/resident-sessions.js';
import { AuditLog, changesBetween } from '../audit/audit-log.js';
import { actorLabel, requireRole, type Actor, type StaffRole } from '../common/actor.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { OutboxDispatcher } from '../notifications/outbox-dispatcher.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Account } from './account.entity.js';
import type { SignupDto } from './dto/account.dto.js';
import { EmailToken, type EmailTokenPurpose } from './email-token.entity.js';
import { hashPassword, verifyPassword, withPasswordTurn } from '../security/password-hasher.js';

export const VERIFY_EMAIL_TTL_HOURS = 24;
export const RESET_PASSWORD_TTL_HOURS = 1;

/** What an email to an account needs. */
type Recipient = Pick<Account, 'id' | 'email' | 'firstName' | 'locale'>;

export type VerifyOutcome = 'account_confirmed' | 'link_expired' | 'link_invalid';
export type VerifyLinkState = VerifyOutcome | 'usable';

/** What a sign-up leaves on its confirmation link, and what a spent or dead link keeps of it: nothing. */
type Signup = Pick<Account, 'firstName' | 'lastName' | 'passwordHash' | 'locale'>;
const NO_SIGNUP = { firstName: null, lastName: null, passwordHash: null, locale: null };

/** The portal's confirmation page for a link sent by email (A4); a GET of it changes nothing. */
export function confirmationPageUrl(portalUrl: string, token: string): string {
  return `${portalUrl}/confirmation?token=${encodeURIComponent(token)}`;
}

function verifyLinkState(row: EmailToken | null, now: Date): VerifyLinkState {
  if (!row) return 'link_invalid';
  if (row.usedAt) return row.account.emailVerifiedAt ? 'account_confirmed' : 'link_invalid';
  if (row.revokedAt) return 'link_invalid';
  return tokenState(row, now) === 'expired' ? 'link_expired' : 'usable';
}

/** Deferred requests (`OutboxService.defer`): resolved by the dispatcher, off the request path. */
const RESEND_REQUEST = 'resend_verification_request';
const FORGOT_REQUEST = 'password_forgot_request';
/** Who helps residents with their accounts (the panel's matrix says the same): clerks and administrators. */
const ACCOUNT_HELPERS: StaffRole[] = ['clerk', 'administrator'];

/** A reset link that can still be used, or the error that says why not. */
function assertResetLinkUsable(row: EmailToken | null, now: Date): asserts row is EmailToken {
  if (!row || row.usedAt || row.revokedAt) throw new DomainError('link_invalid', 400);
  if (tokenState(row, now) === 'expired') throw new DomainError('link_expired', 410);
}

/** Resident accounts: sign-up, email confirmation, password reset (SPEC A1–A5). */
@Injectable()
export class AccountsService implements OnModuleInit {
  private readonly logger = new Logger('Accounts');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CITY_CONFIG) private readonly config: CityConfig,
    private readonly outbox: OutboxService,
    private readonly dispatcher: OutboxDispatcher,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly sessions: ResidentSessions,
  ) {}

  onModuleInit(): void {
    this.dispatcher.resolveWith(RESEND_REQUEST, (manager, email) => this.resolveResend(manager, email));
    this.dispatcher.resolveWith(FORGOT_REQUEST, (manager, email) => this.resolveForgot(manager, email));
  }

  /**
   * A1–A5. Answers nothing: the caller answers 202 whatever happened, so that nobody learns
   * whether an address has an account.
   */
  async signup(dto: SignupDto, locale: Locale, ip: string, gone?: AbortSignal): Promise<void> {
    // Hashing first, whatever the outcome, also keeps the answer time the same for known addresses.
    const passwordHash = await withPasswordTurn(gone, (turn) => this.throttle.consumeUnlessUnavailable([['emailRequestsPerIp', ip]], () => hashPassword(dto.password, turn)));
    const email = canonicalEmail(dto.email);
    if (!(await this.throttle.allowEmailTo(email))) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await inTransaction(this.dataSource, async (manager) => {
          const existing = await manager.findOneBy(Account, { email });
          if (existing?.emailVerifiedAt) {
            await this.sendAccountExists(manager, existing);
            return;
          }
          // A pending address signed up again: the account shows the latest sign-up while it waits, but
          // each link keeps the sign-up it was sent for (A4), and earlier links stay valid until one is used.
          const fields = { firstName: dto.firstName, lastName: dto.lastName, passwordHash, locale };
          let id: number;
          if (existing) {
            const pending = await manager.update(Account, { id: existing.id, emailVerifiedAt: IsNull() }, fields);
            // One of its links confirmed it meanwhile: the confirmed account's password must not change.
            if (!pending.affected) return this.sendAccountExists(manager, existing);
            id = existing.id;
          } else {
            id = await insertRow(manager, Account, { email, ...fields });
          }
          await this.sendVerification(manager, { id, email, ...fields }, { keepOlder: true });
        });
        this.logger.log({ to: maskEmail(email) }, 'Sign-up handled');
        return;
      } catch (error) {
        // Two sign-ups for one new address at once: the loser replays as a pending sign-up.
        if (attempt === 0 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  /**
   * A new confirmation link (or the "account exists" email). The request path only records the
   * request, the same single write whatever the address (A5); the dispatcher resolves it.
   */
  async resendVerification(rawEmail: string, locale: Locale, ip: string): Promise<void> {
    await this.deferRequest(RESEND_REQUEST, rawEmail, locale, ip);
  }

  private async resolveResend(manager: EntityManager, email: string): Promise<void> {
    const account = await manager.findOneBy(Account, { email });
    if (account) await this.resend(manager, account);
  }

  /** The resend itself, within the per-address cap: a new link, or "account exists" once confirmed. */
  private async resend(manager: EntityManager, account: Account): Promise<'sent' | 'limited'> {
    if (!(await this.throttle.allowEmailTo(account.email))) return 'limited';
    if (account.emailVerifiedAt) await this.sendAccountExists(manager, account);
    else await this.sendVerification(manager, account);
    return 'sent';
  }

  /**
   * The panel (a clerk, issue #7): a new confirmation link for a pending account, through the
   * resend's own path (outbox, per-address cap); the staff member is told what happened. A link
   * sent is audited with the email, in its transaction: the older links died (masked values).
   */
  async resendVerificationFor(accountId: number, actor: Actor): Promise<'sent' | 'limited' | 'already_confirmed' | 'not_found'> {
    requireRole(actor, ACCOUNT_HELPERS);
    const outcome = await inTransaction(this.dataSource, async (manager) => {
      const account = await manager.findOneBy(Account, { id: accountId });
      if (!account) return 'not_found';
      if (account.emailVerifiedAt) return 'already_confirmed';
      const older = await manager.countBy(EmailToken, { accountId, purpose: 'verify_email', usedAt: IsNull(), revokedAt: IsNull() });
      const sent = await this.resend(manager, account);
      if (sent === 'sent') {
        const changes = changesBetween({ confirmationToken: older ? 'older' : null }, { confirmationToken: 'new' });
        await this.audit.record(manager, { actor, action: 'resendConfirmation', resource: 'accounts', recordId: accountId, changes });
      }
      return sent;
    });
    this.logger.log({ accountId, outcome, actor: actorLabel(actor) }, 'Confirmation resent from the panel');
    return outcome;
  }

  /**
   * The panel (a clerk): forgets the account's failed logins and failed dossier links; the audit
   * line keeps how many there were. The counters live in the throttle's store: on SQLite in this
   * transaction, on MySQL/MariaDB on a connection of their own, reset after the line is written
   * (a failed reset rolls the line back).
   */
  async unlock(accountId: number, actor: Actor): Promise<boolean> {
    requireRole(actor, ACCOUNT_HELPERS);
    const unlocked = await inTransaction(this.dataSource, async (manager) => {
      const account = await manager.findOneBy(Account, { id: accountId });
      if (!account) return false;
      const limits: Array<[string, Limit]> = [
        ['failedLogins', ['loginFailuresPerAccount', accountLimitKey(accountId)]],
        ['failedDossierLinks', ['dossierLinkFailuresPerAccount', accountLimitKey(accountId)]],
      ];
      const before: Record<string, number> = {};
      for (const [field, limit] of limits) before[field] = await this.throttle.attempts(limit);
      const after = Object.fromEntries(limits.map(([field]) => [field, 0]));
      await this.audit.record(manager, { actor, action: 'unlock', resource: 'accounts', recordId: accountId, changes: changesBetween(before, after) });
      for (const [, [name, key]] of limits) await this.throttle.reset(name, key);
      return true;
    });
    if (unlocked) this.logger.log({ accountId, actor: actorLabel(actor) }, 'Account unlocked from the panel');
    return unlocked;
  }

  /**
   * A3–A4: confirms the address once, with the password, names and language of the link's own
   * sign-up; the account's other pending links die. A used link of a confirmed account still says
   * "confirmed"; a link that lost to another (used, or revoked meanwhile) is invalid.
   */
  async verifyEmail(token: string): Promise<VerifyOutcome> {
    const now = this.clock.now();
    return inTransaction(this.dataSource, async (manager) => {
      const found = await this.findVerifyLink(manager, token);
      const state = verifyLinkState(found, now);
      if (state !== 'usable') return state;
      const link = found!;
      const claimed = await manager.update(EmailToken, { id: link.id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: now, ...NO_SIGNUP });
      // Lost to the same link used at the same time (a double click: confirmed) or to a revocation (invalid).
      if (!claimed.affected) return verifyLinkState(await this.findVerifyLink(manager, token), now) === 'account_confirmed' ? 'account_confirmed' : 'link_invalid';
      const { firstName, lastName, passwordHash, locale } = link;
      // A link sent before sign-ups were kept on links carries none: the account holds its sign-up.
      const signup = passwordHash ? { firstName: firstName!, lastName: lastName!, passwordHash, locale: locale! } : {};
      const confirmed = await manager.update(Account, { id: link.accountId, emailVerifiedAt: IsNull() }, { ...signup, emailVerifiedAt: now });
      if (!confirmed.affected) {
        // Another link of the account confirmed it first: this one's password never becomes the account's.
        await manager.update(EmailToken, { id: link.id }, { usedAt: null, revokedAt: now });
        return 'link_invalid';
      }
      await manager.update(EmailToken, { accountId: link.accountId, purpose: 'verify_email', usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: now, ...NO_SIGNUP });
      return 'account_confirmed';
    });
  }

  /** What a confirmation link would do, changing nothing: the portal's page reads it before the button. */
  async checkVerifyLink(token: string): Promise<VerifyLinkState> {
    return verifyLinkState(await this.findVerifyLink(this.dataSource.manager, token), this.clock.now());
  }

  private findVerifyLink(manager: EntityManager, token: string): Promise<EmailToken | null> {
    return manager.findOne(EmailToken, { where: { tokenHash: hashToken(token), purpose: 'verify_email' }, relations: { account: true } });
  }

  /** A reset link (1 h, once), recorded like a resend and resolved by the dispatcher. */
  async forgotPassword(rawEmail: string, locale: Locale, ip: string): Promise<void> {
    await this.deferRequest(FORGOT_REQUEST, rawEmail, locale, ip);
  }

  private async resolveForgot(manager: EntityManager, email: string): Promise<void> {
    const account = await manager.findOneBy(Account, { email });
    if (!account || !(await this.throttle.allowEmailTo(account.email))) return;
    const token = await this.issueToken(manager, account, 'reset_password', RESET_PASSWORD_TTL_HOURS);
    await this.outbox.enqueue(manager, account.email, account.locale as Locale, {
      template: 'password_reset',
      params: { firstName: account.firstName, link: `${this.config.portalUrl}/mot-de-passe?token=${token}` },
    });
  }

  private async deferRequest(kind: string, rawEmail: string, locale: Locale, ip: string): Promise<void> {
    await this.throttle.consume(['emailRequestsPerIp', ip]);
    const email = canonicalEmail(rawEmail);
    await inTransaction(this.dataSource, (manager) => this.outbox.defer(manager, email, locale, kind));
  }

  /**
   * Sets a new password from a reset link (1 h, once) and closes every session of the account. The
   * link is checked before the password is hashed: a bogus link costs a lookup, not an argon2 hash.
   */
  async resetPassword(token: string, password: string, ip: string, gone?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const where = { tokenHash: hashToken(token), purpose: 'reset_password' as const };
    const passwordHash = await withPasswordTurn(gone, (turn) =>
      this.throttle.consumeUnlessUnavailable([['emailRequestsPerIp', ip]], async () => {
        assertResetLinkUsable(await this.dataSource.getRepository(EmailToken).findOneBy(where), now);
        return hashPassword(password, turn);
      }),
    );
    const account = await inTransaction(this.dataSource, async (manager) => {
      const row = await manager.findOne(EmailToken, { where, relations: { account: true } });
      assertResetLinkUsable(row, now);
      const claimed = await manager.update(EmailToken, { id: row.id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: now });
      if (!claimed.affected) throw new DomainError('link_invalid', 400);
      // The link proves the address, so a pending account is confirmed by it too.
      await manager.update(Account, { id: row.accountId }, { passwordHash, emailVerifiedAt: row.account.emailVerifiedAt ?? now });
      await manager.update(RefreshToken, { accountId: row.accountId, revokedAt: IsNull() }, { revokedAt: now });
      await this.outbox.enqueue(manager, row.account.email, row.account.locale as Locale, {
        template: 'password_changed',
        params: { firstName: row.account.firstName },
      });
      return row.account;
    });
    this.sessions.forgetAccount(account.id);
    await this.throttle.reset('loginFailuresPerAccount', accountLimitKey(account.id));
  }

  /**
   * The resident's own new password (ASVS 2.1.5, 2.1.6): the current one first, a wrong one
   * counted as a failed login under the same limits; then every login of the account ends
   * (3.3.3) and the owner is told by email (2.2.3), as after a reset.
   */
  async changePassword(accountId: number, currentPassword: string, password: string, ip: string): Promise<void> {
    const account = await this.dataSource.getRepository(Account).findOneBy({ id: accountId });
    if (!account?.emailVerifiedAt) throw new DomainError('unauthorized', 401);
    const wrong = () => new ValidationFailed([{ field: 'currentPassword', code: 'current_password_invalid' }]);
    const limits: Limit[] = [
      ['loginFailuresPerIp', ip],
      ['loginFailuresPerAccount', accountLimitKey(account.id)],
    ];
    await this.throttle.attempt(limits, 'validation_failed', async () => {
      if (!(await verifyPassword(account.passwordHash, currentPassword))) throw wrong();
    });
    const passwordHash = await hashPassword(password);
    const now = this.clock.now();
    await inTransaction(this.dataSource, async (manager) => {
      // Only over the password just checked: a reset or another change in between wins.
      const changed = await manager.update(Account, { id: accountId, passwordHash: account.passwordHash }, { passwordHash });
      if (!changed.affected) throw wrong();
      await manager.update(RefreshToken, { accountId, revokedAt: IsNull() }, { revokedAt: now });
      await this.outbox.enqueue(manager, account.email, account.locale as Locale, { template: 'password_changed', params: { firstName: account.firstName } });
    });
    this.sessions.forgetAccount(accountId);
    this.logger.log({ accountId }, 'Password changed by its owner');
  }

  /**
   * The account and whether a dossier is linked to it, in one plain query: GET /me is the most
   * frequent authenticated call, and a repository read costs more than the query itself.
   */
  async profile(id: number): Promise<{ account: Account; linked: boolean } | null> {
    const q = (name: string) => this.dataSource.driver.escape(name);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT a.${q('id')}, a.${q('email')}, a.${q('firstName')}, a.${q('lastName')}, a.${q('locale')}, a.${q('emailVerifiedAt')}, a.${q('createdAt')},
        EXISTS (SELECT 1 FROM ${q('persons')} p WHERE p.${q('accountId')} = a.${q('id')}) AS ${q('linked')}
       FROM ${q('accounts')} a WHERE a.${q('id')} = ?`,
      [id],
    );
    if (!rows.length) return null;
    const metadata = this.dataSource.getMetadata(Account);
    const account = new Account();
    for (const property of ['id', 'email', 'firstName', 'lastName', 'locale', 'emailVerifiedAt', 'createdAt'] as const) {
      const column = metadata.findColumnWithPropertyName(property)!;
      (account as unknown as Record<string, unknown>)[property] = this.dataSource.driver.prepareHydratedValue(rows[0][property], column);
    }
    return { account, linked: Number(rows[0].linked) === 1 };
  }

  /** A link for the sign-up the account holds; a resend kills the older links, a sign-up keeps them. */
  private async sendVerification(manager: EntityManager, account: Recipient & Signup, options: { keepOlder?: boolean } = {}): Promise<void> {
    const { firstName, lastName, passwordHash, locale } = account;
    const token = await this.issueToken(manager, account, 'verify_email', VERIFY_EMAIL_TTL_HOURS, { ...options, signup: { firstName, lastName, passwordHash, locale } });
    await this.outbox.enqueue(manager, account.email, account.locale as Locale, {
      template: 'verify_email',
      params: { firstName: account.firstName, link: confirmationPageUrl(this.config.portalUrl, token) },
    });
  }

  private async sendAccountExists(manager: EntityManager, account: Account): Promise<void> {
    await this.outbox.enqueue(manager, account.email, account.locale as Locale, {
      template: 'account_exists',
      params: { firstName: account.firstName },
    });
  }

  /** A new single-use link; unless `keepOlder`, the account's unused links of the same purpose die. */
  private async issueToken(
    manager: EntityManager,
    account: Recipient,
    purpose: EmailTokenPurpose,
    ttlHours: number,
    { keepOlder = false, signup }: { keepOlder?: boolean; signup?: Signup } = {},
  ): Promise<string> {
    const now = this.clock.now();
    if (!keepOlder) {
      await manager.update(EmailToken, { accountId: account.id, purpose, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: now, ...NO_SIGNUP });
    }
    const token = newToken();
    await insertRow(manager, EmailToken, { accountId: account.id, purpose, tokenHash: hashToken(token), expiresAt: addHours(now, ttlHours), ...signup });
    return token;
  }
}
