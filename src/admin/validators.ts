import { ValidationError } from 'adminjs';
import { EMAIL_RULE } from '../accounts/dto/account.dto.js';
import type { Clock } from '../common/clock.js';
import type { Locale } from '../common/locale.js';
import { fieldMessage, type FieldCode } from '../common/messages.js';
import { canonicalEmail } from '../common/email-address.js';
import { charLength, isSingleLineText, nameProblem, textProblem } from '../common/validation.js';
import { normalizeAddress } from '../dossiers/address.js';
import type { DataSource } from 'typeorm';
import { ADULT_AGE, ageOn, nameKey, normalizeDossierNumber, normalizePhone, normalizePostalCode, parseBirthDate } from '../dossiers/dossier-rules.js';
import { Membership } from '../dossiers/membership.entity.js';
import { Person } from '../dossiers/person.entity.js';
import type { PanelValidator } from './adapter/validator.js';

/**
 * The rules of the public API and of the import, applied to what a clerk types in the panel: the
 * same codes, shown on the field in the staff member's language.
 */
class Checker {
  readonly errors: Record<string, FieldCode> = {};
  readonly out: Record<string, unknown> = {};

  constructor(private readonly values: Record<string, unknown>) {}

  has(field: string): boolean {
    return field in this.values;
  }

  /** A trimmed string, or '' for an empty field (AdminJS sends '' and sometimes null). */
  raw(field: string): string {
    const value = this.values[field];
    // AdminJS turns a date field into a Date (UTC midnight for a bare day).
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString();
    return typeof value === 'string' ? value.trim() : value === null || value === undefined ? '' : String(value);
  }

  fail(field: string, code: FieldCode): void {
    this.errors[field] ??= code;
  }

  text(field: string, max: number, { required = true, person = false } = {}): void {
    if (!this.has(field)) return;
    const value = this.raw(field).replace(/\s+/g, ' ');
    if (!value) {
      if (required) this.fail(field, 'required');
      else this.out[field] = null;
      return;
    }
    const problem = textProblem(value, { max, checks: person ? [nameProblem] : [] });
    if (problem) this.fail(field, problem);
    else this.out[field] = value;
  }

  normalized(field: string, normalize: (raw: string) => string | null, code: FieldCode, max: number, required: boolean): void {
    if (!this.has(field)) return;
    const value = this.raw(field);
    if (!value) {
      if (required) this.fail(field, 'required');
      else this.out[field] = null;
      return;
    }
    const normalized = isSingleLineText(value) ? normalize(value) : null;
    if (normalized === null || charLength(normalized) > max) this.fail(field, code);
    else this.out[field] = normalized;
  }

  instant(field: string): Date | undefined {
    if (!this.has(field)) return undefined;
    const value = this.raw(field);
    if (!value) {
      this.fail(field, 'required');
      return undefined;
    }
    const instant = new Date(value);
    // MariaDB's DATETIME ends with 9999 (SQLite would store a later year as text and read it back wrong).
    const year = instant.getUTCFullYear();
    if (Number.isNaN(instant.getTime()) || year < 1900 || year > 9999) {
      this.fail(field, 'date_invalid');
      return undefined;
    }
    this.out[field] = instant;
    return instant;
  }

  result(locale: Locale): Record<string, unknown> {
    const fields = Object.entries(this.errors);
    if (fields.length) {
      throw new ValidationError(
        Object.fromEntries(fields.map(([field, code]) => [field, { message: fieldMessage(code, locale), type: code }])),
        { message: fieldMessage('form_invalid', locale), type: 'validation_failed' },
      );
    }
    return this.out;
  }
}

/**
 * A person: names, date of birth (not in the future; 18 or more for a household's holder), email,
 * phone, dossier number (unique: the index says so).
 */
export function personValidator(clock: Clock, dataSource?: DataSource): PanelValidator {
  return async (values, { id, locale }) => {
    const c = new Checker(values);
    c.text('firstName', 100, { person: true });
    c.text('lastName', 100, { person: true });
    if (typeof c.out.lastName === 'string') c.out.lastNameKey = nameKey(c.out.lastName);
    if (c.has('birthDate')) {
      const date = parseBirthDate(c.raw('birthDate').slice(0, 10));
      if (!c.raw('birthDate')) c.fail('birthDate', 'required');
      else if (!date) c.fail('birthDate', 'date_invalid');
      else if (date > clock.today()) c.fail('birthDate', 'date_in_future');
      else if (id !== null && dataSource && (await makesHolderMinor(dataSource, id, date, clock.today()))) c.fail('birthDate', 'holder_minor');
      else c.out.birthDate = date;
    }
    if (c.has('email')) {
      const email = c.raw('email');
      if (!email) c.out.email = null;
      else {
        const problem = textProblem(email, EMAIL_RULE);
        if (problem) c.fail('email', problem);
        else c.out.email = canonicalEmail(email);
      }
    }
    c.normalized('phone', normalizePhone, 'phone_invalid', 32, false);
    c.normalized('dossierNumber', (raw) => {
      const number = normalizeDossierNumber(raw);
      return /^[A-Z0-9]{1,20}$/.test(number) ? number : null;
    }, 'dossier_number_invalid', 20, true);
    return c.result(locale);
  };
}

/**
 * A new date of birth that makes a household's holder under 18 (the families' rule). The form sends
 * the date unchanged with every edit: a legacy holder already under 18 can still have a phone fixed.
 */
async function makesHolderMinor(dataSource: DataSource, personId: number, birthDate: string, today: string): Promise<boolean> {
  if (ageOn(birthDate, today) >= ADULT_AGE) return false;
  const person = await dataSource.getRepository(Person).findOne({ where: { id: personId }, select: { id: true, birthDate: true } });
  if (!person || person.birthDate === birthDate) return false;
  return dataSource.getRepository(Membership).existsBy({ personId, role: 'holder' });
}

const ADDRESS_FIELDS = ['civicNumber', 'street', 'apartment', 'city', 'postalCode'] as const;

/**
 * A creation's values with the fields it cannot do without ('' where the form left one out), so
 * that a missing field is refused on the field ('required') rather than by the database's NOT NULL.
 */
function creation(values: Record<string, unknown>, id: number | null, required: string[]): Record<string, unknown> {
  return id === null ? { ...Object.fromEntries(required.map((field) => [field, ''])), ...values } : values;
}

/** A household's address, normalised as the request form's and the import's are. */
export function householdValidator(): PanelValidator {
  return async (values, { id, locale }) => {
    const c = new Checker(creation(values, id, ['civicNumber', 'street', 'city', 'postalCode']));
    c.text('civicNumber', 10);
    c.text('street', 150);
    c.text('apartment', 20, { required: false });
    c.text('city', 100);
    c.normalized('postalCode', normalizePostalCode, 'postal_code_invalid', 7, true);
    const out = c.result(locale);
    if (ADDRESS_FIELDS.every((field) => field in out)) {
      return { ...out, ...normalizeAddress(out as never) };
    }
    return out;
  };
}

/** A registration period: a name, and an opening before its closing. */
export function periodValidator(): PanelValidator {
  return async (values, { id, locale }) => {
    const c = new Checker(creation(values, id, ['name', 'opensAt', 'closesAt']));
    c.text('name', 100);
    const opensAt = c.instant('opensAt');
    const closesAt = c.instant('closesAt');
    if (opensAt && closesAt && closesAt <= opensAt) c.fail('closesAt', 'period_order_invalid');
    return c.result(locale);
  };
}

/** A closure of the city's calendar (M3): a real day, `YYYY-MM-DD`, and what it is. One entry per day: the index says so. */
export function calendarValidator(): PanelValidator {
  return async (values, { id, locale }) => {
    const c = new Checker(creation(values, id, ['date', 'name']));
    c.text('name', 100);
    if (c.has('date')) {
      const raw = c.raw('date').slice(0, 10);
      const date = parseBirthDate(raw);
      if (!raw) c.fail('date', 'required');
      else if (!date) c.fail('date', 'date_invalid');
      else c.out.date = date;
    }
    return c.result(locale);
  };
}
