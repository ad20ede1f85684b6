import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

export const WAITLIST_STATUSES = ['waiting', 'offered', 'accepted', 'lapsed', 'left'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

/**
 * A household waiting for seats of a full offering (R6), siblings as one entry. `rank` orders the
 * list (the entry's id at first; a clerk's move changes it). An offer holds its seats until
 * `offerExpiresAt`.
 */
@Entity('waitlist_entries')
@Index('IDX_waitlist_offering', ['offeringId', 'status', 'rank'])
@Index('IDX_waitlist_account', ['accountId', 'status'])
export class WaitlistEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  offeringId: number;

  @Column({ type: 'integer' })
  householdId: number;

  @Column({ type: 'integer', nullable: true })
  accountId: number | null;

  @Column({ type: 'integer' })
  seats: number;

  @Column({ type: 'integer' })
  amount: number;

  @Column({ type: 'integer' })
  rank: number;

  @Column({ type: 'simple-enum', enum: WAITLIST_STATUSES, default: 'waiting' })
  status: WaitlistStatus;

  @Column(timestamp({ nullable: true }))
  offeredAt: Date | null;

  @Column(timestamp({ nullable: true }))
  offerExpiresAt: Date | null;

  @Column(timestamp({ nullable: true }))
  reminderSentAt: Date | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
