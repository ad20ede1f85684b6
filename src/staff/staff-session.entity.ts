import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

/** One panel session (express-session's store): shared by every instance on the database. */
@Entity('staff_sessions')
@Index('IDX_staff_sessions_expiresAt', ['expiresAt'])
export class StaffSession {
  /** SHA-256 of the session id: a leaked table gives no cookie. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** The staff member signed in (or signing in): their sessions are deleted when their role or access changes. */
  @Index('IDX_staff_sessions_staffId')
  @Column({ type: 'integer', nullable: true })
  staffId: number | null;

  /** The session's JSON. */
  @Column({ type: 'text' })
  data: string;

  @Column(timestamp())
  expiresAt: Date;
}
