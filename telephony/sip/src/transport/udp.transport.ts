import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';
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
}

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
  }

  listen(): Promise<{ address: string; port: number }> {
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
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => socket.close(() => resolve()));
  }
}
