import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

/** An activity of the city's catalogue (« Natation — Étoile de mer »), under a category; its offerings are the groups one registers to (R1). */
@Entity('activities')
@Index('UQ_activities_name', ['name'], { unique: true })
export class Activity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ type: 'varchar', length: 80 })
  category: string;

  @CreateDateColumn(timestamp())
  createdAt: Date;

  @UpdateDateColumn(timestamp())
  updatedAt: Date;
}
