import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * An email written in the same transaction as the change that causes it, sent later by the
 * dispatcher. Bodies are cleared once sent: they may carry single-use links.
 */
@Entity('outbox_messages')
@Index('IDX_outbox_messages_due', ['status', 'nextAttemptAt'])
@Index('IDX_outbox_messages_messageId', ['messageId'])
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  template: string;

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 2 })
  locale: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ type: 'text', nullable: true })
  textBody: string | null;

  @Column({ type: 'text', nullable: true })
  htmlBody: string | null;

  @Column({ type: 'simple-enum', enum: ['pending', 'sending', 'sent', 'failed'], default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column(timestamp())
  nextAttemptAt: Date;

  /** The instance that claimed the message and until when; a crashed claim is taken over after it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  lockedBy: string | null;

  @Column(timestamp({ nullable: true }))
  lockedUntil: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column(timestamp({ nullable: true }))
  sentAt: Date | null;

  /** The email's own `Message-ID` (`<…@host>`), when a thread keeps it; generated at sending otherwise. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  /** The message it answers, and the thread's earlier ones: the resident's mail client threads them. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  inReplyTo: string | null;

  @Column({ type: 'text', nullable: true })
  threadReferences: string | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;
}
