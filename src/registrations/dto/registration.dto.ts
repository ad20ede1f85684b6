import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsPositive } from 'class-validator';
import { Required, rule, TextField } from '../../common/validation.js';

/** R3–R4, R6: an offering and some members of the family (siblings together), by their `id` of GET /me/household. */
export class ClaimDto {
  @ApiProperty({ example: 'NAT-ETOILE-SAM9', description: 'The offering’s code (GET /activities)' })
  @TextField(40)
  code: string;

  @ApiProperty({ type: [Number], example: [41, 42], description: 'Members of the family (GET /me/household `members[].id`): all get a seat, or none' })
  @Required()
  @IsArray(rule('invalid_type'))
  @ArrayMinSize(1, rule('required'))
  @ArrayMaxSize(10, rule('too_long'))
  @ArrayUnique(rule('invalid_value'))
  @IsInt(rule('invalid_type', { each: true }))
  @IsPositive(rule('invalid_value', { each: true }))
  personIds: number[];
}

export class CheckoutDto {
  @ApiProperty({ type: [Number], example: [7], description: 'The live holds to turn into registrations' })
  @Required()
  @IsArray(rule('invalid_type'))
  @ArrayMinSize(1, rule('required'))
  @ArrayMaxSize(20, rule('too_long'))
  @ArrayUnique(rule('invalid_value'))
  @IsInt(rule('invalid_type', { each: true }))
  @IsPositive(rule('invalid_value', { each: true }))
  holdIds: number[];
}

export class HoldResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() code: string;
  @ApiProperty({ type: [Number] }) personIds: number[];
  @ApiProperty({ format: 'date-time', description: 'The seats are free again after this (HOLD_MINUTES)' }) expiresAt: string;
  @ApiProperty({ type: 'integer', description: 'Cents: the price for the family (resident or not) × the persons' }) amount: number;
}

export class RegistrationItem {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() code: string;
  @ApiProperty({ type: 'integer' }) personId: number;
  @ApiProperty({ enum: ['confirmed', 'cancelled'] }) status: string;
  @ApiProperty({ type: 'integer', description: 'Cents' }) amount: number;
}

export class CheckoutResponse {
  @ApiProperty({ type: [RegistrationItem] }) registrations: RegistrationItem[];
  @ApiProperty({ type: 'integer', description: 'Cents' }) total: number;
}

export class MyRegistration extends RegistrationItem {
  @ApiProperty() activity: string;
  @ApiProperty() group: string;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: string | null;
}

export class WaitlistJoined {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: 'Place among the entries waiting or offered, 1 first' }) position: number;
}

export class WaitlistItem {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() code: string;
  @ApiProperty({ example: 'Natation — Étoile de mer' }) activity: string;
  @ApiProperty({ example: 'Samedi 9 h' }) group: string;
  @ApiProperty({ type: [Number] }) personIds: number[];
  @ApiProperty({ type: Number, nullable: true, description: 'Place while waiting or offered; null after' }) position: number | null;
  @ApiProperty({ enum: ['waiting', 'offered', 'accepted', 'lapsed', 'left'] }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'An offer’s deadline (WAITLIST_OFFER_HOURS)' }) expiresAt: string | null;
  @ApiProperty({ type: 'integer', description: 'Cents' }) amount: number;
}
