import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, Equals, IsArray, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { EmailField } from '../../accounts/dto/account.dto.js';
import { NameField, Normalized, Required, rule, Trim } from '../../common/validation.js';
import { normalizePhone, parseRole } from '../../dossiers/dossier-rules.js';
import { AddressDto } from '../../dossiers/dto/address.dto.js';
import { IsBirthDate } from '../../dossiers/dto/dossier.dto.js';
import { REQUEST_RELATIONSHIPS, type RequestRelationship } from '../dossier-request.entity.js';
import { REQUEST_STATUSES } from '../request-status.js';
import { PeriodResponse } from '../../registration-periods/dto/period.dto.js';

export class PersonNameDto {
  @ApiProperty({ example: 'Camille' }) @NameField() firstName: string;
  @ApiProperty({ example: 'Tremblay' }) @NameField() lastName: string;
  @ApiProperty({ example: '1985/04/12', description: 'Date of birth, YYYY/MM/DD or YYYY-MM-DD' }) @Trim() @Required() @IsBirthDate() birthDate: string;
}

export class RequestedMemberDto extends PersonNameDto {
  @ApiProperty({ enum: REQUEST_RELATIONSHIPS, description: 'spouse, adult or child (conjoint, conjointe, adulte, enfant are understood too)' })
  @Transform(({ value }) => (typeof value === 'string' ? (parseRole(value) ?? value) : value))
  @Required()
  @IsIn(REQUEST_RELATIONSHIPS as unknown as string[], rule('relationship_invalid'))
  relationship: RequestRelationship;
}

export class CreateDossierRequestDto {
  @ApiProperty({ type: PersonNameDto, description: 'The person making the request, 18 or older' })
  @Required()
  @IsObject(rule('invalid_type'))
  @ValidateNested(rule('invalid_type'))
  @Type(() => PersonNameDto)
  applicant: PersonNameDto;

  @ApiProperty({ type: AddressDto })
  @Required()
  @IsObject(rule('invalid_type'))
  @ValidateNested(rule('invalid_type'))
  @Type(() => AddressDto)
  address: AddressDto;

  @ApiProperty({ type: [RequestedMemberDto], description: 'The other members of the family (a dossier number each)' })
  @IsOptional()
  @IsArray(rule('invalid_type'))
  @ArrayMaxSize(15, rule('too_many_items'))
  // Each member an object: an array in its place would pass ValidateNested with no field checked.
  @IsObject(rule('invalid_type', { each: true }))
  @ValidateNested(rule('invalid_type', { each: true }))
  @Type(() => RequestedMemberDto)
  members: RequestedMemberDto[] = [];

  @ApiProperty({ example: 'camille.tremblay@exemple.ca' }) @EmailField() email: string;

  @ApiProperty({ example: '418-296-8100' }) @Trim() @Required() @Normalized(normalizePhone, 'phone_invalid', 32) phone: string;

  @ApiProperty({ description: 'Acceptance of the Law 25 collection notice (GET /dossier-requests/collection-notice): must be true' })
  @Required(rule('consent_required'))
  @Equals(true, rule('consent_required'))
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
