import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

export const HOLD_STATUSES = ['live', 'checked_out', 'released'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/**
 * Seats held for some members of a household (R4): all of them or none, until `expiresAt`. A live
 * hold past its time holds nothing: the seat count reads the time, no job needs to run first.
 */
@Entity('holds')
@Index('IDX_holds_offering', ['offeringId', 'status', 'expiresAt'])
@Index('IDX_holds_account', ['accountId', 'status'])
export class Hold {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  offeringId: number;

  @Column({ type: 'integer' })
  householdId: number;

  /** The account that holds it; null for a clerk's counter registration. */
  @Column({ type: 'integer', nullable: true })
  accountId: number | null;

  @Column({ type: 'integer' })
  seats: number;

  /** Cents: the price that applies to the household × the persons. */
  @Column({ type: 'integer' })
  amount: number;

  @Column({ type: 'simple-enum', enum: HOLD_STATUSES, default: 'live' })
  status: HoldStatus;

  @Column(timestamp())
  expiresAt: Date;

  @CreateDateColumn(timestamp())
  createdAt: Date;
}
