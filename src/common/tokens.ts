import { createHash, randomBytes } from 'node:crypto';

/** A random token of 256 bits, URL-safe; only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type TokenState = 'valid' | 'used' | 'expired';

/** A single-use token is valid strictly before its expiry; at the exact expiry instant it is expired. */
export function tokenState(token: { expiresAt: Date; usedAt: Date | null }, now: Date): TokenState {
  if (token.usedAt) return 'used';
  return now.getTime() < token.expiresAt.getTime() ? 'valid' : 'expired';
}

export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * 3_600_000);
}
