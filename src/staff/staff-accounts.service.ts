import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type Repository } from 'typeorm';
import { hashPassword } from '../security/password-hasher.js';
import { checkPassword, type PasswordProblem } from '../security/password-policy.js';
import { Clock } from '../common/clock.js';
import { canonicalEmail, isAcceptableEmail } from '../common/email-address.js';
import { LOCALES, type Locale } from '../common/locale.js';
import { textProblem } from '../common/validation.js';
import { STAFF_CONFIG, type StaffConfig } from '../config/app-config.js';
import { withNamedLock } from '../database/named-lock.js';
import { inTransaction, isUniqueViolation } from '../database/transaction.js';
import { AuditLog, changesBetween } from '../audit/audit-log.js';
import type { Actor } from '../common/actor.js';
import { StaffSession } from './staff-session.entity.js';
import { Staff } from './staff.entity.js';
import { STAFF_ROLES, type AdminUser, type StaffRole } from './staff-user.js';
import { requireRight } from './roles.js';

export interface NewStaff {
  email: string;
  displayName: string;
  role: StaffRole;
  password: string;
  locale?: Locale;
  /** Active unless said otherwise (the panel's « Actif » box, ticked on a new form). */
  active?: boolean;
}

export type NewStaffProblem = 'email_invalid' | 'name_required' | 'role_invalid' | 'locale_invalid' | 'email_taken' | 'password_mismatch' | 'own_account_locked_out' | PasswordProblem;

/** What an administrator changes of a staff member in the panel. */
export type StaffChanges = Partial<Pick<Staff, 'displayName' | 'role' | 'locale' | 'active'>>;

/** What the service writes on a member's row. */
type StaffWrite = Partial<Pick<Staff, 'displayName' | 'role' | 'locale' | 'active' | 'passwordHash' | 'passwordChangedAt' | 'totpSecret' | 'totpEnrolledAt' | 'totpLastStep' | 'recoveryCodeHashes'>>;

/** A staff member could not be created; `problem` says why, for the CLI and the panel. */
export class NewStaffRefused extends Error {
  constructor(readonly problem: NewStaffProblem) {
    super(problem);
  }
}

/** The demo staff of the embedded mode: one per role, sharing a password that follows the policy. */
export const DEMO_STAFF_PASSWORD = 'Loisirs-Demo-2026';
export const DEMO_STAFF: ReadonlyArray<Omit<NewStaff, 'password'>> = [
  { email: 'prepose@ville.test', displayName: 'Préposé de démonstration', role: 'clerk' },
  { email: 'superviseure@ville.test', displayName: 'Superviseure de démonstration', role: 'supervisor' },
  { email: 'admin@ville.test', displayName: 'Administratrice de démonstration', role: 'administrator' },
];

const SYSTEM: Actor = { kind: 'system' };

export function toAdminUser(staff: Staff): AdminUser {
  return { id: staff.id, email: staff.email, title: staff.displayName, role: staff.role, locale: staff.locale === 'en' ? 'en' : 'fr' };
}

/**
 * A staff member as the audit log sees them: the fields it follows, secrets under the name of what
 * they protect (masked by `changesBetween`, never a column name that a scan for leaks would flag).
 */
function auditView(staff: Staff | null): Record<string, unknown> | null {
  if (!staff) return null;
  const { email, displayName, role, locale, active, passwordHash, totpEnrolledAt, totpSecret, recoveryCodeHashes } = staff;
  return { email, displayName, role, locale, active, password: passwordHash, totpEnrolledAt, twoFactorSecret: totpSecret, twoFactorRecovery: recoveryCodeHashes };
}

/** Who creates a member and the log of it: an administrator in the panel, the system from the CLI or at boot. */
export interface StaffAudit {
  log: AuditLog;
  actor: Actor;
}

/**
 * A staff member's name as the panel, the history and the emails show it: one line of at most 100
 * characters (as the column counts them), without control or bidi characters.
 */
function isDisplayName(name: string): boolean {
  return name !== '' && textProblem(name, { max: 100 }) === null;
}

/** Validates and creates a staff member (the service, the CLI), audited in the same transaction. Throws NewStaffRefused. */
export async function createStaff(dataSource: DataSource, input: NewStaff, audit: StaffAudit): Promise<Staff> {
  const email = canonicalEmail(input.email);
  const displayName = input.displayName.trim();
  if (!isAcceptableEmail(email) || email.length > 254) throw new NewStaffRefused('email_invalid');
  if (!isDisplayName(displayName)) throw new NewStaffRefused('name_required');
  if (!STAFF_ROLES.includes(input.role)) throw new NewStaffRefused('role_invalid');
  if (input.locale !== undefined && !LOCALES.includes(input.locale)) throw new NewStaffRefused('locale_invalid');
  const problem = checkPassword(input.password);
  if (problem) throw new NewStaffRefused(problem);
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(dataSource, async (manager) => {
      const row = await manager.save(manager.create(Staff, { email, displayName, role: input.role, passwordHash, locale: input.locale ?? 'fr', active: input.active ?? true, sessionVersion: 1 }));
      await audit.log.record(manager, { actor: audit.actor, action: 'create', resource: 'staff', recordId: row.id, changes: changesBetween(null, auditView(row)) });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new NewStaffRefused('email_taken');
    throw error;
  }
}

/** Staff accounts (SPEC S1): creation, the first administrator, password and activity changes that end sessions. */
@Injectable()
export class StaffAccounts implements OnApplicationBootstrap {
  private readonly logger = new Logger('Staff');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STAFF_CONFIG) private readonly config: StaffConfig,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  get repository(): Repository<Staff> {
    return this.dataSource.getRepository(Staff);
  }

  /** ADMIN_EMAIL / ADMIN_PASSWORD: the first administrator, only while no staff account exists. */
  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    // Instances started together take turns: the first creates, the others find a row.
    await withNamedLock(this.dataSource, 'staff-bootstrap', async () => {
      if ((await this.repository.count()) > 0) return;
      try {
        const staff = await this.create(this.dataSource, { email: adminEmail, displayName: 'Administrateur', role: 'administrator', password: adminPassword }, SYSTEM);
        this.logger.log({ staffId: staff.id }, 'First administrator created from ADMIN_EMAIL');
      } catch (error) {
        // Another process on the same SQLite file created it between the count and the insert.
        if (!(error instanceof NewStaffRefused && error.problem === 'email_taken')) throw error;
      }
    });
  }

  /** Validates and creates a staff member, audited. Throws NewStaffRefused. */
  async create(dataSource: DataSource, input: NewStaff, actor: Actor): Promise<Staff> {
    requireRight(actor, 'staff', 'new');
    return createStaff(dataSource, input, { log: this.audit, actor });
  }

  /**
   * The demo staff, into a database without staff (called with the demo data). Returns the demo
   * members that exist, to print their logins.
   */
  async createDemoStaff(): Promise<Array<Omit<NewStaff, 'password'>>> {
    if ((await this.repository.count()) === 0) {
      for (const member of DEMO_STAFF) await this.create(this.dataSource, { ...member, password: DEMO_STAFF_PASSWORD }, SYSTEM);
    }
    const existing = new Set((await this.repository.findBy({ email: In(DEMO_STAFF.map((member) => member.email)), active: true })).map((row) => row.email));
    return DEMO_STAFF.filter((member) => existing.has(member.email));
  }

  /** A new password ends every session of the staff member at once. Throws NewStaffRefused for a weak one. */
  async changePassword(staffId: number, password: string, actor: Actor): Promise<void> {
    const passwordHash = await this.newPasswordHash(password);
    await this.audited(staffId, actor, 'changePassword', () => ({ set: { passwordHash, passwordChangedAt: this.clock.now() }, endSessions: true }));
  }

  /** Deactivating ends every session at once; a deactivated member cannot log in. */
  async setActive(staffId: number, active: boolean, actor: Actor): Promise<void> {
    requireRight(actor, 'staff', 'edit');
    await this.audited(staffId, actor, 'update', () => ({ set: { active }, endSessions: true }));
  }

  /**
   * The panel (an administrator): name, role, language and active flag, and a new temporary
   * password, in one transaction with its audit line. Only a change of role, a real deactivation or
   * a new password ends the member's sessions (saving the form of an active member keeps them
   * signed in; a promoted clerk signs in again, with the second factor their new role asks); nobody
   * deactivates or demotes themselves (the last administrator would lock everyone out). Throws
   * NewStaffRefused.
   */
  async update(staffId: number, changes: StaffChanges, actor: Actor, password?: string): Promise<void> {
    requireRight(actor, 'staff', 'edit');
    const { active, ...fields } = changes;
    const self = actor.kind === 'staff' && actor.staffId === staffId;
    if (self && (active === false || (fields.role !== undefined && fields.role !== 'administrator'))) throw new NewStaffRefused('own_account_locked_out');
    if (fields.displayName !== undefined) {
      fields.displayName = fields.displayName.trim();
      if (!isDisplayName(fields.displayName)) throw new NewStaffRefused('name_required');
    }
    if (fields.role !== undefined && !STAFF_ROLES.includes(fields.role)) throw new NewStaffRefused('role_invalid');
    if (fields.locale !== undefined && !LOCALES.includes(fields.locale)) throw new NewStaffRefused('locale_invalid');
    const passwordHash = password ? await this.newPasswordHash(password) : undefined;
    await this.audited(staffId, actor, 'update', (before) => {
      const set: StaffWrite = { ...fields };
      if (active !== undefined && active !== before.active) set.active = active;
      if (passwordHash) Object.assign(set, { passwordHash, passwordChangedAt: this.clock.now() });
      const newRole = fields.role !== undefined && fields.role !== before.role;
      return { set, endSessions: newRole || 'active' in set || !!passwordHash };
    });
  }

  /**
   * A member's own second factor from their account page: a confirmed enrolment (first or new key,
   * with new recovery codes) or new recovery codes, audited; their sessions go on.
   */
  async setSecondFactor(staffId: number, set: Partial<Pick<Staff, 'totpSecret' | 'totpEnrolledAt' | 'totpLastStep' | 'recoveryCodeHashes'>>, actor: Actor, action: 'enrolTwoFactor' | 'newRecoveryCodes'): Promise<void> {
    await this.audited(staffId, actor, action, () => ({ set, endSessions: false }));
  }

  /** The panel (an administrator): forgets the TOTP enrolment and recovery codes, and ends every session. */
  async resetSecondFactor(staffId: number, actor: Actor): Promise<void> {
    requireRight(actor, 'staff', 'resetTwoFactor');
    await this.audited(staffId, actor, 'resetTwoFactor', () => ({ set: { totpSecret: null, totpEnrolledAt: null, totpLastStep: null, recoveryCodeHashes: null }, endSessions: true }));
  }

  /** The staff member's own language (French or English), kept on their row and audited: the panel and the sign-in pages follow it. */
  async setLocale(staffId: number, locale: Locale): Promise<void> {
    await this.audited(staffId, { kind: 'staff', staffId }, 'update', () => ({ set: { locale }, endSessions: false }));
  }

  /**
   * One change of a member, audited in its transaction with the followed fields before and after
   * (secrets masked); `endSessions` deletes the member's sessions with the change and raises the
   * session version, so that any session opened before dies on its next request, on every instance.
   * A change that changes nothing writes no line.
   */
  private async audited(staffId: number, actor: Actor, action: string, change: (before: Staff) => { set: StaffWrite; endSessions: boolean }): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const before = await manager.findOneBy(Staff, { id: staffId });
      if (!before) return;
      const { set, endSessions } = change(before);
      if (!Object.keys(set).length && !endSessions) return;
      await manager
        .createQueryBuilder()
        .update(Staff)
        .set(endSessions ? { ...set, sessionVersion: () => 'sessionVersion + 1' } : set)
        .where('id = :id', { id: staffId })
        .execute();
      if (endSessions) await manager.delete(StaffSession, { staffId });
      const after = await manager.findOneByOrFail(Staff, { id: staffId });
      const changes = changesBetween(auditView(before), auditView(after));
      if (Object.keys(changes).length) await this.audit.record(manager, { actor, action, resource: 'staff', recordId: staffId, changes });
    });
  }

  private async newPasswordHash(password: string): Promise<string> {
    const problem = checkPassword(password);
    if (problem) throw new NewStaffRefused(problem);
    return hashPassword(password);
  }

  /** Whether this member must have a second factor before using the panel (STAFF_MFA). */
  mustEnrol(staff: Pick<Staff, 'role'>): boolean {
    if (this.config.staffMfa === 'required') return true;
    if (this.config.staffMfa === 'admins') return staff.role === 'administrator';
    return false;
  }
}
