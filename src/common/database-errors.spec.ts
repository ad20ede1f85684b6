import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { databaseUnavailability, isDatabaseUnavailable } from './database-errors.js';

/** An error as a driver throws it: a message and a code. */
function driverError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

const wrapped = (error: Error) => new QueryFailedError('INSERT INTO accounts …', [], error);

describe('database errors that mean "unavailable, try again later"', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'PROTOCOL_CONNECTION_LOST',
    'ER_SERVER_SHUTDOWN',
    'ER_CON_COUNT_ERROR',
    'SQLITE_IOERR',
    'SQLITE_IOERR_WRITE',
    'SQLITE_READONLY',
    'SQLITE_READONLY_DBMOVED',
    'SQLITE_CANTOPEN',
  ])('%s, raw or wrapped in a QueryFailedError, is unavailable', (code) => {
    expect(databaseUnavailability(driverError(code))).toBe('unavailable');
    expect(databaseUnavailability(wrapped(driverError(code)))).toBe('unavailable');
  });

  it('tells a full disk apart, on either engine', () => {
    expect(databaseUnavailability(wrapped(driverError('SQLITE_FULL', 'database or disk is full')))).toBe('storage_full');
    expect(databaseUnavailability(driverError('ER_DISK_FULL'))).toBe('storage_full');
    expect(databaseUnavailability(driverError('ER_RECORD_FILE_FULL'))).toBe('storage_full');
  });

  it("knows mysql2's closed pool and connection by their messages (they have no code)", () => {
    expect(isDatabaseUnavailable(new Error('Pool is closed.'))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(new Error("Can't add new command when connection is in closed state")))).toBe(true);
  });

  it('looks into a cause and an AggregateError (a connection tried on several addresses)', () => {
    expect(isDatabaseUnavailable(new Error('start-up failed', { cause: driverError('ECONNREFUSED') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([driverError('ECONNREFUSED'), driverError('ECONNREFUSED')], 'connect'))).toBe(true);
  });

  it('leaves the errors of a request alone: constraint violations, deadlocks, syntax, anything else', () => {
    for (const code of ['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'ER_LOCK_DEADLOCK', 'SQLITE_BUSY', 'ER_PARSE_ERROR', 'ER_NO_SUCH_TABLE']) {
      expect(databaseUnavailability(wrapped(driverError(code)))).toBeNull();
    }
    expect(isDatabaseUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
