import { describe, expect, it } from '@jest/globals';
import { AUDIT_FLOOR_DAYS, dueBefore, isRetentionKind, retentionDays } from './retention-rules.js';

describe('the retention rules', () => {
  it('takes whole days within the bounds of the kind, the audit log never under its floor', () => {
    expect(retentionDays('rejected_requests', '365')).toBe(365);
    expect(retentionDays('rejected_requests', ' 0 ')).toBe(0);
    expect(retentionDays('staff_sessions', 7)).toBe(7);
    for (const wrong of ['', '-1', '1.5', '1e3', '3651', 'un an', null, undefined]) expect(retentionDays('rejected_requests', wrong)).toBeNull();
    expect(retentionDays('audit_entries', String(AUDIT_FLOOR_DAYS - 1))).toBeNull();
    expect(retentionDays('audit_entries', String(AUDIT_FLOOR_DAYS))).toBe(AUDIT_FLOOR_DAYS);
  });

  it('knows its kinds only', () => {
    expect(isRetentionKind('closed_threads')).toBe(true);
    expect(isRetentionKind('persons')).toBe(false);
  });

  it('counts the period back from now in days of 24 hours', () => {
    expect(dueBefore(new Date('2026-12-06T12:00:00Z'), 30).toISOString()).toBe('2026-11-06T12:00:00.000Z');
  });
});
