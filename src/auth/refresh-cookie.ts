import { randomBytes, timingSafeEqual } from 'node:crypto';
import { parseCookie } from 'cookie';
import type { Request, Response } from 'express';
import { DomainError } from '../common/domain-error.js';
import { isCrossSite } from '../common/same-origin.js';
import type { TokenPairResponse } from './dto/auth.dto.js';

/**
 * The browser transport of the refresh token (the portal's): the token lives in an HttpOnly,
 * SameSite=Strict cookie that only the auth routes receive, never in the page's JavaScript, and the
 * access token only in the page's memory. A client asks for it with the header
 * `X-Refresh-Token-Transport: cookie` on login; then refresh and logout read the cookie.
 *
 * The cookie is an ambient credential, so a request that uses it must also prove it comes from a
 * page of the service (double submit): the header `X-CSRF-Token` equal to the `guichet_csrf`
 * cookie, which another site can neither read nor set, and no `Origin` or `Sec-Fetch-Site` naming
 * another site.
 */
export const REFRESH_COOKIE = 'guichet_refresh';
export const CSRF_COOKIE = 'guichet_csrf';
export const TRANSPORT_HEADER = 'x-refresh-token-transport';
export const CSRF_HEADER = 'x-csrf-token';
/** Only the routes that spend or end a refresh token receive it. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

export interface CookieOptions {
  secure: boolean;
}

/** Whether the client asked for the cookie transport (the portal does on login). */
export function wantsCookie(req: Request): boolean {
  return req.headers[TRANSPORT_HEADER] === 'cookie';
}

/** Sets the pair's refresh token as the cookie, and a CSRF token beside it; the body keeps the rest. */
export function answerWithCookie(res: Response, pair: TokenPairResponse, options: CookieOptions): Omit<TokenPairResponse, 'refreshToken'> {
  const { refreshToken, ...rest } = pair;
  const expires = new Date(pair.refreshExpiresAt);
  res.cookie(REFRESH_COOKIE, refreshToken, { httpOnly: true, secure: options.secure, sameSite: 'strict', path: REFRESH_COOKIE_PATH, expires });
  res.cookie(CSRF_COOKIE, randomBytes(18).toString('base64url'), { httpOnly: false, secure: options.secure, sameSite: 'strict', path: '/', expires });
  return rest;
}

export function clearCookies(res: Response, options: CookieOptions): void {
  res.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: options.secure, sameSite: 'strict', path: REFRESH_COOKIE_PATH });
  res.clearCookie(CSRF_COOKIE, { secure: options.secure, sameSite: 'strict', path: '/' });
}

/**
 * The refresh token of the cookie, once the request has shown it comes from the service's own page
 * (its origins and the portal's); null when there is no cookie. A cookie without the matching CSRF header is refused (403).
 */
export function refreshTokenFromCookie(req: Request, trustedOrigins: readonly string[]): string | null {
  const cookies = parseCookie(req.headers.cookie ?? '');
  const token = cookies[REFRESH_COOKIE];
  if (!token) return null;
  const expected = cookies[CSRF_COOKIE];
  const given = req.headers[CSRF_HEADER];
  if (isCrossSite(req, trustedOrigins) || !expected || typeof given !== 'string' || !sameText(expected, given)) throw new DomainError('csrf_token_invalid', 403);
  return token.length <= 200 ? token : null;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
