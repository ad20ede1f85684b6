import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Household } from './household.entity.js';

export const PHONE_KINDS = ['home', 'mobile', 'work', 'other'] as const;
export type PhoneKind = (typeof PHONE_KINDS)[number];

@Entity('household_phones')
@Index('IDX_household_phones_household', ['householdId'])
@Index('IDX_household_phones_number', ['number'])
export class HouseholdPhone {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  householdId: number;

  @ManyToOne(() => Household, (household) => household.phones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'householdId', foreignKeyConstraintName: 'FK_household_phones_household' })
  household: Relation<Household>;

  @Column({ type: 'simple-enum', enum: PHONE_KINDS, default: 'home' })
  kind: PhoneKind;

  /** Normalised `418-555-0123` (with ` poste 12` for an extension). */
  @Column({ type: 'varchar', length: 32 })
  number: string;
}
