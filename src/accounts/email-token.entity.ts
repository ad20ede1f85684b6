import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { timestamp } from '../database/columns.js';
import { Account } from './account.entity.js';

export type EmailTokenPurpose = 'verify_email' | 'reset_password';

/** A single-use link sent by email; only the SHA-256 of the token is kept. */
@Entity('email_tokens')
@Index('IDX_email_tokens_account_purpose', ['accountId', 'purpose'])
export class EmailToken {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'accountId', foreignKeyConstraintName: 'FK_email_tokens_account' })
  account: Relation<Account>;

  @Column({ type: 'simple-enum', enum: ['verify_email', 'reset_password'] })
  purpose: EmailTokenPurpose;

  @Index('UQ_email_tokens_tokenHash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column(timestamp())
  expiresAt: Date;

  @Column(timestamp({ nullable: true }))
  usedAt: Date | null;

  /** Set when a newer link of the same purpose replaced this one ("older links die"). */
  @Column(timestamp({ nullable: true }))
  revokedAt: Date | null;

  /**
   * The sign-up a confirmation link confirms (A4): its names, language and password hash become the
   * account's when this link is used, whatever other sign-ups came later. Cleared once the link is
   * used or dies; null on reset links.
   */
  @Column({ type: 'varchar', length: 100, nullable: true })
  firstName: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  lastName: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  locale: string | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;
}
