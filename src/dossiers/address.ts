import { Column } from 'typeorm';
import { normalizePostalCode } from './dossier-rules.js';

/**
 * A postal address, embedded (`@Column(() => Address, { prefix: false })`) in households and in
 * dossier-number requests under the same column names.
 */
export class Address {
  @Column({ type: 'varchar', length: 10 })
  civicNumber: string;

  @Column({ type: 'varchar', length: 150 })
  street: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  apartment: string | null;

  @Column({ type: 'varchar', length: 100 })
  city: string;

  /** Normalised `A1A 1A1`. */
  @Column({ type: 'varchar', length: 7 })
  postalCode: string;
}

export interface AddressInput {
  civicNumber: string;
  street: string;
  apartment?: string | null;
  city: string;
  postalCode: string;
}

function clean(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * One spelling of an address, however it arrived (the form, the legacy import, a clerk): fields
 * trimmed with inner runs of spaces collapsed, the postal code as `A1A 1A1`, an empty apartment
 * null. It does not validate: the request DTO and the import check each field first, with their
 * own error codes, and a postal code that cannot be one is left as typed.
 */
export function normalizeAddress(input: AddressInput): Address {
  const postalCode = clean(input.postalCode);
  return {
    civicNumber: clean(input.civicNumber),
    street: clean(input.street),
    apartment: clean(input.apartment ?? '') || null,
    city: clean(input.city),
    postalCode: normalizePostalCode(postalCode) ?? postalCode,
  };
}
