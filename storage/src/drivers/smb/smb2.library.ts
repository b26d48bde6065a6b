import { createRequire } from 'node:module';
import type { Socket } from 'node:net';

/**
 * The parts of @tryjsky/v9u-smb2 Ringwell uses. The package is CommonJS
 * (`module.exports = SMB2`) while its typings declare an ES default export,
 * which NodeNext cannot construct; so it is loaded with require and typed here.
 *
 * Only the connection set-up (negotiate, NTLMv2 session, tree connect) comes
 * from its high-level API. File I/O goes through its low-level message forge,
 * because the high-level calls misbehave against Samba: unlink/rename open
 * with a wide access mask (WRITE_DAC, FILE_DELETE_CHILD) that Samba refuses
 * on existing files, writeFile refuses to overwrite, readFile buffers the
 * whole file, and none of them notices a dropped connection (callbacks of
 * requests in flight are simply never called).
 */
export interface Smb2Client {
  exists(path: string): Promise<boolean>;
  disconnect(): void;
  /** The library's TCP socket; watched to fail requests in flight when it closes. */
  readonly socket: Socket;
}

export type Smb2Class = new (options: {
  share: string;
  domain: string;
  username: string;
  password: string;
  port?: number;
  autoCloseTimeout?: number;
}) => Smb2Client;

/** Low-level request: (message name, params, client, callback). The error carries the NT status name as `code`. */
export type Smb2Request = (
  message: SmbMessage,
  params: Record<string, unknown>,
  client: Smb2Client,
  cb: (err: (Error & { code?: string }) | null | undefined, result: unknown) => void,
) => void;

export type SmbMessage = 'open' | 'create' | 'create_folder' | 'read' | 'write' | 'close' | 'set_info' | 'query_directory';

const requireCjs = createRequire(import.meta.url);
export const SMB2 = requireCjs('@tryjsky/v9u-smb2') as Smb2Class;
export const smb2Request = (requireCjs('@tryjsky/v9u-smb2/lib/tools/smb2-forge') as { request: Smb2Request }).request;

/** SMB2 access mask bits (MS-SMB2 2.2.13.1.1). */
export const ACCESS = {
  FILE_READ_DATA: 0x00000001,
  FILE_READ_ATTRIBUTES: 0x00000080,
  DELETE: 0x00010000,
  SYNCHRONIZE: 0x00100000,
} as const;

/** CreateDisposition (MS-SMB2 2.2.13). */
export const FILE_CREATE = 0x00000002;

/** FileAttributes bit of a directory (MS-FSCC 2.6). */
export const FILE_ATTRIBUTE_DIRECTORY = 0x10;

/** Largest data payload per WRITE/READ the library's SMB 2.0.2/2.1 dialect allows (no multi-credit requests). */
export const MAX_IO_LENGTH = 0x00010000 - 0x71;

/** Little-endian unsigned 64-bit field as a number (sizes and FILETIMEs fit in 2^53 for Ringwell's purposes). */
export function u64(buf: Buffer): number {
  return Number(buf.readBigUInt64LE(0));
}

/** 8-byte little-endian offset field. */
export function u64Buffer(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

/** Windows FILETIME (100 ns since 1601) to a Date. */
export function fileTime(buf: Buffer): Date {
  return new Date(Number(buf.readBigUInt64LE(0) / 10000n) - 11_644_473_600_000);
}

/** FILE_RENAME_INFORMATION for SMB2 (MS-FSCC 2.4.37): replace flag, reserved, root handle, name length, name. */
export function renameInformation(newPath: string, replace: boolean): Buffer {
  const name = Buffer.from(newPath, 'ucs2');
  const head = Buffer.alloc(20);
  head.writeUInt8(replace ? 1 : 0, 0);
  head.writeUInt32LE(name.length, 16);
  return Buffer.concat([head, name]);
}

/** FILE_DISPOSITION_INFORMATION: delete on close. */
export const DELETE_ON_CLOSE = Buffer.from([1]);
