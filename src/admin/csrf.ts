import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../common/domain-error.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * AdminJS has no CSRF protection (its issue #1447): a state-changing request to /admin must come
 * from the panel's own pages. Browsers send `Sec-Fetch-Site` (and `Origin` on every POST); either
 * naming another site refuses the request. A request with neither (curl, a test) carries no
 * ambient browser cookie of a victim, so it passes.
 */
export function sameOriginOnly(publicUrl: string) {
  const origin = new URL(publicUrl).origin;
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE.has(req.method)) return next();
    const site = req.headers['sec-fetch-site'];
    const from = req.headers.origin;
    const crossSite = (site !== undefined && site !== 'same-origin' && site !== 'none') || (from !== undefined && from !== origin);
    if (crossSite) return next(new DomainError('cross_site_request', 403));
    next();
  };
}
