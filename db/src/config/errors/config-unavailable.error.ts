import { ConfigStoreError } from './config-store.error.js';

/** The cache could start from neither the database nor its file: the server cannot serve calls. */
export class ConfigUnavailableError extends ConfigStoreError {
  override readonly name = 'ConfigUnavailableError';

  constructor(detail: string, options?: { cause?: unknown }) {
    super('RW_ERR_CONFIG_UNAVAILABLE', detail, options);
  }
}
