import { DomainError } from './domain-error.js';

/**
 * Who makes a change, as services receive it and the audit log (S2) will record it: a resident
 * through the API, a staff member through the panel, the system itself (imports, jobs), or someone
 * using a public form without logging in (a dossier-number request needs no account).
 */
export type Actor = { kind: 'resident'; accountId: number } | { kind: 'staff'; staffId: number; role?: StaffRole } | { kind: 'system' } | { kind: 'anonymous' };

/** A staff member's role (the panel's matrix, src/staff/roles.ts, and the services' own checks). */
export type StaffRole = 'clerk' | 'supervisor' | 'administrator';

/**
 * Refuses (403) a change a role restricts unless the actor is a staff member of one of `roles`, or
 * the system itself (an import, a job). The panel's matrix refuses first; this holds for any
 * other route to the service.
 */
export function requireRole(actor: Actor, roles: readonly StaffRole[]): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'staff' && actor.role && roles.includes(actor.role)) return;
  throw new DomainError('forbidden', 403);
}

/** The actor of a request whose login is optional. */
export function residentOrAnonymous(accountId: number | null | undefined): Actor {
  return accountId ? { kind: 'resident', accountId } : { kind: 'anonymous' };
}

/** The actor in a log line: kinds and ids only, nothing personal. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'resident':
      return `resident:${actor.accountId}`;
    case 'staff':
      return `staff:${actor.staffId}`;
    default:
      return actor.kind;
  }
}
