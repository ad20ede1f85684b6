import { readFileSync } from 'node:fs';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'password_too_short' | 'password_too_long' | 'password_too_weak' | 'password_common';

let commonPasswords: Set<string> | null = null;

function loadCommonPasswords(): Set<string> {
  commonPasswords ??= new Set(
    readFileSync(new URL('./data/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  );
  return commonPasswords;
}

export function commonPasswordCount(): number {
  return loadCommonPasswords().size;
}

/**
 * The classes of rule A2 present in a password: lowercase letter, uppercase letter, digit, symbol
 * (anything that is neither a letter nor a digit). Accented letters count as letters of their case.
 */
export function characterClasses(password: string): number {
  const classes = new Set<string>();
  for (const char of password) {
    if (/\p{Ll}/u.test(char)) classes.add('lower');
    else if (/\p{Lu}/u.test(char)) classes.add('upper');
    else if (/\p{Nd}/u.test(char)) classes.add('digit');
    else if (!/\p{L}|\p{N}/u.test(char)) classes.add('symbol');
  }
  return classes.size;
}

/** Rule A2 plus the length cap and the list of common passwords; null when the password is acceptable. */
export function checkPassword(password: string): PasswordProblem | null {
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN_LENGTH) return 'password_too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'password_too_long';
  if (characterClasses(password) < 3) return 'password_too_weak';
  if (loadCommonPasswords().has(password.toLowerCase())) return 'password_common';
  return null;
}
