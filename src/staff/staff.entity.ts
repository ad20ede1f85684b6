import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { exactText, timestamp } from '../database/columns.js';
import type { Locale } from '../common/locale.js';
import { STAFF_ROLES, type StaffRole } from './staff-user.js';

/** A member of the city's staff who uses the panel (SPEC S1): never a resident account. */
@Entity('staff')
export class Staff {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** In its canonical form (canonicalEmail), compared byte for byte on every engine (A5). */
  @Index('UQ_staff_email', { unique: true })
  @Column(exactText(254))
  email: string;

  @Column({ type: 'varchar', length: 100 })
  displayName: string;

  @Column({ type: 'simple-enum', enum: STAFF_ROLES as StaffRole[] })
  role: StaffRole;

  /** argon2id, with the residents' parameters. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** The language of the panel for this staff member. */
  @Column({ type: 'varchar', length: 2, default: 'fr' })
  locale: Locale;

  @Column(timestamp({ nullable: true }))
  lastLoginAt: Date | null;

  /**
   * Raised whenever the sessions of this staff member must end at once (password change,
   * deactivation): every request compares it with the one its session was opened with.
   */
  @Column({ type: 'integer', default: 1 })
  sessionVersion: number;

  @Column(timestamp({ nullable: true }))
  passwordChangedAt: Date | null;

  /** The TOTP secret, encrypted with a key derived from SESSION_SECRET (AES-256-GCM); null until enrolled. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  totpSecret: string | null;

  @Column(timestamp({ nullable: true }))
  totpEnrolledAt: Date | null;

  /** The last TOTP time step accepted: a code is good once (RFC 6238 §5.2). */
  @Column({ type: 'integer', nullable: true })
  totpLastStep: number | null;

  /** SHA-256 hashes of the unused recovery codes, as a JSON array; each code works once. */
  @Column({ type: 'text', nullable: true })
  recoveryCodeHashes: string | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
