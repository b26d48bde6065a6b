import type { StatisticsErrorCode } from '../errors/statistics-error.codes.js';

/** A snapshot for /healthz, Prometheus or a test: where every accepted event is right now. */
export interface StatisticsWriterMetrics {
  /** Accepted, in memory, waiting for (or in) a batch to db-master. */
  readonly queued: number;
  /** In the local spool (durable within a few ms of being spooled), waiting for replay. */
  readonly spooled: number;
  readonly spoolSegments: number;
  /** Committed to MariaDB by this writer (a replayed duplicate counts again). */
  readonly written: number;
  /** Refused by MariaDB for their values and set aside in the spool's rejected file. */
  readonly rejected: number;
  readonly batches: number;
  /** False from a failed batch until a batch commits again. */
  readonly dbAvailable: boolean;
  readonly lastErrorCode: StatisticsErrorCode | null;
}
