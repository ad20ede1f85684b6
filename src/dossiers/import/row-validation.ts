import type { ImportError } from '../../csv-import/csv-rows.js';
import type { FieldCode } from '../../common/messages.js';
import { ImportRowCheck } from '../../csv-import/row-check.js';
import { parseYesNo } from '../../csv-import/values.js';
import { normalizeAddress, type Address } from '../address.js';
import { nameKey, parseRole } from '../dossier-rules.js';
import type { PhoneKind } from '../household-phone.entity.js';
import type { MemberRole } from '../membership.entity.js';
import { checkAddress, checkPerson, checkPhone } from '../person-check.js';
import { IMPORT_COLUMN_NAMES, type ImportColumn, type RawRow } from './import-columns.js';

export type { ImportError } from '../../csv-import/csv-rows.js';

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

/** Legacy keys are compared without case (MariaDB's collation does so too): kept upper-case, ASCII only. */
const HOUSEHOLD_KEY = /^[A-Z0-9](?:[A-Z0-9 _./#-]{0,63})$/;

/** The file's columns under the names the person and address checkers give their fields. */
const COLUMN_OF: Record<string, ImportColumn> = {
  dossierNumber: 'dossier_number',
  firstName: 'first_name',
  lastName: 'last_name',
  birthDate: 'birth_date',
  civicNumber: 'civic_number',
  postalCode: 'postal_code',
};
const columnOf = (field: string) => COLUMN_OF[field] ?? (field as ImportColumn);

export function identityKey(firstName: string, lastName: string, birthDate: string): string {
  return `${nameKey(firstName)}|${nameKey(lastName)}|${birthDate}`;
}

/** Two spellings of one address (case, accents, punctuation) are the same household. */
export function addressKey(address: Address): string {
  return [address.civicNumber, address.street, address.apartment ?? '', address.city].map(nameKey).concat(address.postalCode).join('|');
}

/** The shared checks of an import line, and the dossier file's own: any date of birth it cannot take is `date_invalid`. */
class RowCheck extends ImportRowCheck<ImportColumn> {
  constructor(raw: RawRow) {
    super(raw, IMPORT_COLUMN_NAMES);
  }

  protected override columnOf(field: string): string {
    return columnOf(field);
  }

  override fail(field: string, code: FieldCode): void {
    super.fail(field, code === 'date_in_future' ? 'date_invalid' : code);
  }
}

function parseHouseholdKey(value: string): string | null {
  const normalized = value.toUpperCase();
  return HOUSEHOLD_KEY.test(normalized) ? normalized : null;
}


/**
 * Every field of one line checked at once, so that the report lists all of a line's problems.
 * `today` (YYYY-MM-DD) refuses dates of birth in the future.
 */
export function validateRow(line: number, raw: RawRow, today: string): RowResult {
  const check = new RowCheck(raw);
  // The API's checks of a person and of an address (person-check.ts), as the panel and the forms use them.
  const person = checkPerson(
    check,
    { dossierNumber: raw.dossier_number, firstName: raw.first_name, lastName: raw.last_name, birthDate: raw.birth_date, email: raw.email },
    today,
  );
  const householdKey = check.parsed('household_key', raw.household_key, true, 'household_key_invalid', parseHouseholdKey);
  const role = check.parsed('relationship', raw.relationship, true, 'role_invalid', parseRole);
  const dependent = check.parsed('dependent', raw.dependent, false, 'dependent_invalid', parseYesNo);
  const address = checkAddress(check, {
    civicNumber: raw.civic_number,
    street: raw.street,
    apartment: raw.apartment,
    city: raw.city,
    postalCode: raw.postal_code,
  });
  const home = checkPhone(check, 'phone', raw.phone);
  const mobile = checkPhone(check, 'phone2', raw.phone2);
  if (check.problems.length) return { errors: check.report(line) };
  const { dossierNumber, firstName, lastName, lastNameKey, birthDate } = person as Required<typeof person>;
  const phones: ImportPhone[] = [];
  if (home) phones.push({ kind: 'home', number: home });
  if (mobile && mobile !== home) phones.push({ kind: 'mobile', number: mobile });
  const normalized = normalizeAddress(address);
  return {
    row: {
      line,
      dossierNumber,
      firstName,
      lastName,
      lastNameKey,
      birthDate,
      email: person.email ?? null,
      identityKey: identityKey(firstName, lastName, birthDate),
      householdKey: householdKey!,
      role: role!,
      dependent: dependent ?? role === 'child',
      address: normalized,
      addressKey: addressKey(normalized),
      phones,
    },
  };
}
