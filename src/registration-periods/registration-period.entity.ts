import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestamp } from '../database/columns.js';

/** A registration period (« Hiver 2027 »): dossier-number requests must arrive 72 h before it opens (D6). */
@Entity('registration_periods')
@Index('IDX_registration_periods_opensAt', ['opensAt'])
export class RegistrationPeriod {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column(timestamp())
  opensAt: Date;

  @Column(timestamp())
  closesAt: Date;

  @CreateDateColumn(timestamp())
  createdAt: Date;
}
