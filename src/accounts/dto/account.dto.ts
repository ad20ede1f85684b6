import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, registerDecorator, ValidationArguments } from 'class-validator';
import { Required, Trim } from '../../common/validation.js';
import { checkPassword } from '../password-policy.js';

/** Rule A2; the message is the precise code (password_too_short, password_too_weak…). */
export function IsAcceptablePassword() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'password',
      target: object.constructor,
      propertyName,
      options: { message: (args: ValidationArguments) => (typeof args.value === 'string' ? (checkPassword(args.value) ?? '') : 'invalid_type') },
      validator: { validate: (value: unknown) => typeof value === 'string' && checkPassword(value) === null },
    });
}

function MatchesPassword() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'passwordMismatch',
      target: object.constructor,
      propertyName,
      options: { message: 'password_mismatch' },
      validator: { validate: (value: unknown, args: ValidationArguments) => value === (args.object as { password?: unknown }).password },
    });
}

export function EmailField() {
  return (object: object, propertyName: string) => {
    Trim()(object, propertyName);
    Required()(object, propertyName);
    IsEmail({ allow_utf8_local_part: false }, { message: 'email_invalid' })(object, propertyName);
    MaxLength(254, { message: 'email_invalid' })(object, propertyName);
  };
}

function NameField() {
  return (object: object, propertyName: string) => {
    Trim()(object, propertyName);
    Required()(object, propertyName);
    IsString({ message: 'invalid_type' })(object, propertyName);
    MaxLength(100, { message: 'too_long' })(object, propertyName);
  };
}

export class SignupDto {
  @ApiProperty({ description: 'First name (form label « Prénom »)', example: 'Camille' })
  @NameField()
  firstName: string;

  @ApiProperty({ description: 'Last name (« Nom »)', example: 'Tremblay' })
  @NameField()
  lastName: string;

  @ApiProperty({ description: 'Email address (« Courriel »), unique regardless of case', example: 'camille.tremblay@exemple.ca' })
  @EmailField()
  email: string;

  @ApiProperty({ description: 'Password (« Mot de passe »): 8 to 128 characters, 3 of the 4 classes (lowercase, uppercase, digit, symbol), not a common password', example: 'Soleil-d-hiver-27' })
  @Required()
  @IsAcceptablePassword()
  password: string;

  @ApiProperty({ description: 'The same password again (« Confirmer le mot de passe »)', example: 'Soleil-d-hiver-27' })
  @Required()
  @MatchesPassword()
  passwordConfirmation: string;
}

export class EmailDto {
  @ApiProperty({ example: 'camille.tremblay@exemple.ca' })
  @EmailField()
  email: string;
}

export class TokenDto {
  @ApiProperty({ description: 'The token of the link received by email' })
  @Required()
  @IsString({ message: 'invalid_type' })
  @MaxLength(200, { message: 'token_invalid' })
  token: string;
}

export class ResetPasswordDto extends TokenDto {
  @ApiProperty({ example: 'Nouveau-mot-2-passe' })
  @Required()
  @IsAcceptablePassword()
  password: string;

  @ApiProperty({ example: 'Nouveau-mot-2-passe' })
  @Required()
  @MatchesPassword()
  passwordConfirmation: string;
}

export class MeResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() email: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ enum: ['fr', 'en'] }) locale: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T10:15:00.000-05:00' }) emailVerifiedAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T10:05:00.000-05:00' }) createdAt: string;
  @ApiProperty({ enum: ['link_dossier', 'complete'], description: 'D3: link_dossier until a dossier is linked' })
  onboarding: 'link_dossier' | 'complete';
}

export class VerifyEmailResponse {
  @ApiProperty({ enum: ['confirmed'] }) status: 'confirmed';
}
