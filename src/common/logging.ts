import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** `jean.tremblay@exemple.ca` → `j***@e***.ca`: enough to tell messages apart, not to identify anyone (S3). */
export function maskEmail(email: string): string {
  const [local, domain = ''] = email.split('@');
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${local.slice(0, 1)}***@${host.slice(0, 1)}***${tld}`;
}

const SECRET_QUERY = /([?&](?:token|refreshToken|password)=)[^&#]*/gi;

/** A URL as it may appear in a log line: secret query parameters replaced. */
export function safeUrl(url: string | undefined): string | undefined {
  return url?.replace(SECRET_QUERY, '$1[redacted]');
}

/** The service's logger: JSON lines, times in UTC (ISO 8601), secrets redacted; stdout unless a destination is given (tests). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'guichet-loisirs' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'password',
        'passwordConfirmation',
        'token',
        'refreshToken',
        'accessToken',
        '*.password',
        '*.passwordConfirmation',
        '*.token',
        '*.refreshToken',
        '*.accessToken',
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** What the guards leave on a request: the resident of a bearer token, the staff member of a panel session. */
interface Authenticated {
  user?: { accountId?: number };
  session?: { adminUser?: { id?: number } };
}

/**
 * Gives each request an id (X-Request-Id when the caller sent a sane one), echoes it, and writes
 * one JSON access line when the response is finished: with the status, every decision of the
 * guards is in the log (401, 403, 429), and who was authenticated by their number (an account,
 * a staff member), never by name or address (S3; ASVS 7.1.4, 7.2). Written here rather than with
 * pino-http, whose child logger per request cost more than the whole of a cheap GET.
 */
export function requestLogger(logger: Logger) {
  return (req: IncomingMessage & Authenticated & { id?: string; originalUrl?: string }, res: ServerResponse, next: () => void): void => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    if (logger.isLevelEnabled('info')) {
      const started = performance.now();
      res.once('finish', () => {
        // A 503 is a condition the service answered as designed (its database away), not a fault of its own.
        const level = res.statusCode === 503 ? 'warn' : res.statusCode >= 500 ? 'error' : 'info';
        logger[level](
          {
            req: { id, method: req.method, url: safeUrl(req.originalUrl ?? req.url), account: req.user?.accountId, staff: req.session?.adminUser?.id },
            res: { statusCode: res.statusCode },
            responseTime: Math.round(performance.now() - started),
          },
          'request completed',
        );
      });
    }
    next();
  };
}

/**
 * Nest's own log lines through pino, so that everything is JSON. Nest calls
 * `log(message, ...params, context)`: an object message becomes fields, a string param the text.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'info' | 'warn' | 'error' | 'debug' | 'trace', message: unknown, params: unknown[]): void {
    const context = params.length ? params[params.length - 1] : undefined;
    const text = params.slice(0, -1).find((p) => typeof p === 'string') as string | undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message }, text ?? message.message);
    else if (message && typeof message === 'object') this.logger[level]({ context, ...(message as object) }, text);
    else this.logger[level]({ context }, String(message));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
}
