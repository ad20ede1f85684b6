import { applyDecorators, Catch, Injectable, SetMetadata, UseFilters, UseGuards, type ArgumentsHost, type CanActivate, type ExceptionFilter, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { mayRun, type PanelAction, type ResourceId } from './roles.js';
import { DomainError } from '../common/domain-error.js';
import type { Staff } from './staff.entity.js';

/** A page asked for by someone not (yet) signed in: the way to sign in, not a problem. */
export class StaffRedirect {
  constructor(readonly location: string) {}
}

/**
 * Why this request may not act as a staff member, or null when it may: the session (checked
 * against the staff row, and the second factor the member needs now, by StaffAuth's session
 * middleware) must have passed every step. Under /admin/api a 401 problem; a page goes to the
 * step of the sign-in where its session stands.
 */
export function staffRefusal(req: Request): DomainError | StaffRedirect | null {
  const stage = req.session?.staff?.stage;
  if (stage === 'done' && req.session.adminUser) return null;
  if (req.originalUrl.startsWith('/admin/api/')) return new DomainError('unauthorized');
  return new StaffRedirect(stage === 'enrol' ? '/admin/mon-compte/2fa' : stage === 'code' ? '/admin/login/code' : '/admin/login');
}

interface StaffAccessRule {
  resource: ResourceId;
  action: PanelAction;
}
const STAFF_ACCESS = 'guichet:staff-access';

/**
 * A staff member signed in, whose role the panel's table (ROLE_MATRIX) lets run `action` on
 * `resource`; everyone else refused as the panel refuses them (StaffGuard).
 */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const refusal = staffRefusal(req);
    if (refusal) throw refusal;
    const rule = this.reflector.getAllAndOverride<StaffAccessRule | undefined>(STAFF_ACCESS, [context.getHandler(), context.getClass()]);
    // The role of the row as it is now (loaded by the session middleware), not as it was at login.
    const staff = http.getResponse<Response>().locals.staff as Staff | undefined;
    if (!rule || !mayRun(rule.resource, rule.action, staff?.role)) throw new DomainError('forbidden');
    return true;
  }
}

/** The redirect to the sign-in; every other error goes on to the global problem filter. */
@Catch(StaffRedirect)
export class StaffRedirectFilter implements ExceptionFilter<StaffRedirect> {
  catch(redirect: StaffRedirect, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().redirect(302, redirect.location);
  }
}

/** For staff whose role may run `action` on `resource` (the panel's role table): see StaffGuard. */
export const StaffAccess = (resource: ResourceId, action: PanelAction) =>
  applyDecorators(SetMetadata(STAFF_ACCESS, { resource, action } satisfies StaffAccessRule), UseGuards(StaffGuard), UseFilters(StaffRedirectFilter));
