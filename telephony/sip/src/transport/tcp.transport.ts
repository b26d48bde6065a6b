import { EventEmitter } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { SipParseError } from '../errors/sip-parse.error.js';
import { StreamFramer } from './stream.framer.js';
import type { ListenOptions, PeerAddress, SipTransport, TransportEvents, TransportStats, SendErrorHandler } from './transport.types.js';
import { normaliseAddress, peerKey } from './transport.types.js';

export interface TcpTransportOptions extends ListenOptions {
  /** Cap on one message (headers + body), default 65,535 bytes. */
  readonly maxMessageSize?: number;
  /** Connections idle this long are closed (default 5 minutes; 0 disables). */
  readonly idleTimeoutMs?: number;
  /** Inbound connections above this count are refused (default 10,000). */
  readonly maxConnections?: number;
  /** Give up connecting after this long (default 5 s). */
  readonly connectTimeoutMs?: number;
}

interface Connection {
  readonly socket: Socket;
  readonly framer: StreamFramer;
  readonly peer: PeerAddress;
  ready: Promise<void>;
}

/**
 * SIP over TCP. Connections are keyed by the peer's address and port and reused both for
 * responses (sent back on the connection the request came in on) and for new requests to the
 * same peer (RFC 3261 §18.2.2, §18.1.1).
 */
export class TcpTransport extends EventEmitter<TransportEvents> implements SipTransport {
  readonly protocol = 'tcp';
  readonly reliable = true;
  readonly stats: TransportStats = { framesIn: 0, framesOut: 0, framingErrors: 0, sendErrors: 0 };
  private server: Server | undefined;
  private readonly connections = new Map<string, Connection>();
  private readonly host: string;
  private readonly port: number;
  private readonly maxMessageSize: number;
  private readonly idleTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly maxConnectionsLimit: number;

  constructor(options: TcpTransportOptions = {}) {
    super();
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 5060;
    this.maxMessageSize = options.maxMessageSize ?? 65_535;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 300_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.maxConnectionsLimit = options.maxConnections ?? 10_000;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  listen(): Promise<{ address: string; port: number }> {
    const server = createServer((socket) => this.adopt(socket, Promise.resolve()));
    server.maxConnections = this.maxConnectionsLimit;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => {
        server.off('error', reject);
        server.on('error', (err) => this.reportError(err));
        const a = server.address();
        if (a === null || typeof a === 'string') {
          reject(new Error('TCP server has no address'));
          return;
        }
        resolve({ address: a.address, port: a.port });
      });
    });
  }

  private adopt(socket: Socket, ready: Promise<void>, target?: PeerAddress): Connection {
    const peer: PeerAddress = target ?? {
      protocol: 'tcp',
      address: normaliseAddress(socket.remoteAddress ?? ''),
      port: socket.remotePort ?? 0,
    };
    const key = peerKey(peer.address, peer.port);
    const conn: Connection = { socket, framer: new StreamFramer(this.maxMessageSize), peer, ready };
    this.connections.set(key, conn);
    socket.setNoDelay(true);
    if (this.idleTimeoutMs > 0) {
      socket.setTimeout(this.idleTimeoutMs, () => socket.destroy());
    }
    socket.on('data', (chunk: Buffer) => this.onData(conn, chunk));
    socket.on('error', (err) => this.reportError(err));
    socket.on('close', () => {
      if (this.connections.get(key) === conn) this.connections.delete(key);
    });
    return conn;
  }

  private onData(conn: Connection, chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = conn.framer.push(chunk);
    } catch (err) {
      // The stream cannot be re-synchronised: count it and drop the connection.
      this.stats.framingErrors++;
      if (!(err instanceof SipParseError)) this.reportError(err as Error);
      conn.socket.destroy();
      return;
    }
    for (const frame of frames) {
      this.stats.framesIn++;
      this.emit('frame', frame, conn.peer);
    }
  }

  private reportError(err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  private connect(target: PeerAddress): Connection {
    const host = target.address.startsWith('[') ? target.address.slice(1, -1) : target.address;
    const socket = createConnection({ host, port: target.port });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => socket.destroy(new Error(`connect to ${host}:${target.port} timed out`)), this.connectTimeoutMs);
      const onError = (err: Error): void => {
        clearTimeout(timer);
        reject(err);
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve();
      });
    });
    return this.adopt(socket, ready, { protocol: 'tcp', address: normaliseAddress(host), port: target.port });
  }

  send(data: Buffer, target: PeerAddress, onError?: SendErrorHandler): void {
    this.write(data, target).catch((err: unknown) => {
      this.stats.sendErrors++;
      const error = err instanceof Error ? err : new Error(String(err));
      if (onError) onError(error);
      else this.reportError(error);
    });
  }

  private async write(data: Buffer, target: PeerAddress): Promise<void> {
    const key = peerKey(target.address, target.port);
    const conn = this.connections.get(key) ?? this.connect(target);
    await conn.ready;
    await new Promise<void>((resolve, reject) => {
      conn.socket.write(data, (err) => (err ? reject(err) : resolve()));
    });
    this.stats.framesOut++;
  }

  async close(): Promise<void> {
    for (const conn of this.connections.values()) conn.socket.destroy();
    this.connections.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
