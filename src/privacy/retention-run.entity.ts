import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

/** What one daily run of the retention job purged or anonymised, kind by kind (visible in the panel). */
@Entity('retention_runs')
@Index('IDX_retention_runs_ranAt', ['ranAt'])
export class RetentionRun {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The city's date (YYYY-MM-DD) of the run; `job_runs` holds the claim that makes it once a day. */
  @Column({ type: 'varchar', length: 10 })
  day: string;

  @Column(timestamp())
  ranAt: Date;

  @Column({ type: 'varchar', length: 100 })
  instance: string;

  /** Rejected dossier requests anonymised. */
  @Column({ type: 'integer', default: 0 })
  rejectedRequests: number;

  /** Attachments of closed threads deleted. */
  @Column({ type: 'integer', default: 0 })
  threadAttachments: number;

  /** Closed threads anonymised (their messages deleted). */
  @Column({ type: 'integer', default: 0 })
  closedThreads: number;

  /** Expired email links (confirmation, reset) deleted (not named « tokens »: the panel strips such keys from every answer). */
  @Column({ type: 'integer', default: 0 })
  emailLinks: number;

  /** Expired refresh tokens (residents' sessions) deleted. */
  @Column({ type: 'integer', default: 0 })
  residentSessions: number;

  @Column({ type: 'integer', default: 0 })
  staffSessions: number;

  /** Audit lines past the period deleted. */
  @Column({ type: 'integer', default: 0 })
  auditEntries: number;
}

/** The counts of a run, by column. */
export type RetentionCounts = Pick<RetentionRun, 'rejectedRequests' | 'threadAttachments' | 'closedThreads' | 'emailLinks' | 'residentSessions' | 'staffSessions' | 'auditEntries'>;
