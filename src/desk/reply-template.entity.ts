import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';
import { THREAD_CATEGORIES, type ThreadCategory } from '../mailbox/thread.entity.js';

/**
 * A « réponse type »: a reply administrators write once, that clerks choose in a thread's reply
 * form; its placeholders ({prénom}, {nom}, {référence}, {échéance}) are filled for the thread.
 */
@Entity('reply_templates')
@Index('IDX_reply_templates_category', ['category', 'title'])
export class ReplyTemplate {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  /** The threads' category it answers (null: any). */
  @Column({ type: 'simple-enum', enum: THREAD_CATEGORIES, nullable: true })
  category: ThreadCategory | null;

  @Column({ type: 'text' })
  bodyFr: string;

  /** For residents who write in English; the French body otherwise. */
  @Column({ type: 'text', nullable: true })
  bodyEn: string | null;

  @CreateDateColumn(timestamp())
  createdAt: Date;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
