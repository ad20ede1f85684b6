import { describe, expect, it } from '@jest/globals';
import { generateSync } from 'otplib';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, openSecret, sealSecret, spendRecoveryCode, verifyTotp } from './second-factor.js';

describe('second factor', () => {
  const secret = newTotpSecret();
  const at = new Date('2026-11-30T19:05:00Z');
  const code = (instant: Date) => generateSync({ secret, epoch: Math.floor(instant.getTime() / 1000) });

  it('accepts the code of now and of one step either side, each time step once', () => {
    const step = verifyTotp(secret, code(at), at, null);
    expect(step).toBe(Math.floor(at.getTime() / 30_000));
    expect(verifyTotp(secret, code(new Date(at.getTime() - 30_000)), at, null)).toBe(step! - 1);
    expect(verifyTotp(secret, code(new Date(at.getTime() - 90_000)), at, null)).toBeNull();
    expect(verifyTotp(secret, code(at), at, step)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', at, null)).toBeNull();
  });

  it('seals the secret under SESSION_SECRET; another secret cannot open it', () => {
    const sealed = sealSecret(secret, 'x'.repeat(48));
    expect(sealed).not.toContain(secret);
    expect(openSecret(sealed, 'x'.repeat(48))).toBe(secret);
    expect(openSecret(sealed, 'y'.repeat(48))).toBeNull();
    expect(openSecret('garbage', 'x'.repeat(48))).toBeNull();
  });

  it('makes 10 distinct recovery codes, each spent once, typed in any case', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    const hashes = codes.map(hashRecoveryCode);
    const left = spendRecoveryCode(hashes, ` ${codes[2].toUpperCase()} `);
    expect(left).toHaveLength(9);
    expect(spendRecoveryCode(left!, codes[2])).toBeNull();
    expect(spendRecoveryCode(hashes, 'zzzzz-zzzzz')).toBeNull();
  });
});
