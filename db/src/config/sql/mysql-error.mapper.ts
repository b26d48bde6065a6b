import { DbUnavailableError, type WriteOutcome } from '../errors/db-unavailable.error.js';
import { DuplicateError } from '../errors/duplicate.error.js';
import { InUseError } from '../errors/in-use.error.js';
import { InvalidReferenceError } from '../errors/invalid-reference.error.js';
import { ValidationError } from '../errors/validation.error.js';

/** Driver codes that mean "no usable connection to the active master". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED',
  // A read-only server behind db-master (mis-failover to a slave) must not look like success.
  'ER_OPTION_PREVENTS_STATEMENT',
]);

/**
 * MariaDB's ER_CONSTRAINT_FAILED (a CHECK refused the row). mysql2 names codes after MySQL's
 * catalog, where 4025 is something else, so it is recognised by number.
 */
const MARIADB_CHECK_FAILED = 4025;

interface DriverError {
  errno?: unknown;
  code?: unknown;
  fatal?: unknown;
  message?: unknown;
}

function driverError(err: unknown): DriverError | null {
  return typeof err === 'object' && err !== null ? (err as DriverError) : null;
}

/** Whether an error means the database could not be reached (rather than refusing the statement). */
export function isConnectionError(err: unknown): boolean {
  const e = driverError(err);
  if (!e) return false;
  return (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) || e.fatal === true;
}

function quoted(message: string, after: RegExp): string {
  return after.exec(message)?.[1] ?? 'unknown';
}

/**
 * Translates a mysql2 error into the typed error catalog, so callers never parse driver
 * messages. Errors it does not know pass through unchanged.
 */
export function mapMysqlError(err: unknown, outcome: WriteOutcome = 'not-applied'): unknown {
  if (isConnectionError(err)) return new DbUnavailableError(outcome, { cause: err });
  const e = driverError(err);
  const message = typeof e?.message === 'string' ? e.message : '';
  if (e?.errno === MARIADB_CHECK_FAILED || e?.code === 'ER_CHECK_CONSTRAINT_VIOLATED') {
    return new ValidationError([{ path: quoted(message, /CONSTRAINT `([a-z0-9_]+)`/i), message: 'refused by the database check' }], { cause: err });
  }
  switch (e?.code) {
    case 'ER_DUP_ENTRY':
      return new DuplicateError(quoted(message, /for key '(?:[a-z_]+\.)?([a-z0-9_]+)'/i), { cause: err });
    case 'ER_NO_REFERENCED_ROW_2':
    case 'ER_NO_REFERENCED_ROW':
      return new InvalidReferenceError(quoted(message, /CONSTRAINT `([a-z0-9_]+)`/i), { cause: err });
    case 'ER_ROW_IS_REFERENCED_2':
    case 'ER_ROW_IS_REFERENCED':
      return new InUseError(quoted(message, /CONSTRAINT `([a-z0-9_]+)`/i), { cause: err });
    default:
      return err;
  }
}
