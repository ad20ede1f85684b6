import argon2 from 'argon2';

/** OWASP's argon2id parameters: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies a password; without a stored hash it verifies against a dummy one so that an unknown
 * address costs as much time as a wrong password (no account enumeration by timing).
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('guichet-loisirs-timing-equaliser');
  const hash = storedHash ?? (await dummyHash);
  try {
    return (await argon2.verify(hash, password)) && storedHash !== null;
  } catch {
    return false;
  }
}
