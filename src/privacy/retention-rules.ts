/**
 * The kinds of records the retention job purges or anonymises once their period after closing is
 * over (Law 25: destroyed or anonymised once the purpose is met, s. 73 of the Act respecting
 * access), and the bounds of each period. The defaults and their reasons are in the README.
 */
export const RETENTION_KINDS = ['rejected_requests', 'closed_thread_attachments', 'closed_threads', 'expired_tokens', 'staff_sessions', 'audit_entries'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/**
 * Lines of the audit log younger than this are never deleted (the database refuses it, see the
 * Law25 migration): a staff member's traces cannot be erased by shortening the period.
 */
export const AUDIT_FLOOR_DAYS = 365;

/** Ten years: the longest period the panel accepts. */
export const MAX_RETENTION_DAYS = 3650;

export const MIN_RETENTION_DAYS: Record<RetentionKind, number> = {
  rejected_requests: 0,
  closed_thread_attachments: 0,
  closed_threads: 0,
  expired_tokens: 0,
  staff_sessions: 0,
  audit_entries: AUDIT_FLOOR_DAYS,
};

export function isRetentionKind(kind: unknown): kind is RetentionKind {
  return typeof kind === 'string' && (RETENTION_KINDS as readonly string[]).includes(kind);
}

/** A number of days typed in a form, within the kind's bounds; null otherwise. */
export function retentionDays(kind: RetentionKind, raw: unknown): number | null {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{1,5}$/.test(text)) return null;
  const days = Number(text);
  return days >= MIN_RETENTION_DAYS[kind] && days <= MAX_RETENTION_DAYS ? days : null;
}

/** The instant before which a record closed `days` ago or more is due, at `now`. */
export function dueBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
