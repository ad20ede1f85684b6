/**
 * Who makes a change, as services receive it and the audit log (S2) will record it: a resident
 * through the API, a staff member through the panel, the system itself (imports, jobs), or someone
 * using a public form without logging in (a dossier-number request needs no account).
 */
export type Actor = { kind: 'resident'; accountId: number } | { kind: 'staff'; staffId: number } | { kind: 'system' } | { kind: 'anonymous' };

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
