import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, FieldError } from './domain-error.js';
import { negotiateLocale } from './locale.js';
import { fieldMessage, PROBLEM_MESSAGES } from './messages.js';

export const PROBLEM_TYPE_BASE = 'https://guichet-loisirs.ca/problemes/';

interface Classified {
  code: string;
  status: number;
  errors?: FieldError[];
  retryAfterSeconds?: number;
}

const CODE_BY_STATUS: Record<number, string> = {
  // Validation answers with DomainErrors: a bare 400 reaching here is the JSON body parser's, wrapped by Nest.
  400: 'malformed_json',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/** Errors raised by express' body parser carry a `type` and a `status` but are not HttpExceptions. */
function bodyParserError(exception: unknown): Classified | null {
  const e = exception as { type?: unknown; status?: unknown } | null;
  if (!e || typeof e.type !== 'string' || typeof e.status !== 'number') return null;
  if (e.type === 'entity.parse.failed') return { code: 'malformed_json', status: 400 };
  if (e.type === 'entity.too.large') return { code: 'payload_too_large', status: 413 };
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return { code: 'unsupported_media_type', status: 415 };
  }
  if (e.status >= 400 && e.status < 500) return { code: 'malformed_json', status: 400 };
  return null;
}

function classify(exception: unknown): Classified | null {
  if (exception instanceof DomainError) return { code: exception.code, status: exception.status, ...exception.extra };
  const parser = bodyParserError(exception);
  if (parser) return parser;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = CODE_BY_STATUS[status];
    if (code) return { code, status };
    if (status < 500) return { code: 'not_found', status };
  }
  return null;
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

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  respond(exception: unknown, request: Request, response: Response): void {
    const locale = negotiateLocale(request.headers['accept-language']);
    let problem = classify(exception);
    if (!problem) {
      this.logger.error({ err: loggableError(exception), requestId: request.id }, 'Unhandled error');
      problem = { code: 'internal_error', status: 500 };
    }
    const messages = PROBLEM_MESSAGES[problem.code] ?? PROBLEM_MESSAGES.internal_error;
    const body: Record<string, unknown> = {
      type: `${PROBLEM_TYPE_BASE}${problem.code}`,
      title: messages.title[locale],
      status: problem.status,
      detail: messages.detail[locale],
      code: problem.code,
      instance: request.originalUrl?.split('?')[0],
    };
    if (problem.errors) {
      body.errors = problem.errors.map((e) => ({ field: e.field, code: e.code, message: fieldMessage(e.code, locale) }));
    }
    if (problem.retryAfterSeconds) response.setHeader('Retry-After', String(problem.retryAfterSeconds));
    if (response.headersSent) return;
    response
      .status(problem.status)
      .setHeader('Content-Language', locale)
      .type('application/problem+json')
      .send(JSON.stringify(body));
  }
}
