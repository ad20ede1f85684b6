import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

/**
 * One run of a scheduled job for one day, claimed by the instance that ran it: the unique key
 * (job, day) lets exactly one of any number of instances insert it, in the same transaction as
 * the job's work (on a Galera cluster, two nodes inserting it at once conflict at certification).
 */
@Entity('job_runs')
@Index('UQ_job_runs_job_day', ['job', 'day'], { unique: true })
export class JobRun {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  job: string;

  /** The city's date (YYYY-MM-DD) the run is for. */
  @Column({ type: 'varchar', length: 10 })
  day: string;

  /** Which instance ran it (host, process, random suffix), for the logs. */
  @Column({ type: 'varchar', length: 100 })
  instance: string;

  @CreateDateColumn(timestamp())
  createdAt: Date;
}
