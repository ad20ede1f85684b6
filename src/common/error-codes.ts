import type { Locale } from './locale.js';

/** A sentence in each language the service speaks. */
export type Text = Readonly<Record<Locale, string>>;

/** A problem a feature may answer: its HTTP status, and its title and detail in each language. */
export interface ProblemSpec {
  readonly status: number;
  readonly title: Text;
  readonly detail: Text;
}

/**
 * A feature's problem codes (`<feature>.errors.ts`). The `const` type parameter keeps each code and
 * its status as literals, so that `DomainError` accepts only declared codes with their own status.
 */
export function defineProblems<const T extends Record<string, ProblemSpec>>(problems: T): T {
  return problems;
}

/** A feature's field error codes, with their message in each language. */
export function defineFieldCodes<const T extends Record<string, Text>>(codes: T): T {
  return codes;
}
