/** Pure rules of registration (R2, R3), with a spec beside them. */

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
