import { STATISTICS_ERRORS, type StatisticsErrorCode } from './statistics-error.codes.js';

/**
 * Base of every statistics error, so callers catch the family with one `instanceof` and
 * logs carry a stable `code`. Outage-related errors are never thrown to the writer's
 * callers (they are logged and counted); only misuse (invalid event, closed writer) is.
 */
export class StatisticsError extends Error {
  override readonly name: string = 'StatisticsError';
  readonly code: StatisticsErrorCode;

  constructor(code: StatisticsErrorCode, detail?: string, options?: { cause?: unknown }) {
    const entry = STATISTICS_ERRORS[code];
    super(detail === undefined ? entry.message : `${entry.message}: ${detail}`, options);
    this.code = code;
  }
}
