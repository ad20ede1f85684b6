import { describe, expect, it } from '@jest/globals';
import { mayBeAssigned } from './assignees.js';

describe('mayBeAssigned (who may be given requests and threads)', () => {
  it('takes an active clerk only', () => {
    expect(mayBeAssigned({ role: 'clerk', active: true })).toBe(true);
    expect(mayBeAssigned({ role: 'clerk', active: false })).toBe(false);
    expect(mayBeAssigned({ role: 'administrator', active: true })).toBe(false);
    expect(mayBeAssigned({ role: 'supervisor', active: true })).toBe(false);
    expect(mayBeAssigned(null)).toBe(false);
  });
});
