import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { StorageKey } from '../storage-path.js';
import { storageSegments } from '../storage-path.js';
import type { StorageDriver } from './storage.driver.js';

/**
 * The part of @tryjsky/v9u-smb2 we use. The package is CommonJS
 * (`module.exports = SMB2`) while its typings declare an ES default export,
 * which NodeNext cannot construct; so it is loaded with require and typed here.
 */
interface Smb2Client {
  exists(path: string): Promise<boolean>;
  mkdir(path: string): Promise<void>;
  writeFile(path: string, data: Buffer): Promise<void>;
  readFile(path: string): Promise<Buffer>;
  disconnect(): void;
}

/** The library's low-level request function: (message name, params, client, callback). */
type Smb2Request = (
  message: string,
  params: Record<string, unknown>,
  client: Smb2Client,
  cb: (err: Error | null | undefined, result: { FileId: Buffer }) => void,
) => void;
type Smb2Class = new (options: {
  share: string;
  domain: string;
  username: string;
  password: string;
  port?: number;
  autoCloseTimeout?: number;
}) => Smb2Client;
const requireCjs = createRequire(import.meta.url);
const SMB2 = requireCjs('@tryjsky/v9u-smb2') as Smb2Class;
const smb2Request = (requireCjs('@tryjsky/v9u-smb2/lib/tools/smb2-forge') as { request: Smb2Request }).request;
const Smb2BigInt = requireCjs('@tryjsky/v9u-smb2/lib/tools/bigint') as new (size: number, value: number) => { toBuffer(): Buffer };

/** SMB2 access mask bits (MS-SMB2 2.2.13.1.1). */
const DELETE = 0x00010000;
const FILE_READ_ATTRIBUTES = 0x00000080;
const SYNCHRONIZE = 0x00100000;

/** FILE_RENAME_INFORMATION for SMB2 (MS-FSCC 2.4.37): replace flag, reserved, root handle, name. */
function renameInformation(newPath: string, replace: boolean): Buffer {
  const name = Buffer.from(newPath, 'ucs2');
  const head = Buffer.alloc(20);
  head.writeUInt8(replace ? 1 : 0, 0);
  head.writeUInt32LE(name.length, 16);
  return Buffer.concat([head, name]);
}

export interface SmbDriverOptions {
  readonly host: string;
  readonly port: number;
  readonly share: string;
  readonly user: string;
  readonly password: string;
  readonly domain?: string;
}

/**
 * Storage on an SMB share through a pure-Node SMB2 client (NTLMv2; works with
 * Samba's defaults once Samba's async I/O is off).
 */
export class SmbStorageDriver implements StorageDriver {
  private readonly client: Smb2Client;

  constructor(options: SmbDriverOptions) {
    this.client = new SMB2({
      share: `\\\\${options.host}\\${options.share}`,
      port: options.port,
      domain: options.domain ?? 'WORKGROUP',
      username: options.user,
      password: options.password,
      autoCloseTimeout: 0,
    });
  }

  private async ensureDir(segments: readonly string[]): Promise<void> {
    let path = '';
    for (const seg of segments) {
      path = path ? `${path}\\${seg}` : seg;
      if (!(await this.client.exists(path))) {
        try {
          await this.client.mkdir(path);
        } catch (err) {
          // Another writer may have created it between exists() and mkdir().
          if (!(await this.client.exists(path))) throw err;
        }
      }
    }
  }

  /**
   * Writes to a temporary name, then renames over the target: readers never
   * see half a file, and an existing file is replaced (the library's writeFile
   * alone refuses to overwrite).
   */
  async putBuffer(key: StorageKey, data: Buffer): Promise<void> {
    const segs = storageSegments(key);
    await this.ensureDir(segs.slice(0, -1));
    const target = segs.join('\\');
    const tmp = `${target}.part-${randomBytes(6).toString('hex')}`;
    await this.client.writeFile(tmp, data);
    try {
      await this.withHandle(tmp, DELETE | FILE_READ_ATTRIBUTES | SYNCHRONIZE, 'FileRenameInformation', renameInformation(target, true));
    } catch (err) {
      await this.deletePath(tmp).catch(() => undefined);
      throw err;
    }
  }

  async getBuffer(key: StorageKey): Promise<Buffer> {
    return this.client.readFile(storageSegments(key).join('\\'));
  }

  async exists(key: StorageKey): Promise<boolean> {
    return this.client.exists(storageSegments(key).join('\\'));
  }

  delete(key: StorageKey): Promise<void> {
    return this.deletePath(storageSegments(key).join('\\'));
  }

  /**
   * Opens with DELETE access only and sets delete-on-close. The library's own
   * unlink and rename open with a wide access mask (incl. WRITE_DAC and
   * FILE_DELETE_CHILD) that Samba refuses on existing files (STATUS_ACCESS_DENIED).
   */
  private deletePath(path: string): Promise<void> {
    return this.withHandle(path, DELETE | FILE_READ_ATTRIBUTES, 'FileDispositionInformation', new Smb2BigInt(1, 1).toBuffer());
  }

  /** Opens `path` with exactly `access`, sets one file-information class, closes. */
  private withHandle(path: string, access: number, infoClass: string, info: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      smb2Request('open', { path, desiredAccess: access }, this.client, (err, file) => {
        if (err) return reject(err);
        smb2Request('set_info', { FileId: file.FileId, FileInfoClass: infoClass, Buffer: info }, this.client, (setErr) =>
          smb2Request('close', { FileId: file.FileId }, this.client, () => (setErr ? reject(setErr) : resolve())),
        );
      });
    });
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
