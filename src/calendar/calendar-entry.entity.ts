import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

/**
 * A day the city's offices are closed besides Québec's holidays (M3): by default Dec 24, Dec 26,
 * Dec 31 and Jan 2 of each year, seeded by a migration; administrators add, move or remove them.
 */
@Entity('calendar_entries')
export class CalendarEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('UQ_calendar_entries_date', { unique: true })
  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @CreateDateColumn(timestamp())
  createdAt: Date;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
