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
export type RawRow = Record<ImportColumn, string>;

/** Where each documented column sits in the records, from the header row. */
export interface HeaderLayout {
  positions: Map<ImportColumn, number>;
  missing: ImportColumn[];
  ignored: string[];
  width: number;
}

/** Header names compared without case, surrounding spaces or a stray BOM; the first of two equal names wins. */
export function readHeader(fields: string[]): HeaderLayout {
  const positions = new Map<ImportColumn, number>();
  const ignored: string[] = [];
  fields.forEach((field, index) => {
    const name = field.replace(/^\uFEFF/, '').trim().toLowerCase();
    if ((IMPORT_COLUMN_NAMES as readonly string[]).includes(name) && !positions.has(name as ImportColumn)) {
      positions.set(name as ImportColumn, index);
    } else if (name) {
      ignored.push(field.trim());
    }
  });
  const missing = REQUIRED_COLUMNS.filter((name) => !positions.has(name));
  return { positions, missing, ignored, width: fields.length };
}

export function toRawRow(layout: HeaderLayout, fields: string[]): RawRow {
  const row = {} as RawRow;
  for (const name of IMPORT_COLUMN_NAMES) {
    const index = layout.positions.get(name);
    row[name] = index === undefined ? '' : (fields[index] ?? '').trim();
  }
  return row;
}
