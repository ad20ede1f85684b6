import { describe, expect, it } from '@jest/globals';
import { maskEmail, safeUrl } from './logging.js';

describe('log hygiene', () => {
  it('masks email addresses', () => {
    expect(maskEmail('jean.tremblay@exemple.ca')).toBe('j***@e***.ca');
    expect(maskEmail('x@localhost')).toBe('x***@l***');
  });
  it('removes tokens from URLs', () => {
    expect(safeUrl('/api/v1/auth/verify-email?token=abc123&x=1')).toBe('/api/v1/auth/verify-email?token=[redacted]&x=1');
    expect(safeUrl('/health')).toBe('/health');
  });
});
