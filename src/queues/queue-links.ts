/**
 * Where each figure of the queues leads: the panel's list with the filters that count the same
 * rows as the figure's query (test/dashboard.e2e-spec.ts compares the two). The instants are the
 * figure's own: the list shows what the figure counted at `now`, not what became late since.
 * A list's date range includes both ends, so « before now » ends a millisecond before it
 * (timestamps are kept to the microsecond).
 */

/** A list's filters, by property path (`status`, `dueAt~~to`). */
export type ListFilters = Record<string, string>;

/** The figures of one queue that lead to a list. */
export type LinkedFigure = 'open' | 'overdue' | 'dueSoon' | 'unassigned' | 'waitingForResident';

export interface QueueLinks {
  resource: 'threads' | 'dossier_requests';
  figures: Record<LinkedFigure, ListFilters>;
  /** One clerk's open items and, of those, the late ones. */
  clerk: (staffId: number) => { open: ListFilters; overdue: ListFilters };
}

const justBefore = (instant: Date) => new Date(instant.getTime() - 1).toISOString();

/**
 * The filters of one queue: `open` names the status filter's value for « waiting for the city »,
 * `waiting` its value for « waiting for the resident », `assignee` the path of the assignee filter
 * (which takes a staff id or « aucun »).
 */
function queueLinks(resource: QueueLinks['resource'], open: string, waiting: string, assignee: string, now: Date, soon: Date): QueueLinks {
  const status = { status: open };
  const overdue = { ...status, 'dueAt~~to': justBefore(now) };
  return {
    resource,
    figures: {
      open: status,
      overdue,
      dueSoon: { ...status, 'dueAt~~from': now.toISOString(), 'dueAt~~to': justBefore(soon) },
      unassigned: { ...status, [assignee]: 'aucun' },
      waitingForResident: { status: waiting },
    },
    clerk: (staffId) => ({ open: { ...status, [assignee]: String(staffId) }, overdue: { ...overdue, [assignee]: String(staffId) } }),
  };
}

/** The mailbox: `open` threads wait for the city, `answered` ones for the resident. */
export const threadLinks = (now: Date, soon: Date) => queueLinks('threads', 'open', 'answered', 'assignedToId', now, soon);

/**
 * The requests: `city` (received or in review, WAITING_FOR_CITY) and `needs_info`
 * (WAITING_FOR_APPLICANT); the list's default « à traiter » counts both.
 */
export const requestLinks = (now: Date, soon: Date) => queueLinks('dossier_requests', 'city', 'needs_info', 'assignedTo', now, soon);

/** The list's address: `/admin/resources/threads?filters.status=open&filters.dueAt~~to=…`. */
export function listHref(resource: string, filters: ListFilters): string {
  const query = new URLSearchParams(Object.entries(filters).map(([path, value]): [string, string] => [`filters.${path}`, value]));
  return `/admin/resources/${resource}?${query.toString()}`;
}
