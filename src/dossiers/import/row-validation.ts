import { canonicalEmail } from '../../common/email-address.js';
import { fieldMessage, type FieldCode } from '../../common/messages.js';
import { charLength, isSingleLineText, nameProblem } from '../../common/validation.js';
import { normalizeAddress, type Address } from '../address.js';
import { nameKey, normalizeDossierNumber, normalizePhone, normalizePostalCode, parseBirthDate, parseRole } from '../dossier-rules.js';
import type { PhoneKind } from '../household-phone.entity.js';
import type { MemberRole } from '../membership.entity.js';
import type { ImportColumn, RawRow } from './import-columns.js';

/** One problem of one line of the file; `line` is the physical line, the header being line 1. */
export interface ImportError {
  line: number;
  column?: string;
  code: string;
  message: string;
}

export interface ImportPhone {
  kind: PhoneKind;
  number: string;
}

/** A valid line, normalised and ready to be written. */
export interface ImportRow {
  line: number;
  dossierNumber: string;
  firstName: string;
  lastName: string;
  lastNameKey: string;
  birthDate: string;
  email: string | null;
  /** What must agree between two lines of the same dossier number. */
  identityKey: string;
  householdKey: string;
  role: MemberRole;
  dependent: boolean;
  address: Address;
  /** What must agree between two lines of the same household. */
  addressKey: string;
  phones: ImportPhone[];
}

export type RowResult = { row: ImportRow; errors?: undefined } | { row?: undefined; errors: ImportError[] };


const YES = new Set(['oui', 'yes', '1', 'true']);
const NO = new Set(['non', 'no', '0', 'false']);

const MAX_LENGTHS: Partial<Record<ImportColumn, number>> = {
  first_name: 100,
  last_name: 100,
  civic_number: 10,
  street: 150,
  apartment: 20,
  city: 100,
  email: 254,
};

const DOSSIER_NUMBER = /^[A-Z0-9]{1,20}$/;
/** Legacy keys are compared without case (MariaDB's collation does so too): kept upper-case, ASCII only. */
const HOUSEHOLD_KEY = /^[A-Z0-9](?:[A-Z0-9 _./#-]{0,63})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The report is in French, with the API's messages (one table: `src/common/messages.ts`). */
const message = (code: FieldCode) => fieldMessage(code, 'fr');

const tooLongMessage = (max: number) => `${message('too_long')} (${max} caractères au plus)`;

/** Spaces collapsed: legacy exports pad and double them. */
function clean(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

export function identityKey(firstName: string, lastName: string, birthDate: string): string {
  return `${nameKey(firstName)}|${nameKey(lastName)}|${birthDate}`;
}

/** Two spellings of one address (case, accents, punctuation) are the same household. */
export function addressKey(address: Address): string {
  return [address.civicNumber, address.street, address.apartment ?? '', address.city].map(nameKey).concat(address.postalCode).join('|');
}

class RowChecker {
  readonly errors: ImportError[] = [];

  constructor(
    private readonly line: number,
    private readonly raw: RawRow,
  ) {}

  fail(column: ImportColumn, code: FieldCode, text = message(code)): null {
    this.errors.push({ line: this.line, column, code, message: text });
    return null;
  }

  /** The cleaned value, or null (with an error) when required and empty, too long or garbled. */
  text(column: ImportColumn, required: boolean): string | null {
    const value = clean(this.raw[column]);
    if (!value) return required ? this.fail(column, 'required') : null;
    if (value.includes('\uFFFD')) return this.fail(column, 'encoding_invalid');
    if (!isSingleLineText(value)) return this.fail(column, 'characters_invalid');
    const max = MAX_LENGTHS[column];
    if (max && charLength(value) > max) return this.fail(column, 'too_long', tooLongMessage(max));
    return value;
  }

  /** A first or last name: the API's rule. */
  name(column: ImportColumn): string | null {
    const value = this.text(column, true);
    if (value === null) return null;
    const code = nameProblem(value);
    return code ? this.fail(column, code) : value;
  }

  /** A field checked by `parse`, which answers null for an invalid value. */
  parsed<T>(column: ImportColumn, required: boolean, code: FieldCode, parse: (value: string) => T | null): T | null {
    const value = this.text(column, required);
    if (value === null) return null;
    const result = parse(value);
    return result === null ? this.fail(column, code) : result;
  }
}

function parseDossierNumber(value: string): string | null {
  const normalized = normalizeDossierNumber(value);
  return DOSSIER_NUMBER.test(normalized) ? normalized : null;
}

function parseHouseholdKey(value: string): string | null {
  const normalized = value.toUpperCase();
  return HOUSEHOLD_KEY.test(normalized) ? normalized : null;
}

function birthDateParser(today: string): (value: string) => string | null {
  return (value) => {
    const date = parseBirthDate(value);
    return date && date <= today ? date : null;
  };
}

function parseRelationship(value: string): MemberRole | null {
  return parseRole(value);
}

function parseDependent(value: string): boolean | null {
  const folded = value.toLowerCase();
  if (YES.has(folded)) return true;
  if (NO.has(folded)) return false;
  return null;
}

/** In its canonical form as stored, where it must still fit 254 characters (« İ » grows into two). */
function parseEmail(value: string): string | null {
  const email = canonicalEmail(value);
  return EMAIL.test(email) && charLength(email) <= 254 ? email : null;
}

/** The column holds 32 characters: a number with an absurdly long extension is refused. */
function parsePhone(value: string): string | null {
  const phone = normalizePhone(value);
  return phone && phone.length <= 32 ? phone : null;
}

function readPhones(check: RowChecker): ImportPhone[] {
  const phones: ImportPhone[] = [];
  const home = check.parsed('phone', false, 'phone_invalid', parsePhone);
  const mobile = check.parsed('phone2', false, 'phone_invalid', parsePhone);
  if (home) phones.push({ kind: 'home', number: home });
  if (mobile && mobile !== home) phones.push({ kind: 'mobile', number: mobile });
  return phones;
}

function readAddress(check: RowChecker): Address | null {
  const civicNumber = check.text('civic_number', true);
  const street = check.text('street', true);
  const apartment = check.text('apartment', false);
  const city = check.text('city', true);
  const postalCode = check.parsed('postal_code', true, 'postal_code_invalid', normalizePostalCode);
  if (!civicNumber || !street || !city || !postalCode) return null;
  return normalizeAddress({ civicNumber, street, apartment, city, postalCode });
}

/**
 * Every field of one line checked at once, so that the report lists all of a line's problems.
 * `today` (YYYY-MM-DD) refuses dates of birth in the future.
 */
export function validateRow(line: number, raw: RawRow, today: string): RowResult {
  const check = new RowChecker(line, raw);
  const dossierNumber = check.parsed('dossier_number', true, 'dossier_number_invalid', parseDossierNumber);
  const firstName = check.name('first_name');
  const lastName = check.name('last_name');
  const birthDate = check.parsed('birth_date', true, 'date_invalid', birthDateParser(today));
  const householdKey = check.parsed('household_key', true, 'household_key_invalid', parseHouseholdKey);
  const role = check.parsed('relationship', true, 'role_invalid', parseRelationship);
  const dependent = check.parsed('dependent', false, 'dependent_invalid', parseDependent);
  const address = readAddress(check);
  const phones = readPhones(check);
  const email = check.parsed('email', false, 'email_invalid', parseEmail);
  if (check.errors.length) return { errors: check.errors };
  return {
    row: {
      line,
      dossierNumber: dossierNumber!,
      firstName: firstName!,
      lastName: lastName!,
      lastNameKey: nameKey(lastName!),
      birthDate: birthDate!,
      email,
      identityKey: identityKey(firstName!, lastName!, birthDate!),
      householdKey: householdKey!,
      role: role!,
      dependent: dependent ?? role === 'child',
      address: address!,
      addressKey: addressKey(address!),
      phones,
    },
  };
}
