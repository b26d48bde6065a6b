import type { StoredRow } from './stored-row.model.js';

/** A code an agent sets on a finished call; deactivated rather than deleted, like pause reasons. */
export interface DispositionCodeSettings {
  readonly code: string;
  readonly label: string;
  readonly active: boolean;
}

export type DispositionCode = StoredRow<DispositionCodeSettings>;
