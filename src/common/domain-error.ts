import type { Locale } from './locale.js';
import { PROBLEMS, type FieldCode, type ProblemCode, type ProblemStatus } from './messages.js';

/** A field error of a validation problem; the message is looked up by code and locale when answering. */
export interface FieldError {
  field: string;
  code: FieldCode;
}

/** A refusal that names a person rather than a field (R3: `{ personId, code: "age_ineligible", message }`), with its own message per language. */
export interface PersonError {
  personId: number;
  code: FieldCode;
  message: Record<Locale, string>;
}

/** What a problem says beyond its code: field or person errors, Retry-After, and RFC 9457 extension members (`opensAt`, `position`). */
export interface ProblemExtra {
  errors?: FieldError[];
  /** Answered as `errors` too, each naming its person. */
  personErrors?: PersonError[];
  retryAfterSeconds?: number;
  members?: Record<string, string | number | boolean | null>;
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
    readonly extra: ProblemExtra = {},
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
