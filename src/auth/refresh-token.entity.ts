import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { timestamp } from '../database/columns.js';

/**
 * One refresh token of a login's rotation chain (`familyId`). A token is spent once; presenting a
 * spent or revoked token revokes the whole family.
 */
@Entity('refresh_tokens')
@Index('IDX_refresh_tokens_family', ['familyId'])
export class RefreshToken {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'accountId', foreignKeyConstraintName: 'FK_refresh_tokens_account' })
  account: Relation<Account>;

  @Column({ type: 'varchar', length: 36 })
  familyId: string;

  @Index('UQ_refresh_tokens_tokenHash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column(timestamp())
  expiresAt: Date;

  @Column(timestamp({ nullable: true }))
  spentAt: Date | null;

  @Column(timestamp({ nullable: true }))
  revokedAt: Date | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;
}
