import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

/** One checkout per `Idempotency-Key` of an account (R4): a retry answers the first answer, kept here. */
@Entity('checkouts')
@Index('UQ_checkouts_key', ['accountId', 'idempotencyKey'], { unique: true })
export class Checkout {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  accountId: number;

  @Column({ type: 'varchar', length: 100 })
  idempotencyKey: string;

  /** null while the first request still runs. */
  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'text', nullable: true })
  responseBody: string | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;
}
