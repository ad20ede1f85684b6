import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const CLAIM_KINDS = ['hold', 'waitlist'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** The persons of a hold or of a waitlist entry (siblings together): one row each, to find who already claims a seat of an offering. */
@Entity('claim_persons')
@Index('IDX_claim_persons_offering', ['offeringId', 'personId'])
export class ClaimPerson {
  @PrimaryColumn({ type: 'simple-enum', enum: CLAIM_KINDS })
  kind: ClaimKind;

  @PrimaryColumn({ type: 'integer' })
  claimId: number;

  @PrimaryColumn({ type: 'integer' })
  personId: number;

  @Column({ type: 'integer' })
  offeringId: number;
}
