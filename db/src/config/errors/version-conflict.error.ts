import { ConfigStoreError } from './config-store.error.js';

/**
 * An admin saved a row based on an old read. Carries the current version so the client can
 * re-read, show what changed and let the admin decide; the write was not applied.
 */
export class VersionConflictError extends ConfigStoreError {
  override readonly name = 'VersionConflictError';

  constructor(
    readonly entity: string,
    readonly id: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super('RW_ERR_VERSION_CONFLICT', `${entity} ${id} is at version ${currentVersion}, the edit was based on ${expectedVersion}`);
  }
}
