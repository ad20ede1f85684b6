import { ValidationFailed, type FieldError } from './domain-error.js';
import type { FieldCode } from './messages.js';
import { charLength, isSingleLineText, nameProblem, textProblem } from './validation.js';

/** A real day of the years 1900 on, typed YYYY-MM-DD or YYYY/MM/DD (as the seed's files show dates), as YYYY-MM-DD; null otherwise. */
export function parseDay(raw: string): string | null {
  const match = raw.trim().match(/^(\d{4})[-/](\d{2})[-/](\d{2})$/);
  if (!match) return null;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** A form's text: what was typed, or null (or absent) for a field left empty. */
export type FormText = string | null | undefined;

/**
 * A form's fields checked one by one, the first problem of each field kept: `done` throws them all
 * at once (a ValidationFailed, shown on the fields), the checks return the values normalised.
 */
export class FieldCheck {
  constructor(
    private readonly errors: FieldError[] = [],
    private readonly prefix = '',
  ) {}

  fail(field: string, code: FieldCode): void {
    const at = this.prefix + field;
    if (!this.errors.some((error) => error.field === at)) this.errors.push({ field: at, code });
  }

  /** The same checks on a part of the form: its problems under `prefix` (`applicant.`, `members.0.`), thrown with the rest by `done`. */
  under(prefix: string): FieldCheck {
    return new FieldCheck(this.errors, this.prefix + prefix);
  }

  /** One line of text, inner runs of spaces collapsed; empty: `required`, or null when optional. */
  text(field: string, raw: FormText, max: number, { required = true, name = false } = {}): string | null {
    const value = (raw ?? '').replace(/\s+/g, ' ').trim();
    if (!value) {
      if (required) this.fail(field, 'required');
      return null;
    }
    const code = textProblem(value, { max, checks: name ? [nameProblem] : [] });
    if (code) this.fail(field, code);
    return code ? null : value;
  }

  /** A value in its one spelling (a postal code, a phone number); `code` when it has none or is longer than `max`. */
  normalized(field: string, raw: FormText, normalize: (raw: string) => string | null, code: FieldCode, max: number, { required = true } = {}): string | null {
    const value = (raw ?? '').trim();
    if (!value) {
      if (required) this.fail(field, 'required');
      return null;
    }
    const normalized = isSingleLineText(value) ? normalize(value) : null;
    if (normalized === null || charLength(normalized) > max) {
      this.fail(field, code);
      return null;
    }
    return normalized;
  }

  /** A day (`parseDay`); empty: `required`. */
  day(field: string, raw: FormText): string | null {
    const value = (raw ?? '').trim();
    const day = parseDay(value);
    if (!day) this.fail(field, value ? 'date_invalid' : 'required');
    return day;
  }

  /** An instant of the years 1900 to 9999 (MariaDB's DATETIME ends with 9999; SQLite would read a later year back wrong). */
  instant(field: string, raw: FormText): Date | null {
    const value = (raw ?? '').trim();
    if (!value) {
      this.fail(field, 'required');
      return null;
    }
    const instant = new Date(value);
    const year = instant.getUTCFullYear();
    if (Number.isNaN(instant.getTime()) || year < 1900 || year > 9999) {
      this.fail(field, 'date_invalid');
      return null;
    }
    return instant;
  }

  /** The problems found so far, one per field, in the order found. */
  get problems(): readonly FieldError[] {
    return this.errors;
  }

  done(): void {
    if (this.errors.length) throw new ValidationFailed(this.errors);
  }
}
