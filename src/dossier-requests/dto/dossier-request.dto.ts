import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, Equals, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, registerDecorator, ValidateNested } from 'class-validator';
import { EmailField } from '../../accounts/dto/account.dto.js';
import { Required, Trim } from '../../common/validation.js';
import { normalizePhone, normalizePostalCode, parseRole } from '../../dossiers/dossier-rules.js';
import { IsBirthDate } from '../../dossiers/dto/dossier.dto.js';
import { REQUEST_RELATIONSHIPS, type RequestRelationship } from '../dossier-request.entity.js';
import { REQUEST_STATUSES } from '../request-status.js';
import { PeriodResponse } from '../../registration-periods/dto/period.dto.js';

function Normalized(normalize: (raw: string) => string | null, code: string) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: code,
      target: object.constructor,
      propertyName,
      options: { message: code },
      validator: { validate: (value: unknown) => typeof value === 'string' && normalize(value) !== null },
    });
}

function Text(max: number) {
  return (object: object, propertyName: string) => {
    Trim()(object, propertyName);
    Required()(object, propertyName);
    IsString({ message: 'invalid_type' })(object, propertyName);
    MaxLength(max, { message: 'too_long' })(object, propertyName);
  };
}

export class PersonNameDto {
  @ApiProperty({ example: 'Camille' }) @Text(100) firstName: string;
  @ApiProperty({ example: 'Tremblay' }) @Text(100) lastName: string;
  @ApiProperty({ example: '1985/04/12', description: 'Date of birth, YYYY/MM/DD or YYYY-MM-DD' }) @Trim() @Required() @IsBirthDate() birthDate: string;
}

export class RequestedMemberDto extends PersonNameDto {
  @ApiProperty({ enum: REQUEST_RELATIONSHIPS, description: 'spouse, adult or child (conjoint·e, adulte, enfant are understood too)' })
  @Transform(({ value }) => (typeof value === 'string' ? (parseRole(value) ?? value) : value))
  @Required()
  @IsIn(REQUEST_RELATIONSHIPS as unknown as string[], { message: 'relationship_invalid' })
  relationship: RequestRelationship;
}

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

export class CreateDossierRequestDto {
  @ApiProperty({ type: PersonNameDto, description: 'The person making the request, 18 or older' })
  @Required()
  @IsObject({ message: 'invalid_type' })
  @ValidateNested()
  @Type(() => PersonNameDto)
  applicant: PersonNameDto;

  @ApiProperty({ type: AddressDto })
  @Required()
  @IsObject({ message: 'invalid_type' })
  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;

  @ApiProperty({ type: [RequestedMemberDto], description: 'The other members of the family (a dossier number each)' })
  @IsOptional()
  @IsArray({ message: 'invalid_type' })
  @ArrayMaxSize(15, { message: 'too_many_items' })
  @ValidateNested({ each: true })
  @Type(() => RequestedMemberDto)
  members: RequestedMemberDto[] = [];

  @ApiProperty({ example: 'camille.tremblay@exemple.ca' }) @EmailField() email: string;

  @ApiProperty({ example: '418-296-8100' }) @Trim() @Required() @Normalized(normalizePhone, 'phone_invalid') phone: string;

  @ApiProperty({ description: 'Acceptance of the Law 25 collection notice (GET /dossier-requests/collection-notice): must be true' })
  @Required({ message: 'consent_required' })
  @Equals(true, { message: 'consent_required' })
  consent: boolean;
}

export class DossierRequestCreatedResponse {
  @ApiProperty({ example: 'DR-2026-000123' }) reference: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: string;
  @ApiProperty({ type: PeriodResponse, nullable: true, description: 'null when no period is planned' }) nextPeriod: PeriodResponse | null;
  @ApiProperty({ description: 'Received less than 72 h before the next period opens' }) late: boolean;
  @ApiProperty({ description: 'A sentence for the requester, in their language' }) message: string;
}

export class RequestedPersonView {
  @ApiProperty({ example: 'Camille' }) firstName: string;
  @ApiProperty({ example: 'Tremblay' }) lastName: string;
  @ApiProperty({ format: 'date', example: '1985-04-12' }) birthDate: string;
  @ApiProperty({ enum: ['holder', ...REQUEST_RELATIONSHIPS], description: 'holder: the applicant' }) relationship: string;
}

export class MyDossierRequestResponse {
  @ApiProperty({ example: 'DR-2026-000123' }) reference: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T10:15:00.000-05:00' }) submittedAt: string;
  @ApiProperty({ description: 'Received less than 72 h before the next period opened' }) late: boolean;
  @ApiProperty({ type: [RequestedPersonView], description: 'The applicant first, then the members' }) persons: RequestedPersonView[];
}

export class CollectionNoticeResponse {
  @ApiProperty({ example: '2026-11', description: 'Recorded with the consent' }) version: string;
  @ApiProperty({ description: 'The notice, in the language of Accept-Language' }) text: string;
}
