import { ArgumentMetadata, Injectable, Logger, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { FieldError, ValidationFailed } from './domain-error.js';
import { isFieldCode, type FieldCode } from './messages.js';

/** Which code wins when a field breaks several rules. */
const PRIORITY: FieldCode[] = ['required', 'invalid_type'];

const logger = new Logger('Validation');

/** A decorator's code, type-checked: `IsString(rule('invalid_type'))`. */
export function rule(code: FieldCode, options: ValidationOptions = {}): ValidationOptions {
  return { ...options, message: code };
}

function ourCode(code: string, field: string): FieldCode {
  if (isFieldCode(code)) return code;
  // A decorator without rule(): answer a code of ours, and say which one to fix.
  logger.warn({ field, constraint: code.slice(0, 200) }, 'A validation rule has no field code');
  return 'invalid_value';
}

function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix + error.property;
    const codes = Object.values(error.constraints ?? {}).map((code) => ourCode(code, field));
    // A field wrong as a whole (members not a list of objects) hides the errors of its parts.
    if (!codes.length) return error.children?.length ? toFieldErrors(error.children, `${field}.`) : [];
    return [{ field, code: PRIORITY.find((c) => codes.includes(c)) ?? codes[0] }];
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

/** Length as MariaDB's utf8mb4 VARCHAR(n) counts it: code points (a variation selector or half of an emoji counts). */
export function charLength(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

// In a `u` regular expression a surrogate pair is one code point: these match only lone halves.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** Controls (NUL, CR, LF, TAB…) and the bidi controls that reorder what a clerk or an email shows. */
const CONTROL = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** No lone surrogate: MariaDB refuses one, SQLite and argon2 would turn it into U+FFFD. */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/** Text that can be stored and shown on one line: well-formed UTF-16, no control or bidi characters. */
export function isSingleLineText(value: string): boolean {
  return isWellFormed(value) && !CONTROL.test(value);
}

/** Text of several lines (a message's body): line breaks and tabs allowed, other controls and bidi characters not. */
export function isMultiLineText(value: string): boolean {
  return isWellFormed(value) && !CONTROL.test(value.replace(/[\r\n\t]/g, ' '));
}

/** Letters, marks, spaces, apostrophes, hyphens and periods, with at least one letter: nothing a greeting could turn into a link. */
const PERSON_NAME = /^[\p{L}\p{M} '’.\-\u2010]+$/u;
const LETTER = /\p{L}/u;

export function isPersonName(value: string): boolean {
  return PERSON_NAME.test(value) && LETTER.test(value);
}

export interface TextRule {
  /** The column's length, in code points. */
  max: number;
  /** What the service stores (lower-cased email…): the length is checked on it. */
  normalize?: (value: string) => string;
  /** Further checks, in order, on a well-formed single-line string; each answers its code or null. */
  checks?: Array<(value: string) => FieldCode | null>;
  tooLong?: FieldCode;
  /** Line breaks and tabs allowed (a message's body). */
  multiline?: boolean;
}

/** The code of the first rule a value breaks, or null when it is acceptable text. */
export function textProblem(value: unknown, { max, normalize, checks = [], tooLong = 'too_long', multiline = false }: TextRule): FieldCode | null {
  if (typeof value !== 'string') return 'invalid_type';
  if (!(multiline ? isMultiLineText(value) : isSingleLineText(value))) return 'characters_invalid';
  if (charLength(normalize ? normalize(value) : value) > max) return tooLong;
  for (const check of checks) {
    const code = check(value);
    if (code) return code;
  }
  return null;
}

/**
 * What a staff member writes for a resident or for the file (a question, a refusal's explanation,
 * the reason of a change): a message body's rules, several lines of at most 10 000 characters
 * without control or bidi characters. MariaDB's TEXT column holds 65 535 bytes: 10 000 four-byte
 * characters fit.
 */
export const FREE_TEXT: TextRule = { max: 10_000, multiline: true };

/** A string field checked by `textProblem` (type, characters, length as stored, then `checks`). */
export function TextValue(textRule: TextRule) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'text',
      target: object.constructor,
      propertyName,
      options: { message: (args: ValidationArguments) => textProblem(args.value, textRule) ?? 'invalid_value' },
      validator: { validate: (value: unknown) => textProblem(value, textRule) === null },
    });
}

/** A required, trimmed, single-line text of at most `max` characters. */
export function TextField(max: number, textRule: Omit<TextRule, 'max'> = {}) {
  return (object: object, propertyName: string) => {
    Trim()(object, propertyName);
    Required()(object, propertyName);
    TextValue({ max, ...textRule })(object, propertyName);
  };
}

export const nameProblem = (value: string): FieldCode | null => (isPersonName(value) ? null : 'name_invalid');

/** A person's first or last name: 100 characters, letters and the punctuation names use. */
export function NameField() {
  return TextField(100, { checks: [nameProblem] });
}

/** A value stored in its normalised form, which must fit the column's `max` characters. */
export function Normalized(normalize: (raw: string) => string | null, code: FieldCode, max: number) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: code,
      target: object.constructor,
      propertyName,
      options: rule(code),
      validator: {
        validate: (value: unknown) => {
          const normalized = typeof value === 'string' && isSingleLineText(value) ? normalize(value) : null;
          return normalized !== null && charLength(normalized) <= max;
        },
      },
    });
}
