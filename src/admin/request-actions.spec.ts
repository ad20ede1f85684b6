import { describe, expect, it } from '@jest/globals';
import type { ActionContext, BaseRecord } from 'adminjs';
import type { DataSource } from 'typeorm';
import { afterAction, allowedTransitions, REQUEST_ACTIONS, REQUEST_STATUSES, type RequestStatus } from '../dossier-requests/request-status.js';
import type { PanelServices } from './actions.js';
import { requestActions } from './request-actions.js';

const ME = 7;
const buttons = requestActions({} as PanelServices, {} as DataSource, 'RequestAction');

/** The buttons the panel shows on a request in `status` held by `assignedToId`, for staff member ME. */
function shown(status: RequestStatus, assignedToId: number | null): string[] {
  const record = { params: { status, assignedToId } } as unknown as BaseRecord;
  return Object.entries(buttons)
    .filter(([, action]) => action.isVisible!({ record, currentAdmin: { id: ME } } as unknown as ActionContext))
    .map(([name]) => name)
    .sort();
}

describe("the panel's request buttons", () => {
  it('are the actions the lifecycle allows, for every status', () => {
    expect(Object.keys(buttons).sort()).toEqual([...REQUEST_ACTIONS].sort());
    for (const status of REQUEST_STATUSES) {
      const allowed = REQUEST_ACTIONS.filter((a) => afterAction(status, a) !== null).sort();
      expect({ status, buttons: shown(status, null) }).toEqual({ status, buttons: allowed });
      expect({ status, buttons: shown(status, ME + 1) }).toEqual({ status, buttons: allowed });
    }
  });

  it('offer every allowed move of the lifecycle, and no other', () => {
    for (const status of REQUEST_STATUSES) {
      const moves = shown(status, null)
        .map((name) => afterAction(status, name as (typeof REQUEST_ACTIONS)[number]))
        .filter((to) => to !== status);
      expect({ status, moves: [...new Set(moves)].sort() }).toEqual({ status, moves: [...allowedTransitions(status)].sort() });
    }
  });

  it('do not offer to take a request in review that the member already holds', () => {
    expect(shown('in_review', ME)).not.toContain('take');
    expect(shown('submitted', ME)).toContain('take');
  });
});
