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
