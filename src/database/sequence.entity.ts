import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Named counters (dossier numbers, request references): incremented under a row lock, never reused. */
@Entity('sequences')
export class Sequence {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'integer' })
  value: number;
}
