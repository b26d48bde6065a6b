import type { Readable } from 'node:stream';
import type { StorageDirKey, StorageKey } from '../storage-path.js';

/** What a finished `put` wrote: counted and hashed from the bytes actually sent. */
export interface PutResult {
  readonly size: number;
  /** Lower-case hex SHA-256 of the content. */
  readonly sha256: string;
}

export interface FileStat {
  readonly size: number;
  readonly modifiedAt: Date;
}

export interface StorageEntry {
  /** A name a key can address; temporary upload files are never listed. */
  readonly name: string;
  readonly type: 'file' | 'dir';
  /** 0 for directories. */
  readonly size: number;
  readonly modifiedAt: Date;
}

/** Bytes to store: a Node stream or any async iterable of chunks. */
export type StorageSource = Readable | AsyncIterable<Uint8Array>;

/**
 * What every storage backend (SMB share, mounted directory) offers. Content
 * moves as streams, never whole buffers, because recordings are large
 * (about 110 MB per recorded hour). Errors are `StorageError`s.
 */
export interface StorageDriver {
  readonly kind: 'smb' | 'local-dir';
  /**
   * Stores `source` under `key`, replacing any existing file atomically
   * (written under a temporary name, then renamed): readers never see half a file.
   */
  put(key: StorageKey, source: StorageSource): Promise<PutResult>;
  /** A stream of the file's content; rejects with StorageNotFoundError when it is missing. */
  get(key: StorageKey): Promise<Readable>;
  /** Size and modification time, or null when the file does not exist. */
  stat(key: StorageKey): Promise<FileStat | null>;
  /** Entries of a directory; an empty list when it does not exist. */
  list(dir: StorageDirKey): Promise<StorageEntry[]>;
  /** Removes the file; false when there was none. */
  delete(key: StorageKey): Promise<boolean>;
  /** Renames `from` to `to`, creating `to`'s directories; never overwrites (StorageExistsError). */
  move(from: StorageKey, to: StorageKey): Promise<void>;
  close(): Promise<void>;
}
