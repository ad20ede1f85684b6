import type { Request } from 'express';

/** Methods that change nothing, which any page may send. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request that changes something comes from another site than the service's own pages
 * (login CSRF, a forced logout, AdminJS's writes, which have no CSRF token: its issue #1447).
 * Browsers send `Sec-Fetch-Site`, and `Origin` on every POST: either naming another site refuses
 * it. The service's own origins are its public address (PUBLIC_URL) only, or in development its
 * loopback spellings (`AppConfig.ownOrigins`), never whatever the Host header says: another host
 * behind the same proxy is another site. A request with neither header (curl, a test) carries no
 * victim's ambient browser cookie, so it passes.
 */
export function isCrossSite(req: Pick<Request, 'headers'>, ownOrigins: readonly string[]): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  return origin !== undefined && !ownOrigins.includes(origin);
}
