/**
 * Stable error catalog of the statistics writer (fastify `FST_ERR_*` style). A code never
 * changes meaning once released; logs and the metrics' `lastErrorCode` carry it, so alerts
 * can match on it.
 */
export const STATISTICS_ERRORS = {
  STATS_ERR_INVALID_EVENT: { message: 'statistics event is invalid' },
  STATS_ERR_WRITER_CLOSED: { message: 'statistics writer is closed' },
  STATS_ERR_DB_UNAVAILABLE: { message: 'db-master is unavailable; events are spooled' },
  STATS_ERR_EVENT_REJECTED: { message: 'the database refused an event; it was moved to the rejected file' },
  STATS_ERR_SPOOL_IO: { message: 'statistics spool I/O failed' },
  STATS_ERR_SPOOL_CORRUPT: { message: 'statistics spool holds an unreadable line; it was moved to the rejected file' },
  STATS_ERR_SPOOL_LOCKED: { message: 'statistics spool directory is used by another live process' },
} as const;

export type StatisticsErrorCode = keyof typeof STATISTICS_ERRORS;
