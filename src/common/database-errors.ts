/**
 * Errors that say the database cannot be used right now, rather than that a request was wrong:
 * the server is down or restarting, the connection died under a query, the pool cannot connect, the
 * disk is full or read-only. A request that meets one is answered 503 with Retry-After (never 500):
 * trying again later is the right thing to do, and the service recovers by itself when the
 * database does (the pool opens new connections).
 */
export type DatabaseUnavailability = 'unavailable' | 'storage_full';

/** Network and connection failures (Node's and mysql2's codes). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_PACKETS_OUT_OF_ORDER',
]);

/** MySQL/MariaDB server errors of a server that is going away, full of connections, or read-only. */
const SERVER_CODES = new Set([
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_CONNECTION_KILLED',
  'ER_NET_READ_ERROR',
  'ER_NET_READ_INTERRUPTED',
  'ER_NET_ERROR_ON_WRITE',
  'ER_NET_WRITE_INTERRUPTED',
  'ER_CLIENT_INTERACTION_TIMEOUT',
  'ER_OPTION_PREVENTS_STATEMENT',
  'ER_READ_ONLY_MODE',
  'ER_CANT_CREATE_FILE',
  'ER_ERROR_ON_WRITE',
]);

/** A full disk or table space, on either engine. */
const FULL_CODES = new Set(['SQLITE_FULL', 'ER_DISK_FULL', 'ER_RECORD_FILE_FULL', 'ENOSPC']);

/** mysql2's messages for a connection or pool that was closed under the caller. */
const CLOSED = /^(Pool is closed|Can't add new command when connection is in closed state|Can't write in closed state|Connection lost)/;

function ownCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function classifyOne(error: unknown): DatabaseUnavailability | null {
  const code = ownCode(error);
  if (FULL_CODES.has(code)) return 'storage_full';
  if (CONNECTION_CODES.has(code) || SERVER_CODES.has(code)) return 'unavailable';
  // SQLite: an I/O error (SQLITE_IOERR_WRITE…), a read-only file or folder, a file it cannot open.
  if (/^SQLITE_(IOERR|READONLY|CANTOPEN)/.test(code)) return 'unavailable';
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && CLOSED.test(message)) return 'unavailable';
  return null;
}

/**
 * Whether (and how) an error means the database is unavailable: the error itself, the driver's
 * error a TypeORM QueryFailedError wraps (`driverError`), a `cause`, or one of an AggregateError's
 * (a connection tried on several addresses), a few levels deep.
 */
export function databaseUnavailability(error: unknown, depth = 0): DatabaseUnavailability | null {
  if (!error || typeof error !== 'object' || depth > 4) return null;
  const own = classifyOne(error);
  if (own) return own;
  const e = error as { driverError?: unknown; cause?: unknown; errors?: unknown };
  const nested = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  for (const inner of nested) {
    const found = databaseUnavailability(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The database cannot be used right now (see `databaseUnavailability`). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailability(error) !== null;
}
