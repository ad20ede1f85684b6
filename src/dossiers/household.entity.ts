import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { timestamp } from '../database/columns.js';
import { Address } from './address.js';
import { HouseholdPhone } from './household-phone.entity.js';
import { Membership } from './membership.entity.js';

/** A family (D2): an address, phone numbers and members. */
@Entity('households')
export class Household {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The household key of the legacy system, for idempotent imports; null for households created here. */
  @Index('UQ_households_legacyKey', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  legacyKey: string | null;

  @Column(() => Address, { prefix: false })
  address: Address;

  /**
   * R2: a clerk's decision on residency, with its reason (audited); null: the address's city decides
   * (RESIDENT_CITIES).
   */
  @Column({ type: 'boolean', nullable: true })
  residentOverride: boolean | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  residentOverrideReason: string | null;

  @OneToMany(() => HouseholdPhone, (phone) => phone.household)
  phones: Relation<HouseholdPhone>[];

  @OneToMany(() => Membership, (membership) => membership.household)
  memberships: Relation<Membership>[];

  @CreateDateColumn(timestamp())
  createdAt: Date;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
