import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Normalized, Required, Text, Trim } from '../../common/validation.js';
import type { Address } from '../address.js';
import { normalizePostalCode } from '../dossier-rules.js';

/** An address as a form sends it; `normalizeAddress` gives it its one spelling. */
export class AddressDto {
  @ApiProperty({ example: '1234' }) @Text(10) civicNumber: string;
  @ApiProperty({ example: 'boulevard La Salle' }) @Text(150) street: string;
  @ApiPropertyOptional({ example: '3' })
  @Trim()
  @IsOptional()
  @IsString({ message: 'invalid_type' })
  @MaxLength(20, { message: 'too_long' })
  apartment?: string;
  @ApiProperty({ example: 'Baie-Comeau' }) @Text(100) city: string;
  @ApiProperty({ example: 'G4Z 1A1' }) @Trim() @Required() @Normalized(normalizePostalCode, 'postal_code_invalid') postalCode: string;
}

export class AddressView {
  @ApiProperty({ example: '1234' }) civicNumber: string;
  @ApiProperty({ example: 'boulevard La Salle' }) street: string;
  @ApiProperty({ nullable: true, type: String, example: null }) apartment: string | null;
  @ApiProperty({ example: 'Baie-Comeau' }) city: string;
  @ApiProperty({ example: 'G4Z 1A1' }) postalCode: string;
}

export function addressView(address: Address): AddressView {
  return { civicNumber: address.civicNumber, street: address.street, apartment: address.apartment, city: address.city, postalCode: address.postalCode };
}
