import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, registerDecorator, ValidationArguments } from 'class-validator';
import { canonicalEmail, isAcceptableEmail } from '../../common/email-address.js';
import type { FieldCode } from '../../common/messages.js';
import { isWellFormed, NameField, Required, rule, TextField, TextValue, type TextRule } from '../../common/validation.js';
import { checkPassword } from '../../security/password-policy.js';

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

export const EMAIL_RULE: TextRule = {
  max: 254,
  normalize: canonicalEmail,
  tooLong: 'email_invalid',
  checks: [(value) => (isAcceptableEmail(value) ? null : 'email_invalid')],
};

/** An email address, 254 characters in its canonical form, as it is stored (« İ » grows into two). */
export function EmailField() {
  return TextField(254, EMAIL_RULE);
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

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password the resident logs in with now', example: 'Soleil-d-hiver-27' })
  // Any password the account could have: only its type and size are checked here, as at login.
  @Required()
  @IsString(rule('invalid_type'))
  @MaxLength(1024, rule('too_long'))
  currentPassword: string;

  @ApiProperty({ description: 'The new password: the rule of sign-up (A2)', example: 'Nouveau-mot-2-passe' })
  @Required()
  @IsAcceptablePassword()
  password: string;

  @ApiProperty({ description: 'The new password again', example: 'Nouveau-mot-2-passe' })
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
