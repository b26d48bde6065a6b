import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { StorageDirKey, StorageKey } from '../storage-path.js';
import type { PutResult, StorageDriver, StorageEntry } from './storage.driver.js';

/** Stores a small in-memory file (prompts, configs). Large files go through `put` with a stream. */
export function putBuffer(driver: StorageDriver, key: StorageKey, data: Buffer): Promise<PutResult> {
  return driver.put(key, Readable.from([data]));
}

/** Reads a whole file into memory: only for small files. */
export async function getBuffer(driver: StorageDriver, key: StorageKey): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await driver.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Size and SHA-256 of a stream, read once without holding it. */
export async function hashStream(source: AsyncIterable<Uint8Array>): Promise<PutResult> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Size and SHA-256 of a stored file, read back from the backend. */
export async function hashStored(driver: StorageDriver, key: StorageKey): Promise<PutResult> {
  return hashStream(await driver.get(key));
}

/** A file found by `walkFiles`, with the sub-directories below the walked directory. */
export interface WalkedFile extends StorageEntry {
  readonly dir: readonly string[];
}

/** Every file below a directory, depth first, directory by directory (never the whole tree in memory). */
export async function* walkFiles(driver: StorageDriver, dir: Exclude<StorageDirKey, { scope: 'tenants' }>): AsyncGenerator<WalkedFile> {
  const base = dir.dir ?? [];
  for (const entry of await driver.list(dir)) {
    if (entry.type === 'file') yield { ...entry, dir: base };
    else yield* walkFiles(driver, { ...dir, dir: [...base, entry.name] });
  }
}
