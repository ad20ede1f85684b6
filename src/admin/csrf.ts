import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../common/domain-error.js';
import { isCrossSite, SAFE_METHODS } from '../common/same-origin.js';

/** The panel's writes (every method but GET, HEAD, OPTIONS) from its own pages only: see `isCrossSite`. */
export function sameOriginOnly(ownOrigins: readonly string[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!SAFE_METHODS.has(req.method) && isCrossSite(req, ownOrigins)) return next(new DomainError('cross_site_request', 403));
    next();
  };
}
