import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';
import type { RetentionKind } from './retention-rules.js';

/** How many days one kind of record is kept after it closes (Law 25, s. 73): one row per kind, set by administrators. */
@Entity('retention_settings')
export class RetentionSetting {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('UQ_retention_settings_kind', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  kind: RetentionKind;

  @Column({ type: 'integer' })
  days: number;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
