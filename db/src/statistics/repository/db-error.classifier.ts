/**
 * What a failed insert means for the events in it:
 * - `rejected`: MariaDB refused a value in the batch (too long, out of range, bad date...).
 *   Retrying the same batch would fail forever and block everything behind it, so the writer
 *   splits the batch to find the event and sets it aside.
 * - `unavailable`: anything else (connection refused or lost, timeout, read-only server
 *   during a switch, deadlock, missing table before migrations ran). Retried, never dropped.
 */
export type DbFailureKind = 'rejected' | 'unavailable';

// Server errors caused by one row's values. Everything not listed is retried: an unknown
// error keeps events waiting in the spool (visible in metrics), never sets them aside wrongly.
const ROW_DATA_ERRNOS = new Set([
  1048, // ER_BAD_NULL_ERROR
  1264, // ER_WARN_DATA_OUT_OF_RANGE
  1265, // WARN_DATA_TRUNCATED
  1292, // ER_TRUNCATED_WRONG_VALUE (bad datetime)
  1366, // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (bad number or charset)
  1406, // ER_DATA_TOO_LONG
  1452, // ER_NO_REFERENCED_ROW_2
  4025, // ER_CONSTRAINT_FAILED (CHECK)
]);

export function classifyDbError(err: unknown): DbFailureKind {
  const errno = (err as { errno?: unknown } | null)?.errno;
  return typeof errno === 'number' && ROW_DATA_ERRNOS.has(errno) ? 'rejected' : 'unavailable';
}

/** The fields of a driver error worth logging, without the SQL (it holds the values). */
export function describeDbError(err: unknown): { code: string | undefined; errno: number | undefined; message: string } {
  const e = err as { code?: unknown; errno?: unknown; message?: unknown } | null;
  return {
    code: typeof e?.code === 'string' ? e.code : undefined,
    errno: typeof e?.errno === 'number' ? e.errno : undefined,
    message: typeof e?.message === 'string' ? e.message.slice(0, 300) : String(err),
  };
}
