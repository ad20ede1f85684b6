import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { timestamp } from '../database/columns.js';

export const THREAD_CATEGORIES = ['address_change', 'member_change', 'correction', 'other'] as const;
export type ThreadCategory = (typeof THREAD_CATEGORIES)[number];

/** M4: open until a staff reply is sent (answered); a resident's new message opens it again; staff close it. */
export const THREAD_STATUSES = ['open', 'answered', 'closed'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export const THREAD_SOURCES = ['api', 'email'] as const;

/** A resident's conversation with the inscriptions mailbox (M1–M4), due 72 business hours after receipt. */
@Entity('threads')
@Index('IDX_threads_account', ['accountId', 'id'])
@Index('IDX_threads_status_due', ['status', 'dueAt'])
@Index('IDX_threads_assignee', ['assignedToId', 'status'])
// The dashboard (issue 18): each clerk's load, and the weeks' and 30 days' figures, from these indexes alone.
@Index('IDX_threads_queue_load', ['status', 'assignedToId', 'dueAt'])
@Index('IDX_threads_received_sla', ['receivedAt', 'dueAt', 'firstResponseAt', 'responseMinutes'])
@Index('IDX_threads_email', ['email'])
export class Thread {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** `DM-2026-000123`, in every email's subject. */
  @Index('UQ_threads_reference', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ type: 'integer', nullable: true })
  accountId: number | null;

  @ManyToOne(() => Account, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'accountId', foreignKeyConstraintName: 'FK_threads_account' })
  account: Relation<Account> | null;

  /** Where replies go: the account's address, or the sender of an email. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /**
   * « Expéditeur non vérifié »: an email whose sender the city's mail server did not vouch for
   * (IMAP_TRUSTED_AUTHSERV_ID): filed for a person to read, attached to no account, not acknowledged.
   */
  @Column({ type: 'boolean', default: false })
  unverifiedSender: boolean;

  @Column({ type: 'simple-enum', enum: THREAD_CATEGORIES, default: 'other' })
  category: ThreadCategory;

  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'simple-enum', enum: THREAD_STATUSES, default: 'open' })
  status: ThreadStatus;

  @Column({ type: 'simple-enum', enum: THREAD_SOURCES, default: 'api' })
  source: (typeof THREAD_SOURCES)[number];

  @Column({ type: 'varchar', length: 2, default: 'fr' })
  locale: string;

  @Column(timestamp())
  receivedAt: Date;

  /** Fixed at receipt (M2) and kept: a resident's later message does not move it. */
  @Column(timestamp())
  dueAt: Date;

  /** The first staff reply sent (M4), and how long it took in business hours. */
  @Column(timestamp({ nullable: true }))
  firstResponseAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  responseMinutes: number | null;

  @Column({ type: 'integer', nullable: true })
  assignedToId: number | null;

  @Column(timestamp())
  lastMessageAt: Date;

  /** Law 25: when the retention job deleted the messages and cleared the address and subject (reference and times kept for statistics). */
  @Column(timestamp({ nullable: true }))
  anonymizedAt: Date | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
