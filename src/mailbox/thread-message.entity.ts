import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { timestamp } from '../database/columns.js';
import { Thread } from './thread.entity.js';

export const MESSAGE_AUTHORS = ['resident', 'staff'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/** `public`: between the resident and the city; `internal`: a staff note the resident never sees. */
export const MESSAGE_VISIBILITIES = ['public', 'internal'] as const;

/** One message of a thread: plain text as written (never rendered as HTML). */
@Entity('thread_messages')
@Index('IDX_thread_messages_thread', ['threadId', 'id'])
export class ThreadMessage {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  threadId: number;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'threadId', foreignKeyConstraintName: 'FK_thread_messages_thread' })
  thread: Relation<Thread>;

  @Column({ type: 'simple-enum', enum: MESSAGE_AUTHORS })
  author: MessageAuthor;

  @Column({ type: 'integer', nullable: true })
  staffId: number | null;

  @Column({ type: 'simple-enum', enum: MESSAGE_VISIBILITIES, default: 'public' })
  visibility: (typeof MESSAGE_VISIBILITIES)[number];

  @Column({ type: 'text' })
  body: string;

  /** The email's `Message-ID` (received or sent), for threading and to file an email once. */
  @Index('UQ_thread_messages_messageId', { unique: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;
}
