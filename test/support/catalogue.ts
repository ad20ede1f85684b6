import { randomInt } from 'node:crypto';
import { CatalogueWriter } from '../../src/activities/catalogue-writer.service.js';
import { validateActivityRow } from '../../src/activities/import/activity-row.js';
import type { OfferingInput } from '../../src/activities/offering-input.js';
import { sampleActivityLine } from './activity-lines.js';
import type { TestApp } from './app.js';

/** A prefix of this run's codes, activities and categories: on MariaDB every test file shares the database. */
export function catalogueRunPrefix(): string {
  return `C${randomInt(36 ** 5, 36 ** 6).toString(36).toUpperCase()}`;
}

const HOUR = 3_600_000;

/** An offering open now (by the app's clock) until tomorrow, the sample's first line for what the test leaves out. */
export function offeringInput(t: TestApp, fields: Partial<OfferingInput> & Pick<OfferingInput, 'code' | 'activity' | 'category'>): OfferingInput {
  const now = t.clock.now().getTime();
  const { input: sample } = validateActivityRow(2, sampleActivityLine(), t.config.cityTimeZone);
  return {
    ...sample!,
    residentsOpenAt: new Date(now - 2 * HOUR),
    nonResidentsOpenAt: new Date(now - HOUR),
    closesAt: new Date(now + 24 * HOUR),
    ...fields,
  };
}

/** Writes offerings through the app's catalogue writer; their ids by code. */
export async function saveOfferings(t: TestApp, inputs: OfferingInput[]): Promise<Map<string, number>> {
  const written = await t.app.get(CatalogueWriter).save(inputs);
  const ids = new Map<string, number>();
  for (const outcome of written.offerings) {
    if (outcome.status === 'rejected') throw new Error(`${outcome.code} rejected: ${outcome.reason}`);
    ids.set(outcome.code, outcome.offeringId);
  }
  return ids;
}
