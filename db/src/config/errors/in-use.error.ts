import { ConfigStoreError } from './config-store.error.js';

/** A delete was refused because other configuration still points at the row. */
export class InUseError extends ConfigStoreError {
  override readonly name = 'InUseError';

  constructor(detail: string, options?: { cause?: unknown }) {
    super('RW_ERR_IN_USE', detail, options);
  }
}
