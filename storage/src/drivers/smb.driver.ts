import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { StorageExistsError, StorageNotFoundError } from '../errors/storage.errors.js';
import type { StorageDirKey, StorageKey } from '../storage-path.js';
import { dirSegments, isKeyName, storageSegments } from '../storage-path.js';
import { rechunk } from './rechunk.js';
import { SmbSession } from './smb/smb.session.js';
import type { SmbSessionOptions } from './smb/smb.session.js';
import {
  ACCESS,
  DELETE_ON_CLOSE,
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_CREATE,
  MAX_IO_LENGTH,
  fileTime,
  renameInformation,
  u64,
  u64Buffer,
} from './smb/smb2.library.js';
import type { FileStat, PutResult, StorageDriver, StorageEntry, StorageSource } from './storage.driver.js';

export type SmbDriverOptions = SmbSessionOptions & {
  /** WRITE/READ requests kept in flight per transfer (default 8): hides the round trip per 64 KiB. */
  readonly window?: number;
};

/** The CREATE response fields Ringwell reads (MS-SMB2 2.2.14). */
interface CreateResponse {
  FileId: Buffer;
  EndofFile: Buffer;
  LastWriteTime: Buffer;
  FileAttributes: Buffer | number;
}

/** One entry of FileIdBothDirectoryInformation as parsed by the library. */
interface DirectoryEntry {
  Filename: string;
  EndofFile: Buffer;
  LastWriteTime: Buffer;
  FileAttributes: number;
}

const attrs = (a: Buffer | number): number => (typeof a === 'number' ? a : a.readUInt32LE(0));

/**
 * Storage on an SMB share through a pure-Node SMB2 client (NTLMv2; works with
 * Samba's defaults once Samba's async I/O is off). File I/O is chunked over
 * the library's low-level CREATE/READ/WRITE/CLOSE/SET_INFO messages with the
 * least access each operation needs (see smb2.library.ts for why), and a
 * window of requests in flight. One session is shared by all operations and
 * re-established on the next call after the share was unreachable.
 */
export class SmbStorageDriver implements StorageDriver {
  readonly kind = 'smb';
  private session: Promise<SmbSession> | null = null;
  private readonly knownDirs = new Set<string>();
  private readonly window: number;

  constructor(private readonly options: SmbDriverOptions) {
    this.window = Math.max(1, options.window ?? 8);
  }

  private async connect(): Promise<SmbSession> {
    const current = this.session ? await this.session.catch(() => null) : null;
    if (current?.alive) return current;
    const next = SmbSession.open(this.options);
    this.session = next;
    // A failed connect is not cached: the next call tries again (the share may be back).
    next.catch(() => {
      if (this.session === next) this.session = null;
    });
    return next;
  }

  /** Creates each missing directory of `segments`; remembers what exists to save round trips. */
  private async ensureDir(s: SmbSession, segments: readonly string[]): Promise<void> {
    let path = '';
    for (const seg of segments) {
      path = path ? `${path}\\${seg}` : seg;
      if (this.knownDirs.has(path)) continue;
      try {
        const dir = await s.request<CreateResponse>('create_folder', { path }, `mkdir ${path}`);
        await s.request('close', { FileId: dir.FileId }, `close ${path}`);
      } catch (err) {
        // Already there (or created by another writer in the meantime).
        if (!(err instanceof StorageExistsError)) throw err;
      }
      this.knownDirs.add(path);
    }
  }

  async put(key: StorageKey, source: StorageSource): Promise<PutResult> {
    const segs = storageSegments(key);
    const s = await this.connect();
    const dir = segs.slice(0, -1);
    const target = segs.join('\\');
    const tmp = [...dir, `.rw-part-${randomBytes(6).toString('hex')}`].join('\\');
    let file: CreateResponse;
    try {
      await this.ensureDir(s, dir);
      file = await s.request<CreateResponse>('create', { path: tmp, createDisposition: FILE_CREATE }, `create ${tmp}`);
    } catch (err) {
      // A folder removed behind our back (retention, an operator): forget what we knew and try once more.
      if (!(err instanceof StorageNotFoundError)) throw err;
      this.knownDirs.clear();
      await this.ensureDir(s, dir);
      file = await s.request<CreateResponse>('create', { path: tmp, createDisposition: FILE_CREATE }, `create ${tmp}`);
    }
    const hash = createHash('sha256');
    let offset = 0;
    try {
      const inFlight = new Set<Promise<unknown>>();
      for await (const chunk of rechunk(source, MAX_IO_LENGTH)) {
        hash.update(chunk);
        const p = s.request('write', { FileId: file.FileId, Offset: u64Buffer(offset), Buffer: chunk }, `write ${tmp}`);
        offset += chunk.length;
        inFlight.add(p);
        void p.then(
          () => inFlight.delete(p),
          () => inFlight.delete(p),
        );
        // Surface a failed write at once, and keep at most `window` writes outstanding.
        if (inFlight.size >= this.window) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      await s.request('close', { FileId: file.FileId }, `close ${tmp}`);
    } catch (err) {
      if (s.alive) {
        await s.request('close', { FileId: file.FileId }, `close ${tmp}`).catch(() => undefined);
        await this.deletePath(s, tmp).catch(() => undefined);
      }
      throw err;
    }
    try {
      await this.setInfo(s, tmp, ACCESS.DELETE | ACCESS.FILE_READ_ATTRIBUTES | ACCESS.SYNCHRONIZE, 'FileRenameInformation', renameInformation(target, true));
    } catch (err) {
      if (s.alive) await this.deletePath(s, tmp).catch(() => undefined);
      throw err;
    }
    return { size: offset, sha256: hash.digest('hex') };
  }

  async get(key: StorageKey): Promise<Readable> {
    const path = storageSegments(key).join('\\');
    const s = await this.connect();
    const file = await s.request<CreateResponse>(
      'open',
      { path, desiredAccess: ACCESS.FILE_READ_DATA | ACCESS.FILE_READ_ATTRIBUTES | ACCESS.SYNCHRONIZE },
      `open ${path}`,
    );
    if (attrs(file.FileAttributes) & FILE_ATTRIBUTE_DIRECTORY) {
      await s.request('close', { FileId: file.FileId }, `close ${path}`);
      throw new StorageNotFoundError(`get ${path}: is a directory`);
    }
    return Readable.from(this.readChunks(s, path, file.FileId, u64(file.EndofFile)), { objectMode: false });
  }

  /** Reads with up to `window` READs in flight, yielding in order; closes the handle however the reader ends. */
  private async *readChunks(s: SmbSession, path: string, fileId: Buffer, size: number): AsyncGenerator<Buffer> {
    const ahead: Array<Promise<Buffer>> = [];
    let next = 0;
    const issue = (): void => {
      while (ahead.length < this.window && next < size) {
        const length = Math.min(MAX_IO_LENGTH, size - next);
        const p = s.request<Buffer>('read', { FileId: fileId, Length: length, Offset: u64Buffer(next) }, `read ${path}`);
        // Rejections are awaited in order below; this only keeps an early one from being "unhandled".
        p.catch(() => undefined);
        ahead.push(p);
        next += length;
      }
    };
    try {
      issue();
      while (ahead.length > 0) {
        const chunk = await (ahead.shift() as Promise<Buffer>);
        issue();
        yield chunk;
      }
    } finally {
      await Promise.allSettled(ahead);
      if (s.alive) await s.request('close', { FileId: fileId }, `close ${path}`).catch(() => undefined);
    }
  }

  async stat(key: StorageKey): Promise<FileStat | null> {
    const path = storageSegments(key).join('\\');
    const s = await this.connect();
    let file: CreateResponse;
    try {
      file = await s.request<CreateResponse>('open', { path, desiredAccess: ACCESS.FILE_READ_ATTRIBUTES | ACCESS.SYNCHRONIZE }, `stat ${path}`);
    } catch (err) {
      if (err instanceof StorageNotFoundError) return null;
      throw err;
    }
    await s.request('close', { FileId: file.FileId }, `close ${path}`);
    if (attrs(file.FileAttributes) & FILE_ATTRIBUTE_DIRECTORY) return null;
    return { size: u64(file.EndofFile), modifiedAt: fileTime(file.LastWriteTime) };
  }

  async list(dirKey: StorageDirKey): Promise<StorageEntry[]> {
    const path = dirSegments(dirKey).join('\\');
    const s = await this.connect();
    let dir: CreateResponse;
    try {
      dir = await s.request<CreateResponse>(
        'open',
        { path, desiredAccess: ACCESS.FILE_READ_DATA | ACCESS.FILE_READ_ATTRIBUTES | ACCESS.SYNCHRONIZE },
        `list ${path}`,
      );
    } catch (err) {
      if (err instanceof StorageNotFoundError) return [];
      throw err;
    }
    const entries: StorageEntry[] = [];
    try {
      if (!(attrs(dir.FileAttributes) & FILE_ATTRIBUTE_DIRECTORY)) return [];
      for (;;) {
        let batch: DirectoryEntry[];
        try {
          batch = await s.request<DirectoryEntry[]>('query_directory', { FileId: dir.FileId }, `list ${path}`);
        } catch (err) {
          if ((err as Error).message.includes('STATUS_NO_MORE_FILES')) break;
          throw err;
        }
        for (const e of batch) {
          if (!isKeyName(e.Filename)) continue;
          const isDir = (e.FileAttributes & FILE_ATTRIBUTE_DIRECTORY) !== 0;
          entries.push({ name: e.Filename, type: isDir ? 'dir' : 'file', size: isDir ? 0 : u64(e.EndofFile), modifiedAt: fileTime(e.LastWriteTime) });
        }
      }
    } finally {
      if (s.alive) await s.request('close', { FileId: dir.FileId }, `close ${path}`).catch(() => undefined);
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async delete(key: StorageKey): Promise<boolean> {
    const path = storageSegments(key).join('\\');
    const s = await this.connect();
    try {
      await this.deletePath(s, path);
      return true;
    } catch (err) {
      if (err instanceof StorageNotFoundError) return false;
      throw err;
    }
  }

  async move(from: StorageKey, to: StorageKey): Promise<void> {
    const src = storageSegments(from).join('\\');
    const dstSegs = storageSegments(to);
    const s = await this.connect();
    await this.ensureDir(s, dstSegs.slice(0, -1));
    const access = ACCESS.DELETE | ACCESS.FILE_READ_ATTRIBUTES | ACCESS.SYNCHRONIZE;
    await this.setInfo(s, src, access, 'FileRenameInformation', renameInformation(dstSegs.join('\\'), false));
  }

  /**
   * Opens with DELETE access only and sets delete-on-close. The library's own
   * unlink opens with a wide access mask that Samba refuses on existing files.
   */
  private deletePath(s: SmbSession, path: string): Promise<void> {
    return this.setInfo(s, path, ACCESS.DELETE | ACCESS.FILE_READ_ATTRIBUTES, 'FileDispositionInformation', DELETE_ON_CLOSE);
  }

  /** Opens `path` with exactly `access`, sets one file-information class, closes. */
  private async setInfo(s: SmbSession, path: string, access: number, infoClass: string, info: Buffer): Promise<void> {
    const file = await s.request<CreateResponse>('open', { path, desiredAccess: access }, `open ${path}`);
    try {
      await s.request('set_info', { FileId: file.FileId, FileInfoClass: infoClass, Buffer: info }, `${infoClass} ${path}`);
    } finally {
      if (s.alive) await s.request('close', { FileId: file.FileId }, `close ${path}`).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const s = this.session ? await this.session.catch(() => null) : null;
    this.session = null;
    s?.destroy();
  }
}
