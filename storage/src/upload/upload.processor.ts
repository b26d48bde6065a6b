import { StorageVerifyError } from '../errors/storage.errors.js';
import type { LocalDirStorageDriver } from '../drivers/local-dir.driver.js';
import type { StorageDriver } from '../drivers/storage.driver.js';
import { hashStored } from '../drivers/storage.helpers.js';
import { parseKeyPath } from '../storage-path.js';
import type { StoredFileRepository } from './stored-file.repository.js';

export type UploadOutcome =
  | { readonly status: 'uploaded'; readonly size: number; readonly sha256: string }
  /** The row is no longer local: done earlier (a retried job after a crash). */
  | { readonly status: 'already-done' }
  /** The local copy was gone but the share already held a verified copy: the row now points there. */
  | { readonly status: 'recovered' }
  /** The file was re-written while this upload ran; its newer job uploads it. */
  | { readonly status: 'superseded' }
  | { readonly status: 'no-such-file' };

/**
 * A failure retrying cannot cure (the local copy is missing or differs from
 * what was recorded). Nothing is deleted; the row keeps its last error.
 */
export class UploadRejectedError extends Error {
  override readonly name = 'UploadRejectedError';
  readonly code = 'RW_ERR_UPLOAD_REJECTED';
}

/**
 * Moves one file from a host's spool to the share. The order is what makes it
 * lossless: upload (temp name + rename), verify size by stat and SHA-256 by
 * reading the share's copy back, point the row at the share, and only then
 * delete the local copy. A crash or outage at any step leaves the local copy
 * and a row that still says `local`, so the job (or the sweep) simply runs again;
 * re-uploading writes the same name, so the share ends with exactly one copy.
 */
export class UploadProcessor {
  constructor(
    private readonly spool: LocalDirStorageDriver,
    private readonly share: StorageDriver,
    private readonly files: StoredFileRepository,
  ) {}

  async process(fileId: number): Promise<UploadOutcome> {
    const row = await this.files.findById(fileId);
    if (!row) return { status: 'no-such-file' };
    if (row.location !== 'local') return { status: 'already-done' };
    const key = parseKeyPath(row.storageKey);

    const local = await this.spool.stat(key);
    if (!local) {
      // Crashed after verifying but before updating the row? Then the share has it.
      if (await this.shareMatches(key, row.sizeBytes, row.sha256)) {
        return (await this.files.markUploaded(row.id, row.version)) ? { status: 'recovered' } : { status: 'superseded' };
      }
      throw new UploadRejectedError(`local copy of ${row.storageKey} is missing and the share has no verified copy`);
    }
    if (local.size !== row.sizeBytes) {
      throw new UploadRejectedError(`local copy of ${row.storageKey} has ${local.size} bytes, the row says ${row.sizeBytes}`);
    }

    const sent = await this.share.put(key, await this.spool.get(key));
    if (sent.size !== row.sizeBytes || sent.sha256 !== row.sha256) {
      throw new UploadRejectedError(`local copy of ${row.storageKey} does not match its recorded SHA-256 (corrupt spool?)`);
    }
    if (!(await this.shareMatches(key, row.sizeBytes, row.sha256))) {
      // The share's copy is wrong although we sent the right bytes: retryable, the next attempt rewrites it.
      throw new StorageVerifyError(`share copy of ${row.storageKey} failed verification after upload`);
    }
    if (!(await this.files.markUploaded(row.id, row.version))) return { status: 'superseded' };
    await this.spool.delete(key);
    return { status: 'uploaded', size: sent.size, sha256: sent.sha256 };
  }

  private async shareMatches(key: ReturnType<typeof parseKeyPath>, size: number, sha256: string): Promise<boolean> {
    const st = await this.share.stat(key);
    if (!st || st.size !== size) return false;
    return (await hashStored(this.share, key)).sha256 === sha256;
  }
}
