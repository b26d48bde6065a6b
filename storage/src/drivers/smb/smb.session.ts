import {
  StorageExistsError,
  StorageIoError,
  StorageNotFoundError,
  StorageUnavailableError,
} from '../../errors/storage.errors.js';
import type { StorageError } from '../../errors/storage.errors.js';
import { SMB2, smb2Request } from './smb2.library.js';
import type { Smb2Client, SmbMessage } from './smb2.library.js';

export interface SmbSessionOptions {
  readonly host: string;
  readonly port: number;
  readonly share: string;
  readonly user: string;
  readonly password: string;
  readonly domain?: string;
  /** Upper bound for connect and for any single request (default 5 s / 30 s). */
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

const NOT_FOUND = new Set(['STATUS_OBJECT_NAME_NOT_FOUND', 'STATUS_OBJECT_PATH_NOT_FOUND', 'STATUS_NO_SUCH_FILE', 'STATUS_NOT_A_DIRECTORY', 'STATUS_DELETE_PENDING']);

/** Translates a library or socket error into the storage error catalog. */
export function mapSmbError(err: unknown, what: string): StorageError {
  const code = (err as { code?: unknown }).code;
  const msg = `${what}: ${(err as Error).message || String(code)}`;
  if (typeof code === 'string' && code.startsWith('STATUS_')) {
    if (NOT_FOUND.has(code)) return new StorageNotFoundError(msg, { cause: err });
    if (code === 'STATUS_OBJECT_NAME_COLLISION') return new StorageExistsError(msg, { cause: err });
    return new StorageIoError(msg, { cause: err });
  }
  // No NT status: the TCP connection failed (refused, reset, closed by HAProxy with no Samba behind it).
  return new StorageUnavailableError(msg, { cause: err });
}

/**
 * One authenticated SMB2 session (TCP connection + tree connect). Requests are
 * promises with a timeout, and when the connection drops every request in
 * flight fails at once with StorageUnavailableError: the library itself would
 * leave their callbacks pending forever. A dead session is never reused.
 */
export class SmbSession {
  private dead = false;
  private readonly pending = new Set<(err: Error) => void>();

  private constructor(
    private readonly client: Smb2Client,
    private readonly requestTimeoutMs: number,
  ) {
    // Many requests are small and answered one by one: Nagle's algorithm would hold them back.
    client.socket.setNoDelay(true);
    client.socket.on('close', () => this.fail(new StorageUnavailableError('SMB connection closed')));
  }

  static async open(o: SmbSessionOptions): Promise<SmbSession> {
    const client = new SMB2({
      share: `\\\\${o.host}\\${o.share}`,
      port: o.port,
      domain: o.domain ?? 'WORKGROUP',
      username: o.user,
      password: o.password,
      autoCloseTimeout: 0,
    });
    const session = new SmbSession(client, o.requestTimeoutMs ?? 30_000);
    const connectTimeout = o.connectTimeoutMs ?? 5_000;
    try {
      // Any high-level call runs the library's negotiate / NTLMv2 / tree-connect sequence.
      await session.guard(client.exists('system'), connectTimeout, `connect to \\\\${o.host}:${o.port}\\${o.share}`);
    } catch (err) {
      session.destroy();
      throw err;
    }
    return session;
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Sends one low-level message; resolves with the parsed response. */
  request<T>(message: SmbMessage, params: Record<string, unknown>, what: string): Promise<T> {
    if (this.dead) return Promise.reject(new StorageUnavailableError(`${what}: SMB connection is closed`));
    const p = new Promise<T>((resolve, reject) => {
      smb2Request(message, params, this.client, (err, result) => (err ? reject(err) : resolve(result as T)));
    });
    return this.guard(p, this.requestTimeoutMs, what);
  }

  private guard<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onFail = (err: Error): void => {
        clearTimeout(timer);
        reject(mapSmbError(err, what));
      };
      const timer = setTimeout(() => {
        // A request without an answer leaves the session in an unknown state: drop it.
        this.fail(new StorageUnavailableError(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.add(onFail);
      p.then(
        (v) => {
          clearTimeout(timer);
          this.pending.delete(onFail);
          resolve(v);
        },
        (err: unknown) => {
          this.pending.delete(onFail);
          onFail(err as Error);
        },
      );
    });
  }

  private fail(err: Error): void {
    if (!this.dead) {
      this.dead = true;
      this.client.socket.destroy();
    }
    const waiting = [...this.pending];
    this.pending.clear();
    for (const reject of waiting) reject(err);
  }

  destroy(): void {
    this.fail(new StorageUnavailableError('SMB session closed by the client'));
    this.client.disconnect();
  }
}
