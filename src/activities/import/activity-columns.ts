import type { CsvColumn, RawRow } from '../../csv-import/csv-rows.js';

/** The columns of the catalogue's file (SPEC R1), in the documented order; only `age_on` may be left out of the header. */
export const ACTIVITY_COLUMNS = [
  { name: 'code', required: true },
  { name: 'activity', required: true },
  { name: 'category', required: true },
  { name: 'group', required: true },
  { name: 'site', required: true },
  { name: 'starts_on', required: true },
  { name: 'ends_on', required: true },
  { name: 'weekday', required: true },
  { name: 'start_time', required: true },
  { name: 'end_time', required: true },
  { name: 'capacity', required: true },
  { name: 'age_min', required: true },
  { name: 'age_max', required: true },
  { name: 'age_on', required: false },
  { name: 'price_resident', required: true },
  { name: 'price_non_resident', required: true },
  { name: 'residents_open_at', required: true },
  { name: 'non_residents_open_at', required: true },
  { name: 'closes_at', required: true },
  { name: 'rl24', required: true },
] as const satisfies readonly CsvColumn[];

export type ActivityColumn = (typeof ACTIVITY_COLUMNS)[number]['name'];

export const ACTIVITY_COLUMN_NAMES: readonly ActivityColumn[] = ACTIVITY_COLUMNS.map((column) => column.name);

export type ActivityRawRow = RawRow<ActivityColumn>;
