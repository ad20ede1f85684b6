import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

/** One field's value before and after a change; secrets are recorded as changed, never with values. */
export interface FieldChange {
  before: unknown;
  after: unknown;
}

export type AuditChanges = Record<string, FieldChange>;

export const ACTOR_KINDS = ['staff', 'resident', 'system', 'anonymous'] as const;

/**
 * One line of the audit log (SPEC S2, S3): who did what to which record, when, with the values
 * before and after. Append-only: the service never updates or deletes a line, and the database
 * refuses it (triggers of the AuditLog migration; the README says which grants production needs).
 */
@Entity('audit_log')
@Index('IDX_audit_log_record', ['resource', 'recordId', 'id'])
@Index('IDX_audit_log_staff', ['staffId', 'id'])
@Index('IDX_audit_log_occurredAt', ['occurredAt'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column(timestamp())
  occurredAt: Date;

  @Column({ type: 'simple-enum', enum: ACTOR_KINDS })
  actorKind: (typeof ACTOR_KINDS)[number];

  /** The staff member who acted (no foreign key: a line outlives anything it names). */
  @Column({ type: 'integer', nullable: true })
  staffId: number | null;

  /** `create`, `update`, `delete`, `view`, or a panel action's name (`take`, `approve`, `unlinkDossier`…). */
  @Column({ type: 'varchar', length: 40 })
  action: string;

  /** The panel's resource id of the record (`persons`, `households`, `dossier_requests`…). */
  @Column({ type: 'varchar', length: 40 })
  resource: string;

  @Column({ type: 'varchar', length: 40 })
  recordId: string;

  /** Changed fields with their values before and after; null for a view. */
  @Column({ type: 'simple-json', nullable: true })
  changes: AuditChanges | null;

  /** Why, in the staff member's words (a rejection's reason, an unlink's reason, a clerk's question). */
  @Column({ type: 'text', nullable: true })
  note: string | null;
}
