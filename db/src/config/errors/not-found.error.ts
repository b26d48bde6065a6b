import { ConfigStoreError } from './config-store.error.js';

/** The row does not exist, or exists in another tenant (never revealed as such). */
export class NotFoundError extends ConfigStoreError {
  override readonly name = 'NotFoundError';

  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super('RW_ERR_NOT_FOUND', `${entity} ${id}`);
  }
}
