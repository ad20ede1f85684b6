import { describe, expect, it } from '@jest/globals';
import { addHours, hashToken, newToken, tokenState } from './tokens.js';

describe('single-use tokens', () => {
  const issued = new Date('2026-11-26T15:00:00.000Z');
  const token = { expiresAt: addHours(issued, 24), usedAt: null };

  it('is valid until just before 24 h and expired at exactly 24 h', () => {
    expect(tokenState(token, issued)).toBe('valid');
    expect(tokenState(token, new Date(token.expiresAt.getTime() - 1))).toBe('valid');
    expect(tokenState(token, token.expiresAt)).toBe('expired');
    expect(tokenState(token, new Date(token.expiresAt.getTime() + 1))).toBe('expired');
  });

  it('works once', () => {
    expect(tokenState({ ...token, usedAt: issued }, issued)).toBe('used');
  });

  it('carries at least 128 random bits and is stored as a hash', () => {
    const a = newToken();
    expect(Buffer.from(a, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(a).not.toBe(newToken());
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a);
  });
});
