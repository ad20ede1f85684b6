import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { timestamp } from '../database/columns.js';
import { Activity } from './activity.entity.js';

/**
 * An offering (R1): one group of an activity at one site and schedule, identified by the city's
 * `code`. Its row is the lock that registrations take (`SELECT … FOR UPDATE`): seats are never a
 * counter here, always counted from the rows of registrations, live holds and offers.
 */
@Entity('offerings')
@Index('UQ_offerings_code', ['code'], { unique: true })
@Index('IDX_offerings_activity', ['activityId'])
@Index('IDX_offerings_opens', ['residentsOpenAt'])
export class Offering {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'integer' })
  activityId: number;

  @ManyToOne(() => Activity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activityId', foreignKeyConstraintName: 'FK_offerings_activity' })
  activity: Relation<Activity>;

  /** « Samedi 9 h » */
  @Column({ type: 'varchar', length: 100 })
  groupName: string;

  @Column({ type: 'varchar', length: 150 })
  site: string;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date' })
  endsOn: string;

  /** ISO day of the week, Monday = 1. */
  @Column({ type: 'integer' })
  weekday: number;

  /** `HH:MM`, the city's time. */
  @Column({ type: 'varchar', length: 5 })
  startTime: string;

  @Column({ type: 'varchar', length: 5 })
  endTime: string;

  @Column({ type: 'integer' })
  capacity: number;

  /** Ages on `ageOn` (« 5 ans au 30 septembre »), inclusive. */
  @Column({ type: 'integer' })
  ageMin: number;

  @Column({ type: 'integer' })
  ageMax: number;

  @Column({ type: 'date' })
  ageOn: string;

  /** Cents. */
  @Column({ type: 'integer' })
  priceResident: number;

  @Column({ type: 'integer' })
  priceNonResident: number;

  @Column(timestamp())
  residentsOpenAt: Date;

  @Column(timestamp())
  nonResidentsOpenAt: Date;

  @Column(timestamp())
  closesAt: Date;

  /** Day camps and school-vacation programs: an RL-24 slip (the money issue). */
  @Column({ type: 'boolean', default: false })
  rl24: boolean;

  @CreateDateColumn(timestamp())
  createdAt: Date;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
