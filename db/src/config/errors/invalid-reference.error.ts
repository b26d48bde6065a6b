import { ConfigStoreError } from './config-store.error.js';

/**
 * The write names a row that does not exist in the tenant: a missing id, or another tenant's
 * (the composite (tenant_id, id) foreign keys refuse both alike).
 */
export class InvalidReferenceError extends ConfigStoreError {
  override readonly name = 'InvalidReferenceError';

  constructor(detail: string, options?: { cause?: unknown }) {
    super('RW_ERR_INVALID_REFERENCE', detail, options);
  }
}
