import { describe, expect, it } from '@jest/globals';
import { afterAction, allowedTransitions, answersApplicant, isFinal, isOpen, OPEN_STATUSES, REQUEST_STATUSES, transition, WAITING_FOR_APPLICANT, WAITING_FOR_CITY } from './request-status.js';

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

  it('says once what is open, and whose move it is', () => {
    expect(OPEN_STATUSES).toEqual(['submitted', 'in_review', 'needs_info']);
    expect(WAITING_FOR_CITY).toEqual(['submitted', 'in_review']);
    expect(WAITING_FOR_APPLICANT).toEqual(['needs_info']);
    expect(isOpen('approved')).toBe(false);
    expect(REQUEST_STATUSES.filter(answersApplicant)).toEqual(['needs_info', 'approved', 'rejected']);
  });

  it('maps each staff action to its move', () => {
    expect(afterAction('submitted', 'take')).toBe('in_review');
    expect(afterAction('in_review', 'take')).toBe('in_review');
    expect(afterAction('needs_info', 'take')).toBeNull();
    expect(afterAction('needs_info', 'resume')).toBe('in_review');
    expect(afterAction('submitted', 'resume')).toBeNull();
    expect(afterAction('needs_info', 'assign')).toBe('needs_info');
    expect(afterAction('rejected', 'assign')).toBeNull();
    expect(afterAction('submitted', 'approve')).toBeNull();
    expect(afterAction('in_review', 'askInfo')).toBe('needs_info');
    expect(afterAction('submitted', 'reject')).toBe('rejected');
  });
});
