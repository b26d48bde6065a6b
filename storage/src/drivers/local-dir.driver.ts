import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dirname, join } from 'node:path';
import { StorageExistsError, StorageIoError, StorageNotFoundError, StorageUnavailableError } from '../errors/storage.errors.js';
import type { StorageError } from '../errors/storage.errors.js';
import type { StorageDirKey, StorageKey } from '../storage-path.js';
import { dirSegments, isKeyName, storageSegments } from '../storage-path.js';
import { hashingTap } from './hashing.tap.js';
import type { FileStat, PutResult, StorageDriver, StorageEntry, StorageSource } from './storage.driver.js';

export interface LocalDirDriverOptions {
  /**
   * Refuse to work unless `root` is a mount point (its device differs from its
   * parent's). Set it for a CIFS mount: when the mount is gone, writes would
   * otherwise land silently on the host's own disk under the empty mount point.
   */
  readonly requireMountPoint?: boolean;
}

/** errno codes a CIFS mount reports while the server is unreachable. */
const UNAVAILABLE = new Set(['EHOSTDOWN', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOTCONN', 'ECONNREFUSED', 'ECONNRESET', 'ESTALE', 'EIO', 'ENODEV']);

function mapFsError(err: unknown, what: string): StorageError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const msg = `${what}: ${(err as Error).message}`;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new StorageNotFoundError(msg, { cause: err });
  if (code === 'EEXIST') return new StorageExistsError(msg, { cause: err });
  if (UNAVAILABLE.has(code)) return new StorageUnavailableError(msg, { cause: err });
  return new StorageIoError(msg, { cause: err });
}

/** Storage in a directory: a CIFS mount of the share (as jtel does), a single-node disk, or the local upload spool. */
export class LocalDirStorageDriver implements StorageDriver {
  readonly kind = 'local-dir';

  constructor(
    private readonly root: string,
    private readonly options: LocalDirDriverOptions = {},
  ) {}

  private path(key: StorageKey): string {
    return join(this.root, ...storageSegments(key));
  }

  private async checkRoot(): Promise<void> {
    try {
      const own = await stat(this.root);
      if (!own.isDirectory()) throw new StorageUnavailableError(`storage root ${this.root} is not a directory`);
      if (this.options.requireMountPoint && own.dev === (await stat(dirname(this.root))).dev) {
        throw new StorageUnavailableError(`storage root ${this.root} is not mounted`);
      }
    } catch (err) {
      if (err instanceof StorageUnavailableError) throw err;
      throw new StorageUnavailableError(`storage root ${this.root} is unreachable: ${(err as Error).message}`, { cause: err });
    }
  }

  async put(key: StorageKey, source: StorageSource): Promise<PutResult> {
    const target = this.path(key);
    await this.checkRoot();
    const tmp = join(dirname(target), `.rw-part-${randomBytes(6).toString('hex')}`);
    const tap = hashingTap();
    try {
      await mkdir(dirname(target), { recursive: true });
      const fh = await open(tmp, 'wx', 0o640);
      try {
        await pipeline(source, tap.stream, async (chunks: AsyncIterable<Buffer>) => {
          for await (const chunk of chunks) await fh.write(chunk);
        });
        // fsync before rename: the spool holds the only copy of a recording until its upload is verified.
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, target);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw mapFsError(err, `put ${target}`);
    }
    return tap.result();
  }

  async get(key: StorageKey): Promise<Readable> {
    const path = this.path(key);
    await this.checkRoot();
    const s = await stat(path).catch((err: unknown) => {
      throw mapFsError(err, `get ${path}`);
    });
    if (!s.isFile()) throw new StorageNotFoundError(`get ${path}: not a file`);
    return createReadStream(path);
  }

  async stat(key: StorageKey): Promise<FileStat | null> {
    const path = this.path(key);
    await this.checkRoot();
    try {
      const s = await stat(path);
      return s.isFile() ? { size: s.size, modifiedAt: s.mtime } : null;
    } catch (err) {
      const mapped = mapFsError(err, `stat ${path}`);
      if (mapped instanceof StorageNotFoundError) return null;
      throw mapped;
    }
  }

  async list(dir: StorageDirKey): Promise<StorageEntry[]> {
    const path = join(this.root, ...dirSegments(dir));
    await this.checkRoot();
    let names: string[];
    try {
      names = (await readdir(path)).filter(isKeyName).sort();
    } catch (err) {
      const mapped = mapFsError(err, `list ${path}`);
      if (mapped instanceof StorageNotFoundError) return [];
      throw mapped;
    }
    const entries: StorageEntry[] = [];
    for (const name of names) {
      try {
        const s = await stat(join(path, name));
        if (s.isFile() || s.isDirectory()) {
          entries.push({ name, type: s.isFile() ? 'file' : 'dir', size: s.isFile() ? s.size : 0, modifiedAt: s.mtime });
        }
      } catch (err) {
        // Deleted between readdir and stat (retention, another host): not an entry any more.
        if (!(mapFsError(err, 'list') instanceof StorageNotFoundError)) throw mapFsError(err, `list ${path}`);
      }
    }
    return entries;
  }

  async delete(key: StorageKey): Promise<boolean> {
    const path = this.path(key);
    await this.checkRoot();
    try {
      await unlink(path);
      return true;
    } catch (err) {
      const mapped = mapFsError(err, `delete ${path}`);
      if (mapped instanceof StorageNotFoundError) return false;
      throw mapped;
    }
  }

  async move(from: StorageKey, to: StorageKey): Promise<void> {
    const src = this.path(from);
    const dst = this.path(to);
    await this.checkRoot();
    try {
      await mkdir(dirname(dst), { recursive: true });
      // link + unlink refuses to overwrite atomically (rename would replace silently).
      await link(src, dst);
      await unlink(src);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw mapFsError(err, `move ${src} -> ${dst}`);
      // Some CIFS mounts refuse hard links: check, then rename (a narrow race, documented in docs/storage.md).
      if (await this.stat(to)) throw new StorageExistsError(`move ${src} -> ${dst}: target exists`);
      await rename(src, dst).catch((e: unknown) => {
        throw mapFsError(e, `move ${src} -> ${dst}`);
      });
    }
  }

  async close(): Promise<void> {}
}
