import { PROBLEMS, type FieldCode, type ProblemCode, type ProblemStatus } from './messages.js';

/** A field error of a validation problem; the message is looked up by code and locale when answering. */
export interface FieldError {
  field: string;
  code: FieldCode;
}

/**
 * An error a feature throws on purpose. The global filter turns it into problem details whose
 * title and detail are looked up by `code` in the caller's language. The code must be declared in
 * a `<feature>.errors.ts`, and the status, when given, must be the one declared with it.
 */
export class DomainError<C extends ProblemCode = ProblemCode> extends Error {
  readonly status: number;

  constructor(
    readonly code: C,
    status: ProblemStatus<C> = (PROBLEMS[code]?.status ?? 500) as ProblemStatus<C>,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(code);
    this.status = status as number;
  }
}

export class ValidationFailed extends DomainError<'validation_failed'> {
  constructor(errors: FieldError[]) {
    super('validation_failed', 400, { errors });
  }
}

export class TooManyRequests extends DomainError<'too_many_requests'> {
  constructor(retryAfterSeconds: number) {
    super('too_many_requests', 429, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}
