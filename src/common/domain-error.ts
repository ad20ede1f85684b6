/** A field error of a validation problem; the message is looked up by code and locale when answering. */
export interface FieldError {
  field: string;
  code: string;
}

/**
 * An error a feature throws on purpose. The global filter turns it into problem details whose
 * title and detail are looked up by `code` in the caller's language.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(code);
  }
}

export class ValidationFailed extends DomainError {
  constructor(errors: FieldError[]) {
    super('validation_failed', 400, { errors });
  }
}

export class TooManyRequests extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('too_many_requests', 429, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}
