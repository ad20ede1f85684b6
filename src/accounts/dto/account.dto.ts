import { ApiProperty } from '@nestjs/swagger';
import { isEmail, registerDecorator, ValidationArguments } from 'class-validator';
import type { FieldCode } from '../../common/messages.js';
import { isWellFormed, NameField, normalizeEmail, Required, rule, TextField, TextValue } from '../../common/validation.js';
import { checkPassword } from '../password-policy.js';

function passwordProblem(value: unknown): FieldCode | null {
  if (typeof value !== 'string') return 'invalid_type';
  // A lone surrogate would be hashed as U+FFFD: two different passwords would match.
  if (!isWellFormed(value)) return 'characters_invalid';
  return checkPassword(value);
}

/** Rule A2; the message is the precise code (password_too_short, password_too_weak…). */
export function IsAcceptablePassword() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'password',
      target: object.constructor,
      propertyName,
      options: { message: (args: ValidationArguments) => passwordProblem(args.value) ?? 'invalid_value' },
      validator: { validate: (value: unknown) => passwordProblem(value) === null },
    });
}

function MatchesPassword() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'passwordMismatch',
      target: object.constructor,
      propertyName,
      options: rule('password_mismatch'),
      validator: { validate: (value: unknown, args: ValidationArguments) => value === (args.object as { password?: unknown }).password },
    });
}

/** An email address, 254 characters once lower-cased as it is stored (« İ » grows into two). */
export function EmailField() {
  return TextField(254, {
    normalize: normalizeEmail,
    tooLong: 'email_invalid',
    checks: [(value) => (isEmail(value, { allow_utf8_local_part: false }) ? null : 'email_invalid')],
  });
}

export class SignupDto {
  @ApiProperty({ description: 'Prénom', example: 'Camille' })
  @NameField()
  firstName: string;

  @ApiProperty({ description: 'Nom', example: 'Tremblay' })
  @NameField()
  lastName: string;

  @ApiProperty({ description: 'Courriel (unique, sans égard à la casse)', example: 'camille.tremblay@exemple.ca' })
  @EmailField()
  email: string;

  @ApiProperty({ description: 'Mot de passe : 8 à 128 caractères, 3 des 4 classes (minuscule, majuscule, chiffre, symbole)', example: 'Soleil-d-hiver-27' })
  @Required()
  @IsAcceptablePassword()
  password: string;

  @ApiProperty({ description: 'Confirmer le mot de passe', example: 'Soleil-d-hiver-27' })
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
  @ApiProperty({ description: 'Le jeton reçu par courriel' })
  @Required()
  @TextValue({ max: 200, tooLong: 'token_invalid' })
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
  @ApiProperty() id: number;
  @ApiProperty() email: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ enum: ['fr', 'en'] }) locale: string;
  @ApiProperty({ description: 'ISO 8601' }) emailVerifiedAt: string;
  @ApiProperty({ description: 'ISO 8601' }) createdAt: string;
  @ApiProperty({ enum: ['link_dossier', 'complete'], description: 'D3 : link_dossier tant qu’aucun dossier n’est lié' })
  onboarding: 'link_dossier' | 'complete';
}

export class VerifyEmailResponse {
  @ApiProperty({ enum: ['confirmed'] }) status: 'confirmed';
}
