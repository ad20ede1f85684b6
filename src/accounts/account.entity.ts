import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { exactText, timestamp } from '../database/columns.js';

@Entity('accounts')
export class Account {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** In its canonical form (canonicalEmail), compared byte for byte on every engine (A5). */
  @Index('UQ_accounts_email', { unique: true })
  @Column(exactText(254))
  email: string;

  @Column({ type: 'varchar', length: 100 })
  firstName: string;

  @Column({ type: 'varchar', length: 100 })
  lastName: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  /** Language of the emails sent to this resident. */
  @Column({ type: 'varchar', length: 2, default: 'fr' })
  locale: string;

  @Column(timestamp({ nullable: true }))
  emailVerifiedAt: Date | null;

  /** When this account linked its dossier (null while none is linked): the panel's « recent links » filter. */
  @Index('IDX_accounts_dossierLinkedAt')
  @Column(timestamp({ nullable: true }))
  dossierLinkedAt: Date | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
