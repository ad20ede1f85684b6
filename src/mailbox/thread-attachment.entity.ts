import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { blob, timestamp } from '../database/columns.js';
import { ThreadMessage } from './thread-message.entity.js';
import { Thread } from './thread.entity.js';

/** A file attached to an email the mailbox received: kept as it came, served to staff only, as a download. */
@Entity('thread_attachments')
@Index('IDX_thread_attachments_thread', ['threadId', 'id'])
export class ThreadAttachment {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  threadId: number;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'threadId', foreignKeyConstraintName: 'FK_thread_attachments_thread' })
  thread: Relation<Thread>;

  /** The message it came with (thread_messages.id, not the email's Message-ID). */
  @Index('IDX_thread_attachments_message')
  @Column({ type: 'integer' })
  messageId: number;

  @ManyToOne(() => ThreadMessage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'messageId', foreignKeyConstraintName: 'FK_thread_attachments_thread_message' })
  message: Relation<ThreadMessage>;

  /** As the sender named it, cleaned of paths and control characters. */
  @Column({ type: 'varchar', length: 255 })
  filename: string;

  /** As the email declared it (`type/subtype`), else application/octet-stream. */
  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column(blob({ select: false }))
  content: Buffer;

  @CreateDateColumn(timestamp())
  createdAt: Date;
}
