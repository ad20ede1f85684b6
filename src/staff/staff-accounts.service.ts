import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type Repository } from 'typeorm';
import { hashPassword } from '../accounts/password-hasher.js';
import { checkPassword, type PasswordProblem } from '../accounts/password-policy.js';
import { Clock } from '../common/clock.js';
import { LOCALES, type Locale } from '../common/locale.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { withNamedLock } from '../database/named-lock.js';
import { inTurn, isUniqueViolation } from '../database/transaction.js';
import { Staff } from './staff.entity.js';
import { STAFF_ROLES, type AdminUser, type StaffRole } from './staff-user.js';

export interface NewStaff {
  email: string;
  displayName: string;
  role: StaffRole;
  password: string;
  locale?: Locale;
}

export type NewStaffProblem = 'email_invalid' | 'name_required' | 'role_invalid' | 'locale_invalid' | 'email_taken' | 'password_mismatch' | 'own_account_locked_out' | PasswordProblem;

/** What an administrator changes of a staff member in the panel. */
export type StaffChanges = Partial<Pick<Staff, 'displayName' | 'role' | 'locale' | 'active'>>;

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

export function normaliseStaffEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toAdminUser(staff: Staff): AdminUser {
  return { id: staff.id, email: staff.email, title: staff.displayName, role: staff.role, locale: staff.locale === 'en' ? 'en' : 'fr' };
}

/** Validates and creates a staff member (the service, the CLI). Throws NewStaffRefused. */
export async function createStaff(dataSource: DataSource, input: NewStaff): Promise<Staff> {
  const email = normaliseStaffEmail(input.email);
  const displayName = input.displayName.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) throw new NewStaffRefused('email_invalid');
  if (!displayName || displayName.length > 100) throw new NewStaffRefused('name_required');
  if (!STAFF_ROLES.includes(input.role)) throw new NewStaffRefused('role_invalid');
  if (input.locale !== undefined && !LOCALES.includes(input.locale)) throw new NewStaffRefused('locale_invalid');
  const problem = checkPassword(input.password);
  if (problem) throw new NewStaffRefused(problem);
  const passwordHash = await hashPassword(input.password);
  const repository = dataSource.getRepository(Staff);
  try {
    const row = repository.create({ email, displayName, role: input.role, passwordHash, locale: input.locale ?? 'fr', active: true, sessionVersion: 1 });
    return await inTurn(dataSource, () => repository.save(row));
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
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
        const staff = await this.create(this.dataSource, { email: adminEmail, displayName: 'Administrateur', role: 'administrator', password: adminPassword });
        this.logger.log({ staffId: staff.id }, 'First administrator created from ADMIN_EMAIL');
      } catch (error) {
        // Another process on the same SQLite file created it between the count and the insert.
        if (!(error instanceof NewStaffRefused && error.problem === 'email_taken')) throw error;
      }
    });
  }

  /** Validates and creates a staff member. Throws NewStaffRefused. */
  create(dataSource: DataSource, input: NewStaff): Promise<Staff> {
    return createStaff(dataSource, input);
  }

  /**
   * The demo staff, into a database without staff (called with the demo data). Returns the demo
   * members that exist, to print their logins.
   */
  async createDemoStaff(): Promise<Array<Omit<NewStaff, 'password'>>> {
    if ((await this.repository.count()) === 0) {
      for (const member of DEMO_STAFF) await this.create(this.dataSource, { ...member, password: DEMO_STAFF_PASSWORD });
    }
    const existing = new Set((await this.repository.findBy({ email: In(DEMO_STAFF.map((member) => member.email)), active: true })).map((row) => row.email));
    return DEMO_STAFF.filter((member) => existing.has(member.email));
  }

  /** A new password ends every session of the staff member at once. Throws NewStaffRefused for a weak one. */
  async changePassword(staffId: number, password: string): Promise<void> {
    const problem = checkPassword(password);
    if (problem) throw new NewStaffRefused(problem);
    const passwordHash = await hashPassword(password);
    await this.endSessions(staffId, { passwordHash, passwordChangedAt: this.clock.now() });
  }

  /** Deactivating ends every session at once; a deactivated member cannot log in. */
  async setActive(staffId: number, active: boolean): Promise<void> {
    await this.endSessions(staffId, { active });
  }

  /**
   * The panel (an administrator): name, role, language and active flag. Deactivation goes through
   * `setActive`, so that the member's sessions end at once; nobody deactivates or demotes themselves
   * (the last administrator would lock everyone out). Throws NewStaffRefused.
   */
  async update(staffId: number, changes: StaffChanges, byStaffId: number): Promise<void> {
    const { active, ...fields } = changes;
    if (staffId === byStaffId && (active === false || (fields.role !== undefined && fields.role !== 'administrator'))) throw new NewStaffRefused('own_account_locked_out');
    if (fields.displayName !== undefined) {
      fields.displayName = fields.displayName.trim();
      if (!fields.displayName || fields.displayName.length > 100) throw new NewStaffRefused('name_required');
    }
    if (fields.role !== undefined && !STAFF_ROLES.includes(fields.role)) throw new NewStaffRefused('role_invalid');
    if (fields.locale !== undefined && !LOCALES.includes(fields.locale)) throw new NewStaffRefused('locale_invalid');
    if (Object.keys(fields).length) await inTurn(this.dataSource, () => this.repository.update({ id: staffId }, fields));
    // Only a real change ends sessions: saving the form of an active member keeps them signed in.
    if (active !== undefined && (await this.repository.findOneBy({ id: staffId }))?.active !== active) await this.setActive(staffId, active);
  }

  /** The panel (an administrator): forgets the TOTP enrolment and recovery codes, and ends every session. */
  async resetSecondFactor(staffId: number): Promise<void> {
    await this.endSessions(staffId, { totpSecret: null, totpEnrolledAt: null, totpLastStep: null, recoveryCodeHashes: null });
  }

  /** The staff member's language (French or English), kept on their row: the panel and the sign-in pages follow it. */
  async setLocale(staffId: number, locale: Locale): Promise<void> {
    await inTurn(this.dataSource, () => this.repository.update({ id: staffId }, { locale }));
  }

  /** Raises the session version (with other changes): every session opened before dies on its next request. */
  async endSessions(staffId: number, changes: Partial<Pick<Staff, 'passwordHash' | 'passwordChangedAt' | 'active' | 'totpSecret' | 'totpEnrolledAt' | 'totpLastStep' | 'recoveryCodeHashes'>> = {}): Promise<void> {
    await inTurn(this.dataSource, () =>
      this.repository
        .createQueryBuilder()
        .update(Staff)
        .set({ ...changes, sessionVersion: () => 'sessionVersion + 1' })
        .where('id = :id', { id: staffId })
        .execute(),
    );
  }

  /** Whether this member must have a second factor before using the panel (STAFF_MFA). */
  mustEnrol(staff: Pick<Staff, 'role'>): boolean {
    if (this.config.staffMfa === 'required') return true;
    if (this.config.staffMfa === 'admins') return staff.role === 'administrator';
    return false;
  }
}
