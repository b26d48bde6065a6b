import type { StoredRow } from './stored-row.model.js';

/**
 * A tenant-defined pause reason. `code` is the ACD domain's open `PauseReason` string, as
 * agent history and statistics store it; rows are deactivated, not deleted, so old figures
 * that name a code stay readable.
 */
export interface PauseReasonSettings {
  readonly code: string;
  readonly label: string;
  /** Paid pauses (training, back-office) count as working time in reports. */
  readonly paid: boolean;
  /** Supervisor alert threshold; null: no limit. */
  readonly maxSeconds: number | null;
  readonly active: boolean;
}

export type PauseReason = StoredRow<PauseReasonSettings>;
