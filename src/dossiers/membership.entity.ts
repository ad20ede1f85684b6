import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Household } from './household.entity.js';
import { Person } from './person.entity.js';

export const MEMBER_ROLES = ['holder', 'adult', 'spouse', 'child'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** A person in a household (D2). A child of separated guardians has one in each household. */
@Entity('household_members')
@Index('UQ_household_members_household_person', ['householdId', 'personId'], { unique: true })
@Index('IDX_household_members_person', ['personId'])
export class Membership {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  householdId: number;

  @ManyToOne(() => Household, (household) => household.memberships, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'householdId', foreignKeyConstraintName: 'FK_household_members_household' })
  household: Relation<Household>;

  @Column({ type: 'integer' })
  personId: number;

  @ManyToOne(() => Person, (person) => person.memberships, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'personId', foreignKeyConstraintName: 'FK_household_members_person' })
  person: Relation<Person>;

  @Column({ type: 'simple-enum', enum: MEMBER_ROLES })
  role: MemberRole;

  /** Enfant à charge. */
  @Column({ type: 'boolean', default: false })
  dependent: boolean;
}
