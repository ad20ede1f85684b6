import { EMAIL_RULE } from '../accounts/dto/account.dto.js';
import type { FieldCheck, FormText } from '../common/field-check.js';
import { canonicalEmail } from '../common/email-address.js';
import { textProblem } from '../common/validation.js';
import type { AddressInput } from './address.js';
import { nameKey, normalizeDossierNumber, normalizePhone, normalizePostalCode } from './dossier-rules.js';
import type { Person } from './person.entity.js';

/** A person's fields as a form or a file gives them. */
export type PersonInput = Partial<Record<'firstName' | 'lastName' | 'birthDate' | 'email' | 'phone' | 'dossierNumber', FormText>>;
export type PersonValues = Pick<Person, 'firstName' | 'lastName' | 'lastNameKey' | 'birthDate' | 'email' | 'phone' | 'dossierNumber'>;

/**
 * The one person checker (the API, the panel, the families' forms): each field given is checked
 * and normalised, its problem on its field; a field left out is not touched. Names on one line
 * with letters, a real date of birth not in the future, an email, a phone, a dossier number.
 */
export function checkPerson(check: FieldCheck, input: PersonInput, today: string): Partial<PersonValues> {
  const out: Partial<PersonValues> = {};
  for (const field of ['firstName', 'lastName'] as const) {
    if (field in input) out[field] = check.text(field, input[field], 100, { name: true }) ?? undefined;
  }
  if (out.lastName) out.lastNameKey = nameKey(out.lastName);
  if ('birthDate' in input) {
    const birthDate = check.day('birthDate', input.birthDate);
    if (birthDate && birthDate > today) check.fail('birthDate', 'date_in_future');
    else if (birthDate) out.birthDate = birthDate;
  }
  if ('email' in input) {
    const raw = input.email?.trim() ?? '';
    const problem = raw ? textProblem(raw, EMAIL_RULE) : null;
    if (problem) check.fail('email', problem);
    else out.email = raw ? canonicalEmail(raw) : null;
  }
  if ('phone' in input) {
    const phone = checkPhone(check, 'phone', input.phone);
    if (phone || !input.phone?.trim()) out.phone = phone;
  }
  if ('dossierNumber' in input) {
    const number = check.normalized('dossierNumber', input.dossierNumber, (raw) => {
      const normalized = normalizeDossierNumber(raw);
      return /^[A-Z0-9]{1,20}$/.test(normalized) ? normalized : null;
    }, 'dossier_number_invalid', 20);
    if (number) out.dossierNumber = number;
  }
  return out;
}

/** A phone number, optional, in its one spelling (`normalizePhone`); the column holds 32 characters. */
export function checkPhone(check: FieldCheck, field: string, raw: FormText): string | null {
  return check.normalized(field, raw, normalizePhone, 'phone_invalid', 32, { required: false });
}

/**
 * The one address checker (the API's request, the panel, the families' forms): every field of
 * the address, the postal code a Canadian one; the values as typed, trimmed (`normalizeAddress`
 * gives their one spelling).
 */
export function checkAddress(check: FieldCheck, input: Partial<Record<keyof AddressInput, FormText>>): AddressInput {
  return {
    civicNumber: check.text('civicNumber', input.civicNumber, 10) ?? '',
    street: check.text('street', input.street, 150) ?? '',
    apartment: check.text('apartment', input.apartment, 20, { required: false }),
    city: check.text('city', input.city, 100) ?? '',
    postalCode: check.normalized('postalCode', input.postalCode, normalizePostalCode, 'postal_code_invalid', 7) ?? '',
  };
}
