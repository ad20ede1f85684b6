/** Pure rules of registration (R2, R3), with a spec beside them. */

import { DomainError } from '../common/domain-error.js';
import { textProblem } from '../common/validation.js';

/** Age in whole years on a reference date (both `YYYY-MM-DD`): a birthday counts from its own day. */
export function ageOn(birthDate: string, referenceDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ry, rm, rd] = referenceDate.split('-').map(Number) as [number, number, number];
  let age = ry - by;
  if (rm < bm || (rm === bm && rd < bd)) age -= 1;
  return age;
}

/** A city's name as residency compares it: no case, no accents, no « Ville de », single spaces and hyphens alike. */
export function cityKey(city: string): string {
  return city
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^ville\s+d(e\s+|['’]\s*)/, '')
    .replace(/[\s-]+/g, ' ')
    .trim();
}

/** R2: resident when a clerk said so, else when the address's city is one of RESIDENT_CITIES. */
export function isResident(household: { city: string; residentOverride: boolean | null }, residentCities: readonly string[]): boolean {
  if (household.residentOverride !== null) return household.residentOverride;
  const key = cityKey(household.city);
  return residentCities.some((city) => cityKey(city) === key);
}

/** Seats an offering still offers to the public (R6: waiting entries count against it, no one jumps the queue). */
export function remainingSeats(capacity: number, taken: number, waiting: number): number {
  return Math.max(0, capacity - taken - waiting);
}

/**
 * The reason a staff member gives for a change of a registration or a waitlist entry (R6, R7),
 * trimmed: required, one to 500 characters (the column's size), no control characters.
 */
export function staffReason(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new DomainError('staff_reason_required', 400);
  if (textProblem(trimmed, { max: 500, multiline: true })) throw new DomainError('staff_reason_invalid', 400);
  return trimmed;
}
