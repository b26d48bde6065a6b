import { ConfigStoreError } from './config-store.error.js';

/**
 * Whether the refused write may still have happened:
 * - `not-applied`: the database never got (or rolled back) the transaction; safe to retry.
 * - `unknown`: the connection broke during COMMIT; the client must re-read before retrying
 *   (the version tells whether the edit landed).
 */
export type WriteOutcome = 'not-applied' | 'unknown';

/**
 * The active master could not be reached. Admin writes are never queued or kept locally: the
 * admin sees this error, so nothing is accepted and then lost.
 */
export class DbUnavailableError extends ConfigStoreError {
  override readonly name = 'DbUnavailableError';

  constructor(
    readonly outcome: WriteOutcome,
    options?: { cause?: unknown },
  ) {
    const why = options?.cause instanceof Error ? options.cause.message : 'no connection';
    super('RW_ERR_DB_UNAVAILABLE', outcome === 'unknown' ? `connection lost during commit, the outcome is unknown (${why})` : why, options);
  }
}
