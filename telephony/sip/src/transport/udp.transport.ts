import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';
import { constants as osConstants } from 'node:os';
import { errnoError, loadNativeUdp, META_STRIDE, SourceAddresses, type NativeUdp, type NativeUdpHandle } from './udp-native.js';
import type { ListenOptions, PeerAddress, SendErrorHandler, SipTransport, TransportEvents, TransportStats } from './transport.types.js';
import { normaliseAddress } from './transport.types.js';

export interface UdpTransportOptions extends ListenOptions {
  /** Datagrams above this size are dropped unread (default 65,535). */
  readonly maxMessageSize?: number;
  /**
   * Socket receive buffer in bytes (default 4 MiB; the kernel caps it at `net.core.rmem_max`).
   * The Linux default, about 200 KB, holds about 0.1 s of traffic at 2,000 calls/s: a GC pause or
   * a busy shared core then drops datagrams, and the retransmissions that follow add load.
   */
  readonly recvBufferSize?: number;
  /**
   * Which socket carries the datagrams (default `auto`, or the `RINGWELL_SIP_UDP_SOCKET`
   * environment variable): `native` is the batched socket of `native/udp-socket.c` and fails
   * `listen` when it is not built; `dgram` is Node's; `auto` takes native when it is built.
   */
  readonly socket?: UdpSocketKind;
}

export type UdpSocketKind = 'auto' | 'native' | 'dgram';

const EINVAL = -osConstants.errno.EINVAL;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * Name lookup for `socket.send`. dgram resolves even an IP literal through `dns.lookup`, which
 * answers on the next tick: one deferred callback per datagram. SIP sends to addresses taken from
 * Via `received`/`rport` and from sockets, which are literals, so they are answered at once; a
 * host name still goes to `dns.lookup`.
 */
function lookupLiteralFirst(address: string, options: LookupOneOptions, callback: LookupCallback): void {
  // the same peer answers datagram after datagram: its literal is recognised by comparison
  if (address === lastLiteral) {
    callback(null, address, lastFamily);
    return;
  }
  const literal = isIP(address);
  if (literal !== 0) {
    lastLiteral = address;
    lastFamily = literal;
    callback(null, address, literal);
  } else dnsLookup(address, options, callback);
}

/** The last IP literal `lookupLiteralFirst` saw, and its family (4 or 6). */
let lastLiteral = '';
let lastFamily = 0;

/** SIP over UDP: one datagram is one message. */
export class UdpTransport extends EventEmitter<TransportEvents> implements SipTransport {
  readonly protocol = 'udp';
  readonly reliable = false;
  readonly stats: TransportStats = { framesIn: 0, framesOut: 0, framingErrors: 0, sendErrors: 0 };
  private socket: Socket | undefined;
  private nativeSocket: { readonly native: NativeUdp; readonly handle: NativeUdpHandle } | undefined;
  private readonly requested: UdpSocketKind;
  private readonly host: string;
  private readonly port: number;
  private readonly maxMessageSize: number;
  private readonly recvBufferSize: number;

  constructor(options: UdpTransportOptions = {}) {
    super();
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 5060;
    this.maxMessageSize = options.maxMessageSize ?? 65_535;
    this.recvBufferSize = options.recvBufferSize ?? 4 * 1024 * 1024;
    this.requested = options.socket ?? socketKindFromEnv();
  }

  /** The socket in use after `listen`: `native` or `dgram`. */
  get socketKind(): 'native' | 'dgram' | undefined {
    return this.nativeSocket ? 'native' : this.socket ? 'dgram' : undefined;
  }

  listen(): Promise<{ address: string; port: number }> {
    if (this.requested !== 'dgram') {
      const loaded = loadNativeUdp();
      if ('native' in loaded) return this.listenNative(loaded.native);
      if (this.requested === 'native') return Promise.reject(loaded.error);
    }
    return this.listenDgram();
  }

  private listenNative(native: NativeUdp): Promise<{ address: string; port: number }> {
    const meta = new Int32Array(native.batchSize * META_STRIDE);
    const sources = new SourceAddresses(meta, native);
    const onBatch = (batch: Buffer, count: number): void => {
      for (let i = 0; i < count; i++) {
        const base = i * META_STRIDE;
        const offset = meta[base] ?? 0;
        const length = meta[base + 1] ?? -1;
        if (length < 0 || length > this.maxMessageSize) {
          this.stats.framingErrors++;
          continue;
        }
        this.stats.framesIn++;
        this.emit('frame', batch.subarray(offset, offset + length), { protocol: 'udp', address: sources.of(i), port: meta[base + 2] ?? 0 });
      }
    };
    try {
      const handle = native.open(this.host, this.port, isIPv6(this.host) ? 6 : 4, this.recvBufferSize, meta, onBatch);
      this.nativeSocket = { native, handle };
      const [address, port] = native.address(handle);
      return Promise.resolve({ address, port });
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private listenDgram(): Promise<{ address: string; port: number }> {
    const socket = createSocket({ type: isIPv6(this.host) ? 'udp6' : 'udp4', reuseAddr: false, lookup: lookupLiteralFirst });
    this.socket = socket;
    socket.on('message', (data, rinfo) => {
      if (data.length > this.maxMessageSize) {
        this.stats.framingErrors++;
        return;
      }
      this.stats.framesIn++;
      this.emit('frame', data, { protocol: 'udp', address: normaliseAddress(rinfo.address), port: rinfo.port });
    });
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      socket.once('error', onError);
      socket.bind(this.port, this.host, () => {
        socket.off('error', onError);
        socket.on('error', (err) => {
          if (this.listenerCount('error') > 0) this.emit('error', err);
        });
        try {
          socket.setRecvBufferSize(this.recvBufferSize);
        } catch (err) {
          // not fatal: the socket keeps the system default
          if (this.listenerCount('error') > 0) this.emit('error', err instanceof Error ? err : new Error(String(err)));
        }
        const a = socket.address();
        resolve({ address: a.address, port: a.port });
      });
    });
  }

  send(data: Buffer, target: PeerAddress, onError?: SendErrorHandler): void {
    const ns = this.nativeSocket;
    if (ns) {
      this.sendNative(ns.native, ns.handle, data, target, onError);
      return;
    }
    const socket = this.socket;
    if (!socket) {
      // never synchronously: the caller may still be setting up what the handler touches
      process.nextTick(() => this.failed(new Error('UDP transport is not listening'), onError));
      return;
    }
    const address = target.address.charCodeAt(0) === 0x5b ? target.address.slice(1, -1) : target.address;
    try {
      // A send that completes synchronously (the usual case on UDP) still calls back on the next
      // tick; the shared `afterSend` at least allocates nothing per datagram.
      socket.send(data, target.port, address, onError === undefined ? this.afterSend : (err) => {
        if (err) this.failed(err, onError);
        else this.stats.framesOut++;
      });
    } catch (err) {
      // dgram throws at once for arguments it refuses (a port out of range)
      const error = err instanceof Error ? err : new Error(String(err));
      process.nextTick(() => this.failed(error, onError));
    }
  }

  private sendNative(native: NativeUdp, handle: NativeUdpHandle, data: Buffer, target: PeerAddress, onError: SendErrorHandler | undefined): void {
    const address = target.address.charCodeAt(0) === 0x5b ? target.address.slice(1, -1) : target.address;
    const result = native.send(handle, data, target.port, address);
    if (result === 0) {
      this.stats.framesOut++;
      return;
    }
    if (result === EINVAL && isIP(address) === 0 && target.port > 0 && target.port < 65536) {
      // a host name: the addon takes literals only
      dnsLookup(address, { family: isIPv6(this.host) ? 6 : 4 }, (err, resolved) => {
        const ns = this.nativeSocket;
        if (err) this.failed(err, onError);
        else if (!ns) this.failed(new Error('UDP transport is not listening'), onError);
        else {
          const r = ns.native.send(ns.handle, data, target.port, resolved);
          if (r === 0) this.stats.framesOut++;
          else this.failed(errnoError(r, 'send', resolved, target.port), onError);
        }
      });
      return;
    }
    // never synchronously, as with dgram: the caller may still be setting up what the handler touches
    const error = errnoError(result, 'send', address, target.port);
    process.nextTick(() => this.failed(error, onError));
  }

  private readonly afterSend = (err: Error | null): void => {
    if (err) this.failed(err, undefined);
    else this.stats.framesOut++;
  };

  private failed(err: Error, onError: SendErrorHandler | undefined): void {
    this.stats.sendErrors++;
    if (onError) onError(err);
    else if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  close(): Promise<void> {
    const ns = this.nativeSocket;
    this.nativeSocket = undefined;
    if (ns) ns.native.close(ns.handle);
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => socket.close(() => resolve()));
  }
}

function socketKindFromEnv(): UdpSocketKind {
  const v = process.env['RINGWELL_SIP_UDP_SOCKET'];
  return v === 'native' || v === 'dgram' ? v : 'auto';
}
