import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { databaseUnavailability } from './database-errors.js';
import { allowedMethods } from './allowed-methods.js';
import { DomainError, FieldError, type PersonError } from './domain-error.js';
import { negotiateLocale, type Locale } from './locale.js';
import { fieldMessage, PROBLEMS, type ProblemCode } from './messages.js';

export const PROBLEM_TYPE_BASE = 'https://guichet-loisirs.ca/problemes/';

interface Classified {
  code: ProblemCode;
  status: number;
  errors?: FieldError[];
  personErrors?: PersonError[];
  retryAfterSeconds?: number;
  members?: Record<string, string | number | boolean | null>;
  allow?: string[];
  /** The database could not be used (logged as a warning, not as an unhandled error). */
  database?: boolean;
}

/** What Nest and express answer on their own (a guard's 403, a pipe's 400…), by status. */
const CODE_BY_STATUS: Partial<Record<number, ProblemCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
  431: 'headers_too_large',
  501: 'not_implemented',
  503: 'service_unavailable',
};

/** The problem of a status no feature named: its own code when HTTP has one, else the generic one of its class. */
export function problemOfStatus(status: number): Classified {
  const code = CODE_BY_STATUS[status];
  if (code) return { code, status };
  return status < 500 ? { code: 'bad_request', status } : { code: 'internal_error', status: 500 };
}

/** Errors raised by express' body parser carry a `type` and a `status` (Nest wraps some of them, as `cause`). */
function bodyParserError(exception: unknown): Classified | null {
  const e = exception as { type?: unknown; status?: unknown } | null;
  if (!e || typeof e.type !== 'string' || typeof e.status !== 'number') return null;
  if (e.type === 'entity.parse.failed') return { code: 'malformed_json', status: 400 };
  if (e.type === 'entity.too.large') return { code: 'payload_too_large', status: 413 };
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return { code: 'unsupported_media_type', status: 415 };
  }
  if (e.status >= 400 && e.status < 500) return problemOfStatus(e.status);
  return null;
}

/** Seconds a client should wait before trying again when the database is unavailable (Retry-After). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

function classify(exception: unknown, request: Request): Classified | null {
  if (exception instanceof DomainError) return { code: exception.code, status: exception.status, ...exception.extra };
  // Before the database's: a client that hangs up mid-body is the parser's ECONNABORTED, a 400.
  const parser = bodyParserError(exception) ?? (exception instanceof HttpException ? bodyParserError(exception.cause) : null);
  if (parser) return parser;
  const unavailable = databaseUnavailability(exception);
  if (unavailable) {
    const code = unavailable === 'storage_full' ? 'storage_full' : 'service_unavailable';
    return { code, status: 503, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS, database: true };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) {
      // No route for this method: a 405 when the path has routes for others.
      const allow = allowedMethods(request);
      if (allow.length && !allow.includes(request.method)) return { code: 'method_not_allowed', status: 405, allow };
    }
    if (status === 503) return { ...problemOfStatus(status), retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS };
    if (status < 500 || status === 501) return problemOfStatus(status);
  }
  return null;
}

/** The problem details of a code, in a language; `instance` when the request's path is known. */
function problemBody(code: ProblemCode, status: number, locale: Locale, instance?: string): Record<string, unknown> {
  const messages = PROBLEMS[code];
  return {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: messages.title[locale],
    status,
    detail: messages.detail[locale],
    code,
    instance,
  };
}

/**
 * The server's `clientError`: what Node's HTTP parser refuses before any route runs (headers or
 * URL over 16 kB, bytes HTTP does not allow) gets problem details too, in French as the headers
 * were not read.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // As Node's own handler: nothing to answer on a closed socket or once a response has started.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const { code } = problemOfStatus(status);
  const body = JSON.stringify(problemBody(code, status, 'fr'));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Language: fr\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+/g;

/** What of an unexpected error may be logged: no query parameters (they carry addresses and hashes), addresses masked. */
function loggableError(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { type: typeof exception };
  const code = (exception as { driverError?: { code?: string } }).driverError?.code;
  return {
    type: exception.constructor.name,
    code,
    message: exception.message.replace(EMAIL, '[address]'),
    stack: exception.stack?.replace(EMAIL, '[address]'),
  };
}

/** Turns every error into RFC 9457 problem details, in the caller's language, never with a stack. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');
  private quietUntil = 0;
  private quieted = 0;

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  respond(exception: unknown, request: Request, response: Response): void {
    const locale = negotiateLocale(request.headers['accept-language']);
    let problem = classify(exception, request);
    if (problem?.database) this.warnDatabaseUnavailable(exception, problem.code);
    if (!problem) {
      this.logger.error({ err: loggableError(exception), requestId: request.id }, 'Unhandled error');
      problem = { code: 'internal_error', status: 500 };
    }
    const body = problemBody(problem.code, problem.status, locale, request.originalUrl?.split('?')[0]);
    if (problem.errors) {
      body.errors = problem.errors.map((e) => ({ field: e.field, code: e.code, message: fieldMessage(e.code, locale) }));
    }
    if (problem.personErrors) body.errors = problem.personErrors.map((e) => ({ personId: e.personId, code: e.code, message: e.message[locale] }));
    // Extension members never replace the standard ones.
    for (const [key, value] of Object.entries(problem.members ?? {})) if (!(key in body)) body[key] = value;
    if (response.headersSent) return;
    if (problem.retryAfterSeconds) response.setHeader('Retry-After', String(problem.retryAfterSeconds));
    if (problem.allow) response.setHeader('Allow', problem.allow.join(', '));
    response
      .status(problem.status)
      .setHeader('Content-Language', locale)
      .type('application/problem+json')
      .send(JSON.stringify(body));
  }

  /**
   * One warning for an outage, not one per request: the first failure, then at most one line per
   * WARN_EVERY_MS saying how many requests were answered 503 since (each request's own log line
   * still has its status).
   */
  private warnDatabaseUnavailable(exception: unknown, code: ProblemCode): void {
    const now = Date.now();
    if (now < this.quietUntil) {
      this.quieted++;
      return;
    }
    const err = loggableError(exception);
    this.logger.warn({ code, error: { type: err.type, code: err.code ?? databaseErrorCode(exception), message: err.message }, answeredSincePrevious: this.quieted }, 'Database unavailable: answered 503');
    this.quietUntil = now + WARN_EVERY_MS;
    this.quieted = 0;
  }
}

const WARN_EVERY_MS = 10_000;

/** The driver's code of a database error, wrapped or not (ECONNREFUSED, SQLITE_FULL…). */
function databaseErrorCode(exception: unknown): string | undefined {
  const e = exception as { code?: unknown; driverError?: { code?: unknown }; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.driverError?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}
