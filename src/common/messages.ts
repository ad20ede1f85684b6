import { ADMIN_FIELD_CODES, ADMIN_PROBLEMS } from '../admin/admin.errors.js';
import { ACCOUNT_FIELD_CODES, ACCOUNT_PROBLEMS } from '../accounts/accounts.errors.js';
import { AUTH_PROBLEMS } from '../auth/auth.errors.js';
import { DOSSIER_REQUEST_FIELD_CODES, DOSSIER_REQUEST_PROBLEMS } from '../dossier-requests/dossier-requests.errors.js';
import { DOSSIER_FIELD_CODES, DOSSIER_PROBLEMS } from '../dossiers/dossiers.errors.js';
import { MAILBOX_FIELD_CODES, MAILBOX_PROBLEMS } from '../mailbox/mailbox.errors.js';
import { COMMON_FIELD_CODES, COMMON_PROBLEMS } from './common.errors.js';
import type { Locale } from './locale.js';

/**
 * Every problem and field code of the service: each feature declares its own in
 * `<feature>.errors.ts`, and this is their union. A code no feature declares fails the type check.
 */
export const PROBLEMS = {
  ...COMMON_PROBLEMS,
  ...AUTH_PROBLEMS,
  ...ACCOUNT_PROBLEMS,
  ...DOSSIER_PROBLEMS,
  ...DOSSIER_REQUEST_PROBLEMS,
  ...ADMIN_PROBLEMS,
  ...MAILBOX_PROBLEMS,
};

/** Messages of the field errors, by stable code: one table for the API and the import. */
export const FIELD_MESSAGES = {
  ...COMMON_FIELD_CODES,
  ...ACCOUNT_FIELD_CODES,
  ...DOSSIER_FIELD_CODES,
  ...DOSSIER_REQUEST_FIELD_CODES,
  ...ADMIN_FIELD_CODES,
  ...MAILBOX_FIELD_CODES,
};

export type ProblemCode = keyof typeof PROBLEMS;
export type ProblemStatus<C extends ProblemCode> = (typeof PROBLEMS)[C]['status'];
export type FieldCode = keyof typeof FIELD_MESSAGES;

export function isFieldCode(code: unknown): code is FieldCode {
  return typeof code === 'string' && Object.hasOwn(FIELD_MESSAGES, code);
}

export function fieldMessage(code: FieldCode, locale: Locale): string {
  return FIELD_MESSAGES[code][locale];
}
