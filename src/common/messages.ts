import type { ProblemSpec, Text } from './error-codes.js';
import type { Locale } from './locale.js';

/**
 * The problem codes of the service, by code. Empty here: each feature adds its own from its
 * `<feature>.errors.ts` (`declare module '…/common/messages.js' { interface ProblemRegistry … }`),
 * so that a code no feature declares fails the type check while this ground floor imports no feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ProblemRegistry {}
/** The field error codes of the service, with their messages; filled the same way. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FieldCodeRegistry {}

/** Lets a feature's errors file name its table in an `extends` clause of the registries above. */
export type Declared<T> = T;

export type ProblemCode = keyof ProblemRegistry & string;
export type ProblemStatus<C extends ProblemCode> = ProblemRegistry[C] extends { status: infer S } ? S : number;
export type FieldCode = keyof FieldCodeRegistry & string;

/**
 * Every problem and field code of the service, filled at start by the composition root
 * (`src/problems.ts`) from the features' tables: one table for the API, the panel and the import.
 */
export const PROBLEMS = Object.create(null) as { readonly [C in ProblemCode]: ProblemSpec };
export const FIELD_MESSAGES = Object.create(null) as { readonly [C in FieldCode]: Text };

/** Adds features' problem tables to the registry; a code declared twice is a programming error. */
export function registerProblems(...tables: Readonly<Record<string, ProblemSpec>>[]): void {
  register(PROBLEMS, tables, 'problem');
}

/** Adds features' field code tables to the registry. */
export function registerFieldCodes(...tables: Readonly<Record<string, Text>>[]): void {
  register(FIELD_MESSAGES, tables, 'field');
}

function register<V>(into: object, tables: Readonly<Record<string, V>>[], kind: string): void {
  const target = into as Record<string, V>;
  for (const table of tables) {
    for (const [code, value] of Object.entries(table)) {
      if (Object.hasOwn(target, code) && target[code] !== value) throw new Error(`The ${kind} code ${code} is declared twice`);
      target[code] = value;
    }
  }
}

export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && Object.hasOwn(PROBLEMS, code);
}

export function isFieldCode(code: unknown): code is FieldCode {
  return typeof code === 'string' && Object.hasOwn(FIELD_MESSAGES, code);
}

export function fieldMessage(code: FieldCode, locale: Locale): string {
  return FIELD_MESSAGES[code][locale];
}
