import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

/**
 * A household present in the waiting room of one opening time (R5): one row per household whatever
 * its devices or accounts. `position` is given by the draw at the opening (random among those
 * present), then in arrival order to those who come later.
 */
@Entity('waiting_room_entries')
@Index('UQ_waiting_room_household', ['opensAt', 'householdId'], { unique: true })
@Index('IDX_waiting_room_position', ['opensAt', 'position'])
export class WaitingRoomEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column(timestamp())
  opensAt: Date;

  @Column({ type: 'integer' })
  householdId: number;

  @Column({ type: 'integer', nullable: true })
  accountId: number | null;

  @Column({ type: 'integer', nullable: true })
  position: number | null;

  @CreateDateColumn(timestamp())
  joinedAt: Date;
}

/** The draw of an opening (R5): its seed and how many took part, so that a supervisor can show it was fair. */
@Entity('waiting_room_draws')
@Index('UQ_waiting_room_draws_opens', ['opensAt'], { unique: true })
export class WaitingRoomDraw {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column(timestamp())
  opensAt: Date;

  @Column({ type: 'varchar', length: 64 })
  seed: string;

  @Column({ type: 'integer' })
  entrants: number;

  @Column(timestamp())
  drawnAt: Date;
}
