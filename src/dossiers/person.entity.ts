import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { timestamp } from '../database/columns.js';
import { Membership } from './membership.entity.js';

/** A person known to the city, with their dossier number (D1). */
@Entity('persons')
@Index('IDX_persons_lastNameKey_birthDate', ['lastNameKey', 'birthDate'])
@Index('IDX_persons_email', ['email'])
@Index('IDX_persons_phone', ['phone'])
export class Person {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Unique, never reused; legacy numbers are kept as imported. */
  @Index('UQ_persons_dossierNumber', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  dossierNumber: string;

  @Column({ type: 'varchar', length: 100 })
  firstName: string;

  @Column({ type: 'varchar', length: 100 })
  lastName: string;

  /** The last name without case, accents or punctuation: how possible duplicates are found. */
  @Column({ type: 'varchar', length: 100 })
  lastNameKey: string;

  /** YYYY-MM-DD. */
  @Column({ type: 'date' })
  birthDate: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  /** The resident account linked to this person (D4): at most one, and one person per account. */
  @Index('UQ_persons_accountId', { unique: true })
  @Column({ type: 'integer', nullable: true })
  accountId: number | null;

  @ManyToOne(() => Account, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'accountId', foreignKeyConstraintName: 'FK_persons_account' })
  account: Relation<Account> | null;

  @OneToMany(() => Membership, (membership) => membership.person)
  memberships: Relation<Membership>[];

  @CreateDateColumn(timestamp())
  createdAt: Date;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
