import { describe, expect, it } from '@jest/globals';
import { isLate, requestDeadline } from './registration-periods.service.js';

describe('request deadline (D6)', () => {
  const period = { opensAt: new Date('2027-01-11T00:00:00Z') };

  it('is 72 hours before the period opens', () => {
    expect(requestDeadline(period).toISOString()).toBe('2027-01-08T00:00:00.000Z');
  });

  it('is late strictly after the deadline', () => {
    expect(isLate(period, new Date('2027-01-07T23:59:59Z'))).toBe(false);
    expect(isLate(period, new Date('2027-01-08T00:00:00Z'))).toBe(false);
    expect(isLate(period, new Date('2027-01-08T00:00:01Z'))).toBe(true);
    expect(isLate(null, new Date())).toBe(false);
  });
});
