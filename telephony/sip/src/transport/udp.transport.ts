import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { isIPv6 } from 'node:net';
import type { ListenOptions, PeerAddress, SipTransport, TransportEvents, TransportStats } from './transport.types.js';
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
    const socket = createSocket({ type: isIPv6(this.host) ? 'udp6' : 'udp4', reuseAddr: false });
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

  send(data: Buffer, target: PeerAddress): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('UDP transport is not listening'));
    const address = target.address.startsWith('[') ? target.address.slice(1, -1) : target.address;
    return new Promise((resolve, reject) => {
      socket.send(data, target.port, address, (err) => {
        if (err) {
          this.stats.sendErrors++;
          reject(err);
        } else {
          this.stats.framesOut++;
          resolve();
        }
      });
    });
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => socket.close(() => resolve()));
  }
}
