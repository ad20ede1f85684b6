import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVITY_COLUMN_NAMES, type ActivityRawRow } from '../../src/activities/import/activity-columns.js';

export const ACTIVITY_SAMPLE = join(import.meta.dirname, '..', '..', 'samples', 'activites-exemple.csv');

/** The sample's first line (« Natation — Étoile de mer », samedi 9 h), column by column: a good line that tests change. */
export function sampleActivityLine(): ActivityRawRow {
  const [header, first] = readFileSync(ACTIVITY_SAMPLE, 'utf8').split('\n');
  const names = header.split(',');
  const values = first.split(',');
  return Object.fromEntries(ACTIVITY_COLUMN_NAMES.map((name) => [name, values[names.indexOf(name)]])) as ActivityRawRow;
}

/** A line of the catalogue's file in the documented column order, a value with a comma quoted. */
export function activityCsvLine(raw: ActivityRawRow): string {
  return ACTIVITY_COLUMN_NAMES.map((name) => raw[name]).map((value) => (value.includes(',') ? `"${value}"` : value)).join(',');
}
