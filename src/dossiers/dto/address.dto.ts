import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Normalized, Required, TextField, TextValue, Trim } from '../../common/validation.js';
import type { Address } from '../address.js';
import { normalizePostalCode } from '../dossier-rules.js';

/** An address as a form sends it; `normalizeAddress` gives it its one spelling. */
export class AddressDto {
  @ApiProperty({ example: '1234' }) @TextField(10) civicNumber: string;
  @ApiProperty({ example: 'boulevard La Salle' }) @TextField(150) street: string;
  @ApiPropertyOptional({ example: '3' })
  @Trim()
  @IsOptional()
  @TextValue({ max: 20 })
  apartment?: string;
  @ApiProperty({ example: 'Baie-Comeau' }) @TextField(100) city: string;
  @ApiProperty({ example: 'G4Z 1A1' }) @Trim() @Required() @Normalized(normalizePostalCode, 'postal_code_invalid', 7) postalCode: string;
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
