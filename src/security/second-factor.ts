import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';

/** Pure pieces of the second factor: TOTP (RFC 6238, 6 digits, 30 s), secrets at rest, recovery codes. */

export const RECOVERY_CODE_COUNT = 10;
/** One step either side: a phone's clock a little off still works. */
const TOLERANCE_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, issuer: string, email: string): string {
  return generateURI({ issuer, label: email, secret });
}

/**
 * The time step of `code` when it is right at `now` and later than `afterStep` (a code is good
 * once); null otherwise, including for anything that is not 6 digits.
 */
export function verifyTotp(secret: string, code: string, now: Date, afterStep: number | null): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const result = verifySync({
      secret,
      token,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: TOLERANCE_SECONDS,
      ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
    });
    // TOTP's result carries the time step matched (HOTP's does not, hence the union type).
    return result.valid ? (result as { timeStep: number }).timeStep : null;
  } catch {
    return null;
  }
}

/** AES-256-GCM under a key derived from SESSION_SECRET: a copy of the database alone gives no second factor. */
function secretKey(sessionSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionSecret, 'guichet-loisirs', 'staff-totp-secret', 32));
}

export function sealSecret(secret: string, sessionSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(sessionSecret), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** Null when the value was sealed under another SESSION_SECRET (the staff member then enrols again). */
export function openSecret(value: string, sessionSecret: string): string | null {
  const [version, iv, tag, sealed] = value.split('.');
  if (version !== 'v1' || !iv || !tag || !sealed) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', secretKey(sessionSecret), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

// No 0/O, 1/I/L: read from paper and typed by hand.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `xxxxx-xxxxx`: about 54 bits each. */
export function newRecoveryCodes(): string[] {
  const part = () => Array.from({ length: 5 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => `${part()}-${part()}`);
}

export function hashRecoveryCode(code: string): string {
  const normalised = code.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  return createHash('sha256').update(`staff-recovery:${normalised}`).digest('hex');
}

/** The stored list without the code given, or null when the code is not in it. */
export function spendRecoveryCode(storedHashes: string[], code: string): string[] | null {
  const hash = Buffer.from(hashRecoveryCode(code));
  const index = storedHashes.findIndex((stored) => stored.length === hash.length && timingSafeEqual(Buffer.from(stored), hash));
  return index < 0 ? null : storedHashes.filter((_, i) => i !== index);
}
