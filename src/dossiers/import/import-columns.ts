import { rawRowOf, readHeaderOf, type HeaderLayout as GenericHeaderLayout, type RawRow as GenericRawRow } from '../../csv-import/csv-rows.js';

/** The columns of the legacy dossier file, in the documented order (docs/import.md). */
export const IMPORT_COLUMNS = [
  { name: 'dossier_number', required: true },
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
  { name: 'birth_date', required: true },
  { name: 'household_key', required: true },
  { name: 'relationship', required: true },
  { name: 'dependent', required: false },
  { name: 'civic_number', required: true },
  { name: 'street', required: true },
  { name: 'apartment', required: false },
  { name: 'city', required: true },
  { name: 'postal_code', required: true },
  { name: 'phone', required: false },
  { name: 'phone2', required: false },
  { name: 'email', required: false },
] as const;

export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['name'];

export const IMPORT_COLUMN_NAMES: readonly ImportColumn[] = IMPORT_COLUMNS.map((column) => column.name);

export const REQUIRED_COLUMNS: readonly ImportColumn[] = IMPORT_COLUMNS.filter((column) => column.required).map((column) => column.name);

/** One record of the file, each documented column trimmed ('' when absent or empty). */
export type RawRow = GenericRawRow<ImportColumn>;

export type HeaderLayout = GenericHeaderLayout<ImportColumn>;

export const readHeader = (fields: string[]): HeaderLayout => readHeaderOf(IMPORT_COLUMNS, fields);

export const toRawRow = (layout: HeaderLayout, fields: string[]): RawRow => rawRowOf(IMPORT_COLUMNS, layout, fields);
