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

export class PersonNameDto {
  @ApiProperty({ example: 'Camille' }) @NameField() firstName: string;
  @ApiProperty({ example: 'Tremblay' }) @NameField() lastName: string;
  @ApiProperty({ example: '1985/04/12', description: 'AAAA/MM/JJ ou AAAA-MM-JJ' }) @Trim() @Required() @IsBirthDate() birthDate: string;
}

export class RequestedMemberDto extends PersonNameDto {
  @ApiProperty({ enum: REQUEST_RELATIONSHIPS, description: 'spouse, adult or child (conjoint·e, adulte, enfant are understood too)' })
  @Transform(({ value }) => (typeof value === 'string' ? (parseRole(value) ?? value) : value))
  @Required()
  @IsIn(REQUEST_RELATIONSHIPS as unknown as string[], rule('relationship_invalid'))
  relationship: RequestRelationship;
}

export class CreateDossierRequestDto {
  @ApiProperty({ type: PersonNameDto, description: 'La personne de 18 ans et plus qui fait la demande' })
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

  @ApiProperty({ type: [RequestedMemberDto], description: 'Les autres membres de la famille (un numéro de dossier chacun)' })
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

  @ApiProperty({ description: "Acceptation de l'avis de collecte (Loi 25): must be true" })
  @Required(rule('consent_required'))
  @Equals(true, rule('consent_required'))
  consent: boolean;
}

export class PeriodSummary {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'Hiver 2027' }) name: string;
  @ApiProperty() opensAt: string;
  @ApiProperty() closesAt: string;
  @ApiProperty() requestDeadline: string;
}

export class DossierRequestCreatedResponse {
  @ApiProperty({ example: 'DR-2026-000123' }) reference: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: string;
  @ApiProperty({ type: PeriodSummary, nullable: true }) nextPeriod: PeriodSummary | null;
  @ApiProperty({ description: 'Received less than 72 h before the next period opens' }) late: boolean;
  @ApiProperty({ description: 'A sentence for the requester, in their language' }) message: string;
}

export class MyDossierRequestResponse {
  @ApiProperty({ example: 'DR-2026-000123' }) reference: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: string;
  @ApiProperty() submittedAt: string;
  @ApiProperty() late: boolean;
  @ApiProperty({ description: 'Applicant and members' }) persons: Array<{ firstName: string; lastName: string; birthDate: string; relationship: string }>;
}
