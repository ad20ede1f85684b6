import { describe, expect, it } from '@jest/globals';
import { allowedTransitions, isFinal, REQUEST_STATUSES, transition } from './request-status.js';

describe('dossier-request lifecycle', () => {
  it('follows submitted → in_review → needs_info → approved | rejected', () => {
    expect(transition('submitted', 'in_review')).toBe('in_review');
    expect(transition('in_review', 'needs_info')).toBe('needs_info');
    expect(transition('needs_info', 'in_review')).toBe('in_review');
    expect(transition('in_review', 'approved')).toBe('approved');
    expect(transition('in_review', 'rejected')).toBe('rejected');
    expect(transition('submitted', 'rejected')).toBe('rejected');
  });

  it('refuses shortcuts and anything after a decision', () => {
    expect(transition('submitted', 'approved')).toBeNull();
    expect(transition('needs_info', 'approved')).toBeNull();
    expect(transition('in_review', 'submitted')).toBeNull();
    for (const to of REQUEST_STATUSES) {
      expect(transition('approved', to)).toBeNull();
      expect(transition('rejected', to)).toBeNull();
    }
    expect(isFinal('approved')).toBe(true);
    expect(isFinal('needs_info')).toBe(false);
    expect(allowedTransitions('in_review')).toEqual(['needs_info', 'approved', 'rejected']);
  });
});
