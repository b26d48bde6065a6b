import { createRequire } from 'node:module';
import { getSystemErrorName } from 'node:util';
import { normaliseAddress } from './transport.types.js';

/**
 * The native UDP socket (`native/udp-socket.c`, built by `native/build.sh` into
 * `native/build/udp-socket.node`): datagrams arrive in batches, one call into JavaScript per
 * batch, and a send is one `sendto`. Measured against dgram with the same minimal responder under
 * sipp: about 45 instead of 78 µs of CPU per call (docs/sip-stack.md, "Native UDP socket").
 * When it is not built (no C compiler, no Node headers) the UDP transport uses dgram.
 */
export interface NativeUdpHandle {
  readonly __nativeUdp: unique symbol;
}

/** The addon's functions, as `udp-socket.c` defines them. */
export interface NativeUdp {
  readonly batchSize: number;
  /** `meta` gets 8 int32 per datagram: offset, length (−1 if cut short), port, family, 4 address words. */
  open(host: string, port: number, family: 4 | 6, recvBufferSize: number, meta: Int32Array, onBatch: (batch: Buffer, count: number) => void): NativeUdpHandle;
  address(handle: NativeUdpHandle): [string, number];
  /** 0, or a negative errno. A full send buffer is queued inside, never reported. */
  send(handle: NativeUdpHandle, data: Uint8Array, port: number, host: string): number;
  close(handle: NativeUdpHandle): void;
  /** inet_ntop of four address words (IPv6). */
  formatAddress6(a0: number, a1: number, a2: number, a3: number): string;
}

export const META_STRIDE = 8;

let loaded: { native: NativeUdp } | { error: Error } | undefined;

/** The addon, or why it cannot be used. Loaded once. */
export function loadNativeUdp(): { native: NativeUdp } | { error: Error } {
  if (loaded) return loaded;
  try {
    // dist/transport/ and src/transport/ are both two levels below the package root
    const native = createRequire(import.meta.url)('../../native/build/udp-socket.node') as NativeUdp;
    loaded = { native };
  } catch (err) {
    loaded = { error: new Error(`native UDP socket not available (telephony/sip/native/build.sh builds it): ${(err as Error).message}`) };
  }
  return loaded;
}

/** An Error for a negative errno from the addon, shaped like Node's (`code`, `errno`, `syscall`). */
export function errnoError(result: number, syscall: string, address: string, port: number): NodeJS.ErrnoException {
  let code: string;
  try {
    code = getSystemErrorName(result);
  } catch {
    code = `E${-result}`;
  }
  const err: NodeJS.ErrnoException = new Error(`${syscall} ${code} ${address}:${port}`);
  err.code = code;
  err.errno = result;
  err.syscall = syscall;
  return err;
}

/**
 * The source address of datagram `i` from the meta words, as Node writes it and normalised like
 * every transport's (`127.0.0.1`, `::1`; `::ffff:10.0.0.1` becomes `10.0.0.1`). The same few peers
 * send nearly everything, so the strings are cached by value and normalised once.
 */
export class SourceAddresses {
  private readonly v4 = new Map<number, string>();
  private readonly v6 = new Map<string, string>();
  private readonly bytes: Uint8Array;

  constructor(
    private readonly meta: Int32Array,
    private readonly native: NativeUdp,
  ) {
    this.bytes = new Uint8Array(meta.buffer, meta.byteOffset, meta.byteLength);
  }

  of(i: number): string {
    const base = i * META_STRIDE;
    const meta = this.meta;
    if (meta[base + 3] === 4) {
      const word = meta[base + 4] ?? 0;
      let s = this.v4.get(word);
      if (s === undefined) {
        const b = this.bytes;
        const at = (base + 4) * 4;
        s = `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
        // bounded: a scan from many sources must not grow it without end
        if (this.v4.size >= 4096) this.v4.clear();
        this.v4.set(word, s);
      }
      return s;
    }
    const a0 = meta[base + 4] ?? 0;
    const a1 = meta[base + 5] ?? 0;
    const a2 = meta[base + 6] ?? 0;
    const a3 = meta[base + 7] ?? 0;
    const key = `${a0},${a1},${a2},${a3}`;
    let s = this.v6.get(key);
    if (s === undefined) {
      s = normaliseAddress(this.native.formatAddress6(a0, a1, a2, a3));
      if (this.v6.size >= 4096) this.v6.clear();
      this.v6.set(key, s);
    }
    return s;
  }
}
