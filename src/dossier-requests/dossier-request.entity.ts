import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { timestamp } from '../database/columns.js';
import { Address } from '../dossiers/address.js';
import { Household } from '../dossiers/household.entity.js';
import { Staff } from '../staff/staff.entity.js';
import { REQUEST_STATUSES, type RequestStatus } from './request-status.js';

export const REQUEST_RELATIONSHIPS = ['spouse', 'adult', 'child'] as const;
export type RequestRelationship = (typeof REQUEST_RELATIONSHIPS)[number];

export interface RequestedMember {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  relationship: RequestRelationship;
}

export interface PossibleDuplicate {
  personId: number;
  dossierNumber: string;
  /** Which requested person it resembles: `applicant` or `members[2]`. */
  matches: string;
  reason: 'name_and_birth_date' | 'email';
}

/** A dossier-number request (D6), kept for the clerk who processes it. */
@Entity('dossier_requests')
@Index('IDX_dossier_requests_account', ['accountId'])
@Index('IDX_dossier_requests_status', ['status', 'createdAt'])
@Index('IDX_dossier_requests_createdAt', ['createdAt'])
@Index('IDX_dossier_requests_email', ['email'])
@Index('IDX_dossier_requests_assignee', ['assignedToId', 'createdAt'])
@Index('IDX_dossier_requests_late', ['late', 'createdAt'])
@Index('IDX_dossier_requests_due', ['status', 'dueAt'])
// The dashboard (issue 18): each clerk's load, and the weeks' and 30 days' figures, from these indexes alone.
@Index('IDX_dossier_requests_queue_load', ['status', 'assignedToId', 'dueAt'])
@Index('IDX_dossier_requests_created_sla', ['createdAt', 'dueAt', 'firstResponseAt', 'responseMinutes'])
@Index('IDX_dossier_requests_phone', ['phone'])
export class DossierRequest {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** `DR-2026-000123`. */
  @Index('UQ_dossier_requests_reference', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ type: 'integer', nullable: true })
  accountId: number | null;

  @ManyToOne(() => Account, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'accountId', foreignKeyConstraintName: 'FK_dossier_requests_account' })
  account: Relation<Account> | null;

  @Column({ type: 'simple-enum', enum: REQUEST_STATUSES, default: 'submitted' })
  status: RequestStatus;

  @Column({ type: 'varchar', length: 100 })
  applicantFirstName: string;

  @Column({ type: 'varchar', length: 100 })
  applicantLastName: string;

  /** The last name without case, accents or punctuation (`nameKey`): the panel's search box finds the request by it. */
  @Index('IDX_dossier_requests_applicantLastNameKey')
  @Column({ type: 'varchar', length: 100, default: '' })
  applicantLastNameKey: string;

  @Column({ type: 'date' })
  applicantBirthDate: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 32 })
  phone: string;

  @Column(() => Address, { prefix: false })
  address: Address;

  @Column({ type: 'simple-json' })
  members: RequestedMember[];

  @Column({ type: 'simple-json' })
  possibleDuplicates: PossibleDuplicate[];

  /** When the applicant accepted the Law 25 collection notice, and which version of it. */
  @Column(timestamp())
  consentedAt: Date;

  @Column({ type: 'varchar', length: 20 })
  consentVersion: string;

  @Column({ type: 'varchar', length: 2, default: 'fr' })
  locale: string;

  /** D6: 72 business hours after submission (M2), fixed then; null for requests received before it was kept. */
  @Column(timestamp({ nullable: true }))
  dueAt: Date | null;

  /** Submitted less than 72 h before the next period opened. */
  @Column({ type: 'boolean', default: false })
  late: boolean;

  /** The household created or extended by the approval. */
  @Column({ type: 'integer', nullable: true })
  householdId: number | null;

  @ManyToOne(() => Household, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'householdId', foreignKeyConstraintName: 'FK_dossier_requests_household' })
  household: Relation<Household> | null;

  /** The clerk who holds the request (took it, or was assigned it by a supervisor). */
  @Column({ type: 'integer', nullable: true })
  assignedToId: number | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'assignedToId', foreignKeyConstraintName: 'FK_dossier_requests_staff' })
  assignedTo: Relation<Staff> | null;

  /** The last question asked to the applicant (needs_info). */
  @Column({ type: 'text', nullable: true })
  infoQuestion: string | null;

  /** Why the request was refused: one of REJECTION_REASONS. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  rejectionReason: string | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;

  @Column(timestamp({ nullable: true }))
  decidedAt: Date | null;

  /** The city's first answer to the applicant (a question, an approval or a refusal), and how long it took in business minutes. */
  @Column(timestamp({ nullable: true }))
  firstResponseAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  responseMinutes: number | null;

  /** Law 25: when the retention job cleared the applicant's personal fields (reference, status and dates kept for statistics). */
  @Column(timestamp({ nullable: true }))
  anonymizedAt: Date | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
