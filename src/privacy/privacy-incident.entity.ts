import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

/**
 * One entry of the confidentiality incidents register (Act respecting access to documents held by
 * public bodies, s. 63.11, and the Regulation respecting confidentiality incidents, s. 11).
 * Append-only, as the audit log: the service never updates or deletes an entry and the database
 * refuses it (triggers of the Law25 migration); a follow-up is a new entry naming the first.
 */
@Entity('privacy_incidents')
@Index('IDX_privacy_incidents_follows', ['followsId'])
export class PrivacyIncident {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The entry this one follows up (no foreign key: entries never go). */
  @Column({ type: 'integer', nullable: true })
  followsId: number | null;

  @Column({ type: 'date' })
  occurredOn: string;

  /** When the city learned of it. */
  @Column({ type: 'date' })
  discoveredOn: string;

  /** What happened. */
  @Column({ type: 'text' })
  description: string;

  /** Which personal information. */
  @Column({ type: 'text' })
  informationConcerned: string;

  /** Whose: which categories of persons. */
  @Column({ type: 'text' })
  personsConcerned: string;

  /** How many persons (or an estimate). */
  @Column({ type: 'integer' })
  personsCount: number;

  /** Whether the incident presents a risk of serious injury, and why. */
  @Column({ type: 'boolean', default: false })
  seriousRisk: boolean;

  @Column({ type: 'text' })
  riskAssessment: string;

  /** When the Commission d'accès à l'information was notified; otherwise why not (`commissionNote`). */
  @Column({ type: 'date', nullable: true })
  commissionNotifiedOn: string | null;

  @Column({ type: 'text', nullable: true })
  commissionNote: string | null;

  /** When the persons were notified, and how (or why not). */
  @Column({ type: 'date', nullable: true })
  personsNotifiedOn: string | null;

  @Column({ type: 'text', nullable: true })
  personsNote: string | null;

  /** Measures taken to reduce the risk and prevent a new incident. */
  @Column({ type: 'text' })
  measures: string;

  /** The administrator who recorded it (no foreign key: the register outlives a staff account). */
  @Column({ type: 'integer', nullable: true })
  recordedById: number | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;
}
