import type { StorageKey } from '../storage-path.js';

/** What every storage backend (SMB share, mounted directory) offers. */
export interface StorageDriver {
  putBuffer(key: StorageKey, data: Buffer): Promise<void>;
  getBuffer(key: StorageKey): Promise<Buffer>;
  exists(key: StorageKey): Promise<boolean>;
  delete(key: StorageKey): Promise<void>;
  close(): Promise<void>;
}
