import { access, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { StorageKey } from '../storage-path.js';
import { storageSegments } from '../storage-path.js';
import type { StorageDriver } from './storage.driver.js';

/** Storage in a directory: a CIFS mount of the share (as jtel does) or a single-node disk. */
export class LocalDirStorageDriver implements StorageDriver {
  constructor(private readonly root: string) {}

  private path(key: StorageKey): string {
    return join(this.root, ...storageSegments(key));
  }

  async putBuffer(key: StorageKey, data: Buffer): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const tmp = `${target}.part-${process.pid}`;
    await writeFile(tmp, data);
    await rename(tmp, target);
  }

  getBuffer(key: StorageKey): Promise<Buffer> {
    return readFile(this.path(key));
  }

  async exists(key: StorageKey): Promise<boolean> {
    try {
      await access(this.path(key));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  delete(key: StorageKey): Promise<void> {
    return unlink(this.path(key));
  }

  async close(): Promise<void> {}
}
