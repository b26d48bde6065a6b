import { ConfigStoreError } from './config-store.error.js';

/** A unique column (name, extension, number) is already taken. `key` is the database key name. */
export class DuplicateError extends ConfigStoreError {
  override readonly name = 'DuplicateError';

  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super('RW_ERR_DUPLICATE', key, options);
  }
}
