import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error.js';
import type { StaffRole } from './staff-user.js';
import { StaffAccess, StaffGuard, StaffRedirect } from './staff.guard.js';

class Routes {
  @StaffAccess('staff', 'list')
  staffList(): void {}

  @StaffAccess('threads', 'show')
  attachment(): void {}

  unmarked(): void {}
}

type Stage = 'code' | 'enrol' | 'done';

/** A request at `url` whose session stands at `stage` for a member of `role` (what StaffAuth's middleware leaves). */
function context(handler: keyof Routes, url: string, stage?: Stage, role: StaffRole = 'clerk'): ExecutionContext {
  const session = stage ? { staff: { stage }, adminUser: stage === 'done' ? { role } : undefined } : {};
  const req = { originalUrl: url, session };
  const res = { locals: stage ? { staff: { role } } : {} };
  return {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
  } as unknown as ExecutionContext;
}

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return null;
}

describe('StaffGuard (the staff routes outside AdminJS)', () => {
  const guard = new StaffGuard(new Reflector());

  it('sends a page to the step of the sign-in its session is at, and answers the JSON API 401', () => {
    expect(refusal(() => guard.canActivate(context('attachment', '/admin/mailbox/attachments/1')))).toEqual(new StaffRedirect('/admin/login'));
    expect(refusal(() => guard.canActivate(context('attachment', '/admin/mailbox/attachments/1', 'code')))).toEqual(new StaffRedirect('/admin/login/code'));
    expect(refusal(() => guard.canActivate(context('attachment', '/admin/mailbox/attachments/1', 'enrol')))).toEqual(new StaffRedirect('/admin/mon-compte/2fa'));
    const api = refusal(() => guard.canActivate(context('attachment', '/admin/api/queues', 'code')));
    expect(api).toBeInstanceOf(DomainError);
    expect((api as DomainError).code).toBe('unauthorized');
  });

  it('lets a signed-in member through where the role table lets their role, 403 elsewhere and on a route it does not name', () => {
    for (const role of ['clerk', 'supervisor', 'administrator'] as const) expect(guard.canActivate(context('attachment', '/admin/x', 'done', role))).toBe(true);
    expect(guard.canActivate(context('staffList', '/admin/x', 'done', 'administrator'))).toBe(true);
    for (const [handler, role] of [['staffList', 'clerk'], ['staffList', 'supervisor'], ['unmarked', 'administrator']] as const) {
      const error = refusal(() => guard.canActivate(context(handler, '/admin/x', 'done', role)));
      expect((error as DomainError).code).toBe('forbidden');
    }
  });
});
