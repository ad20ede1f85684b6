import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, registerDecorator, ValidationOptions } from 'class-validator';
import { FieldError, ValidationFailed } from './domain-error.js';

/** Which code wins when a field breaks several rules. */
const PRIORITY = ['required', 'invalid_type'];

function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix + error.property;
    const codes = Object.values(error.constraints ?? {});
    const nested = error.children?.length ? toFieldErrors(error.children, `${field}.`) : [];
    if (!codes.length) return nested;
    const code = PRIORITY.find((c) => codes.includes(c)) ?? codes[0];
    return [{ field, code }, ...nested];
  });
}

/**
 * class-validator with stable field codes (each decorator's message is its code) and problem
 * details; a body that is not a JSON object is validated as an empty one, so that it gets
 * « Ce champ est requis » per field instead of passing unchecked.
 */
@Injectable()
export class ProblemValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidUnknownValues: false,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ValidationFailed(toFieldErrors(errors)),
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) value = {};
    return super.transform(value, metadata);
  }
}

/** Present and, for strings, not blank: « Ce champ est requis ». */
export function Required(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'required',
      target: object.constructor,
      propertyName,
      options: { message: 'required', ...options },
      validator: {
        validate: (value: unknown) => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === ''),
      },
    });
}

/** Trims strings before validation; leaves anything else for the type checks to refuse. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A string that `normalize` accepts (answers non-null for); `code` otherwise. */
export function Normalized(normalize: (raw: string) => string | null, code: string) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: code,
      target: object.constructor,
      propertyName,
      options: { message: code },
      validator: { validate: (value: unknown) => typeof value === 'string' && normalize(value) !== null },
    });
}

/** A required text of at most `max` characters, trimmed. */
export function Text(max: number) {
  return (object: object, propertyName: string) => {
    Trim()(object, propertyName);
    Required()(object, propertyName);
    IsString({ message: 'invalid_type' })(object, propertyName);
    MaxLength(max, { message: 'too_long' })(object, propertyName);
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
