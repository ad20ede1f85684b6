import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

export const REGISTRATION_STATUSES = ['confirmed', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** A person registered to an offering (R4), with the amount to invoice (the money issue); cancelled ones are kept (R7). */
@Entity('registrations')
@Index('IDX_registrations_offering', ['offeringId', 'status'])
@Index('IDX_registrations_person', ['personId', 'offeringId'])
@Index('IDX_registrations_account', ['accountId', 'id'])
export class Registration {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  offeringId: number;

  @Column({ type: 'integer' })
  personId: number;

  @Column({ type: 'integer' })
  householdId: number;

  @Column({ type: 'integer', nullable: true })
  accountId: number | null;

  @Column({ type: 'integer', nullable: true })
  holdId: number | null;

  @Column({ type: 'integer', nullable: true })
  waitlistEntryId: number | null;

  /** Cents. */
  @Column({ type: 'integer' })
  amount: number;

  @Column({ type: 'simple-enum', enum: REGISTRATION_STATUSES, default: 'confirmed' })
  status: RegistrationStatus;

  @Column(timestamp({ nullable: true }))
  cancelledAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @Column({ type: 'integer', nullable: true })
  cancelledByStaffId: number | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;
}
