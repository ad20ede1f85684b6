/** The figures of the supervisors' queues (SPEC §4b) that are plain arithmetic. */
import { dateInZone, zonedInstant } from '../common/clock.js';

/** The nearest-rank percentile (0 < p ≤ 100) of values sorted ascending; null without values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Business minutes to hours, to a tenth. */
export function toHours(minutes: number | null): number | null {
  return minutes === null ? null : Math.round(minutes / 6) / 10;
}

/**
 * Of the items whose deadline can be judged (answered, or past due without an answer), the share
 * answered in time (0–1, to a thousandth); null when none can be judged yet.
 */
export function withinShare(inTime: number, late: number): number | null {
  const judged = inTime + late;
  return judged ? Math.round((inTime / judged) * 1000) / 1000 : null;
}

/**
 * The instants at which the last `count` weeks began in a time zone (Monday 00:00 there), oldest
 * first; the last is the current week's. Across a change of offset a week is 167 or 169 hours.
 */
export function weekStarts(now: Date, timeZone: string, count: number): Date[] {
  const today = dateInZone(now, timeZone);
  const day = new Date(`${today}T00:00:00Z`);
  // getUTCDay: Sunday 0 … Saturday 6; Monday is the first day of a week here.
  const monday = day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000;
  return Array.from({ length: count }, (_, index) => {
    const start = new Date(monday - (count - 1 - index) * 7 * 86_400_000);
    return zonedInstant(start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate(), 0, timeZone);
  });
}

/**
 * A value read at most once per `ttlMs` on the service's clock and shared by every caller in the
 * meantime, one read in flight at a time (eight supervisors opening their home at nine make one
 * read). A clock set back, or a read that failed, reads again.
 */
export class ShortCache<T> {
  private entry: { at: number; value: Promise<T> } | null = null;

  constructor(private readonly ttlMs: number) {}

  get(now: Date, read: (now: Date) => Promise<T>): Promise<T> {
    const at = now.getTime();
    if (this.entry && at >= this.entry.at && at - this.entry.at < this.ttlMs) return this.entry.value;
    const entry = { at, value: read(now) };
    this.entry = entry;
    entry.value.catch(() => {
      if (this.entry === entry) this.entry = null;
    });
    return entry.value;
  }
}
