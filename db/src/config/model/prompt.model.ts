import type { StoredRow } from './stored-row.model.js';

/**
 * An announcement or music file. The row holds only the storage key (a path in the tenant's
 * `prompts` folder of the file store, as `keyPath` in @ringwell/storage writes it), never audio.
 */
export interface PromptSettings {
  readonly name: string;
  /** `tenants/<tenantId>/prompts/<name>` (optionally with sub-folders before the name). */
  readonly storageKey: string;
  readonly contentType: string;
}

export type Prompt = StoredRow<PromptSettings>;
