/** The figures of the supervisors' queues (SPEC §4b) that are plain arithmetic. */

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
