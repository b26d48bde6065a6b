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
  unlink(path: string): Promise<void>;
  disconnect(): void;
}
type Smb2Class = new (options: {
  share: string;
  domain: string;
  username: string;
  password: string;
  port?: number;
  autoCloseTimeout?: number;
}) => Smb2Client;
const SMB2 = createRequire(import.meta.url)('@tryjsky/v9u-smb2') as Smb2Class;

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

  async putBuffer(key: StorageKey, data: Buffer): Promise<void> {
    const segs = storageSegments(key);
    await this.ensureDir(segs.slice(0, -1));
    await this.client.writeFile(segs.join('\\'), data);
  }

  async getBuffer(key: StorageKey): Promise<Buffer> {
    return this.client.readFile(storageSegments(key).join('\\'));
  }

  async exists(key: StorageKey): Promise<boolean> {
    return this.client.exists(storageSegments(key).join('\\'));
  }

  async delete(key: StorageKey): Promise<void> {
    await this.client.unlink(storageSegments(key).join('\\'));
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
