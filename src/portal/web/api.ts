/**
 * The portal's only way to the service: the public API (/api/v1), as any other client would use it.
 *
 * The session: the access token lives in this module's memory only (never localStorage or
 * sessionStorage); the refresh token is an HttpOnly cookie that only /api/v1/auth receives
 * (`X-Refresh-Token-Transport: cookie`), spent with the CSRF header its companion cookie gives.
 * Refresh tokens are single use and a replay ends the login, so two tabs must never spend the same
 * one: refreshes take a lock shared by the site's tabs (Web Locks).
 */

export type Locale = 'fr' | 'en';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: FieldProblem[];
  [key: string]: unknown;
}

export type Result<T> = { ok: true; status: number; data: T } | { ok: false; status: number; problem: Problem };

const BASE = '/api/v1';
let locale: Locale = 'fr';
let access: { token: string; expiresAtMs: number } | null = null;
const listeners = new Set<() => void>();

export function setApiLocale(value: Locale): void {
  locale = value;
}

export function isLoggedIn(): boolean {
  return access !== null;
}

/** Told when the session starts or ends (the header's links follow). */
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setAccess(token: string | null, expiresIn = 0): void {
  const was = access !== null;
  access = token ? { token, expiresAtMs: Date.now() + expiresIn * 1000 } : null;
  if (was !== (access !== null)) listeners.forEach((listener) => listener());
}

function csrfToken(): string {
  const found = document.cookie.split('; ').find((part) => part.startsWith('guichet_csrf='));
  return found ? decodeURIComponent(found.slice('guichet_csrf='.length)) : '';
}

/** Whether this browser may hold a session (its CSRF cookie is there): no refresh is tried otherwise. */
function mayHaveSession(): boolean {
  return csrfToken() !== '';
}

function offline(): Result<never> {
  const text =
    locale === 'fr'
      ? { title: 'Connexion impossible', detail: 'Le service ne répond pas. Vérifiez votre connexion Internet et réessayez.' }
      : { title: 'Cannot connect', detail: 'The service does not answer. Check your Internet connection and try again.' };
  return { ok: false, status: 0, problem: { status: 0, code: 'network_error', ...text } };
}

/** The service's time minus this device's, from the API's last `Date` header (a device's clock may be minutes off). */
let clockOffsetMs = 0;

/** Now on the service's clock (to the second): what a hold's countdown counts against. */
export function serviceNow(): number {
  return Date.now() + clockOffsetMs;
}

async function send<T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Result<T>> {
  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, {
      method,
      credentials: 'same-origin',
      headers: { 'Accept-Language': locale, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return offline();
  }
  const served = Date.parse(response.headers.get('Date') ?? '');
  if (Number.isFinite(served)) clockOffsetMs = served - Date.now();
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.ok) return { ok: true, status: response.status, data: parsed as T };
  const problem = (parsed && typeof parsed === 'object' ? parsed : {}) as Partial<Problem>;
  const retryAfter = response.headers.get('Retry-After');
  return {
    ok: false,
    status: response.status,
    problem: {
      ...problem,
      status: response.status,
      code: problem.code ?? 'unknown',
      title: problem.title ?? (locale === 'fr' ? 'Une erreur est survenue' : 'Something went wrong'),
      detail: problem.detail ?? '',
      ...(retryAfter ? { retryAfter: Number(retryAfter) } : {}),
    },
  };
}

interface TokenAnswer {
  accessToken: string;
  expiresIn: number;
}

let refreshing: Promise<boolean> | null = null;

/** A new access token from the refresh cookie, one tab at a time; false when the login has ended. */
export function refreshSession(): Promise<boolean> {
  if (!mayHaveSession()) return Promise.resolve(false);
  refreshing ??= (async () => {
    const run = async () => {
      const answer = await send<TokenAnswer>('POST', '/auth/refresh', {}, { 'X-CSRF-Token': csrfToken() });
      if (answer.ok) setAccess(answer.data.accessToken, answer.data.expiresIn);
      else if (answer.status !== 0) setAccess(null);
      return answer.ok;
    };
    try {
      return 'locks' in navigator ? await navigator.locks.request('guichet-refresh', run) : await run();
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** An API call; with `auth`, the bearer token, renewed once if it expired. */
export async function api<T>(method: string, path: string, body?: unknown, options: { auth?: boolean; headers?: Record<string, string> } = {}): Promise<Result<T>> {
  const extra = options.headers ?? {};
  if (!options.auth) return send<T>(method, path, body, extra);
  if (!access || access.expiresAtMs - Date.now() < 30_000) await refreshSession();
  if (!access) return { ok: false, status: 401, problem: { status: 401, code: 'unauthorized', title: '', detail: '' } };
  const first = await send<T>(method, path, body, { ...extra, Authorization: `Bearer ${access.token}` });
  if (first.ok || first.status !== 401) return first;
  if (!(await refreshSession()) || !access) return first;
  return send<T>(method, path, body, { ...extra, Authorization: `Bearer ${(access as { token: string }).token}` });
}

export async function login(email: string, password: string): Promise<Result<TokenAnswer>> {
  const answer = await send<TokenAnswer>('POST', '/auth/login', { email, password }, { 'X-Refresh-Token-Transport': 'cookie' });
  if (answer.ok) setAccess(answer.data.accessToken, answer.data.expiresIn);
  return answer;
}

/** Ends this login (the cookie's chain), or with `everywhere` every login of the account. */
export async function logout(everywhere = false): Promise<Result<null>> {
  const headers: Record<string, string> = { 'X-CSRF-Token': csrfToken() };
  if (everywhere && access) headers.Authorization = `Bearer ${access.token}`;
  const answer = await send<null>('POST', '/auth/logout', {}, headers);
  setAccess(null);
  return answer;
}

/** After a password change every login of the account has ended, this one included. */
export function forgetSession(): void {
  setAccess(null);
}
