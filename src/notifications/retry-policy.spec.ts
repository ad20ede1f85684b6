import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from './retry-policy.js';

describe('outbox retry backoff', () => {
  it('doubles from 30 seconds and stops at one hour', () => {
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(2)).toBe(60_000);
    expect(retryDelayMs(3)).toBe(120_000);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });
});
