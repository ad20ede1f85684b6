import { ApiProperty } from '@nestjs/swagger';
import { registerDecorator } from 'class-validator';
import { Required, TextField, Trim } from '../../common/validation.js';
import { normalizeDossierNumber, parseBirthDate } from '../dossier-rules.js';
import { AddressView } from './address.dto.js';

/** A date of birth as AAAA/MM/JJ or YYYY-MM-DD: `date_invalid` otherwise, `date_in_future` after today. */
export function IsBirthDate() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'birthDate',
      target: object.constructor,
      propertyName,
      options: {
        message: (args) => {
          const parsed = typeof args.value === 'string' ? parseBirthDate(args.value) : null;
          return parsed ? 'date_in_future' : 'date_invalid';
        },
      },
      validator: {
        validate: (value: unknown) => {
          const parsed = typeof value === 'string' ? parseBirthDate(value) : null;
          // A day of margin: "today" in the city may already be tomorrow in UTC.
          return parsed !== null && parsed <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
        },
      },
    });
}

export class LinkDossierDto {
  @ApiProperty({ description: 'Dossier number (« Numéro de dossier », on past invoices)', example: '100234' })
  @TextField(30, { normalize: normalizeDossierNumber })
  dossierNumber: string;

  @ApiProperty({ description: 'Date of birth, YYYY/MM/DD (as the form shows AAAA/MM/JJ) or YYYY-MM-DD', example: '1985/04/12' })
  @Trim()
  @Required()
  @IsBirthDate()
  birthDate: string;
}

export class PhoneView {
  @ApiProperty({ enum: ['home', 'mobile', 'work', 'other'] }) kind: string;
  @ApiProperty({ example: '418-296-8100' }) number: string;
}

export class MemberView {
  @ApiProperty({ type: 'integer', description: 'The personId that holds, waitlist entries and registrations name' }) id: number;
  @ApiProperty({ example: '1000017' }) dossierNumber: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ format: 'date', example: '2015-06-01' }) birthDate: string;
  @ApiProperty({ enum: ['holder', 'adult', 'spouse', 'child'] }) relationship: string;
  @ApiProperty({ description: 'A dependent child (« enfant à charge »)' }) dependent: boolean;
}

export class HouseholdView {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: AddressView }) address: AddressView;
  @ApiProperty({ type: [PhoneView] }) phones: PhoneView[];
  @ApiProperty({ type: [MemberView] }) members: MemberView[];
}

/**
 * D5: the resident's household(s), read-only. The first household's fields are repeated at the top;
 * a linked person who belongs to no household gets them null and empty (and `households: []`).
 */
export class MyHouseholdResponse {
  @ApiProperty({ description: 'The linked person (the account holder)' }) dossierNumber: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The first household; null when the person belongs to none' }) id: number | null;
  @ApiProperty({ type: AddressView, nullable: true }) address: AddressView | null;
  @ApiProperty({ type: [PhoneView] }) phones: PhoneView[];
  @ApiProperty({ type: [MemberView] }) members: MemberView[];
  @ApiProperty({ type: [HouseholdView], description: 'Every household the holder belongs to' }) households: HouseholdView[];
}
