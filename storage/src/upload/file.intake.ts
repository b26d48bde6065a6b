import type { LocalDirStorageDriver } from '../drivers/local-dir.driver.js';
import type { StorageSource } from '../drivers/storage.driver.js';
import { keyPath } from '../storage-path.js';
import type { TenantStorageKey } from '../storage-path.js';
import type { StoredFile, StoredFileRepository } from './stored-file.repository.js';
import type { UploadQueue } from './upload.queue.js';
import type { StorageLogger } from './storage.logger.js';

/**
 * Where a recording or voicemail enters storage on the host that produced it:
 * written (and fsynced) to the local spool first, so a share outage never
 * loses it, then recorded as a `local` row and queued for upload.
 */
export class FileIntake {
  constructor(
    private readonly spool: LocalDirStorageDriver,
    private readonly files: StoredFileRepository,
    private readonly queue: UploadQueue,
    private readonly spoolNode: string,
    private readonly logger: StorageLogger,
  ) {}

  async store(key: TenantStorageKey, source: StorageSource): Promise<StoredFile> {
    const path = keyPath(key);
    const written = await this.spool.put(key, source);
    const row = await this.files.insertLocal({
      tenantId: key.tenantId,
      kind: key.kind,
      storageKey: path,
      sizeBytes: written.size,
      sha256: written.sha256,
      spoolNode: this.spoolNode,
    });
    try {
      // ioredis queues commands while Redis is away; do not hold the caller (a call ending) for that.
      await Promise.race([
        this.queue.enqueue(row),
        new Promise((_, reject) => setTimeout(() => reject(new Error('enqueue timed out after 5 s')), 5000).unref()),
      ]);
    } catch (err) {
      // The row says `local`: the worker's sweep enqueues it once Redis answers again.
      this.logger.warn({ err, fileId: row.id }, 'could not enqueue upload; the sweep will');
    }
    return row;
  }
}
