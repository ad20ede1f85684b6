export const REQUEST_STATUSES = ['submitted', 'in_review', 'needs_info', 'approved', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

const NEXT: Record<RequestStatus, readonly RequestStatus[]> = {
  submitted: ['in_review', 'rejected'],
  in_review: ['needs_info', 'approved', 'rejected'],
  needs_info: ['in_review', 'rejected'],
  approved: [],
  rejected: [],
};

export function allowedTransitions(from: RequestStatus): readonly RequestStatus[] {
  return NEXT[from];
}

/** The lifecycle `submitted → in_review → needs_info → approved | rejected`; null when the move is not allowed. */
export function transition(from: RequestStatus, to: RequestStatus): RequestStatus | null {
  return NEXT[from].includes(to) ? to : null;
}

export function isFinal(status: RequestStatus): boolean {
  return NEXT[status].length === 0;
}

export const isRequestStatus = (value: unknown): value is RequestStatus => (REQUEST_STATUSES as readonly unknown[]).includes(value);

/** Open: not decided yet — the panel's « à traiter », what may still be assigned or moved. */
export const OPEN_STATUSES: readonly RequestStatus[] = REQUEST_STATUSES.filter((s) => !isFinal(s));
export const isOpen = (status: RequestStatus): boolean => OPEN_STATUSES.includes(status);

/** Open, but the applicant owes the next step (an answer to the clerk's question): the queues count it apart. */
export const WAITING_FOR_APPLICANT: readonly RequestStatus[] = ['needs_info'];
/** Open, and the city owes the next step. */
export const WAITING_FOR_CITY: readonly RequestStatus[] = OPEN_STATUSES.filter((s) => !WAITING_FOR_APPLICANT.includes(s));

/** Whether reaching `status` answers the applicant (a question or a decision): the first one reached is the request's first response. */
export const answersApplicant = (status: RequestStatus): boolean => isFinal(status) || WAITING_FOR_APPLICANT.includes(status);

/** What a staff member does to a request (the service's methods and the panel's buttons). */
export const REQUEST_ACTIONS = ['take', 'assign', 'approve', 'askInfo', 'resume', 'reject'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/**
 * The status a request in `from` has after `action`, or null when the lifecycle refuses it. Taking
 * moves a received request into review, or takes over one in review (the status stays); a request
 * waiting for the applicant comes back through `resume`, with the answer, never by `take`.
 * Assigning keeps any open status.
 */
export function afterAction(from: RequestStatus, action: RequestAction): RequestStatus | null {
  switch (action) {
    case 'take':
      return WAITING_FOR_APPLICANT.includes(from) ? null : from === 'in_review' ? from : transition(from, 'in_review');
    case 'resume':
      return WAITING_FOR_APPLICANT.includes(from) ? transition(from, 'in_review') : null;
    case 'assign':
      return isOpen(from) ? from : null;
    case 'approve':
      return transition(from, 'approved');
    case 'askInfo':
      return transition(from, 'needs_info');
    case 'reject':
      return transition(from, 'rejected');
  }
}
