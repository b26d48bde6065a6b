import type { EventEmitter } from 'node:events';

export type TransportProtocol = 'udp' | 'tcp';

/** Told when a message could not be sent. */
export type SendErrorHandler = (err: Error) => void;

/** Where a message came from or goes to. */
export interface PeerAddress {
  readonly protocol: TransportProtocol;
  readonly address: string;
  readonly port: number;
}

export interface TransportStats {
  framesIn: number;
  framesOut: number;
  /** Streams closed because their framing could not be trusted any more (oversize, bad Content-Length). */
  framingErrors: number;
  sendErrors: number;
}

export interface TransportEvents {
  /** One complete SIP message (datagram, or one message cut out of a stream). */
  frame: [data: Buffer, source: PeerAddress];
  error: [err: Error];
}

export interface ListenOptions {
  /** Address to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Port to bind; 0 picks an ephemeral port. */
  readonly port?: number;
}

/** A SIP transport moves whole messages as bytes; parsing is the transport layer's job. */
export interface SipTransport extends EventEmitter<TransportEvents> {
  readonly protocol: TransportProtocol;
  /** Reliable transports get no retransmissions (RFC 3261 §17). */
  readonly reliable: boolean;
  readonly stats: TransportStats;
  listen(): Promise<{ address: string; port: number }>;
  /**
   * Sends one message. Nothing to await: SIP over UDP sends thousands of datagrams a second, and
   * a promise (with its callbacks and microtask) per datagram was a measurable part of the cost.
   * A failure is reported to `onError` when given (the transaction that has to know, RFC 3261
   * §17.1.4/§17.2.4), and otherwise counted in `stats.sendErrors` and emitted as `error`.
   */
  send(data: Buffer, target: PeerAddress, onError?: SendErrorHandler): void;
  close(): Promise<void>;
}

/** `::ffff:127.0.0.1` to `127.0.0.1` so keys and Via `received` compare equal. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function peerKey(address: string, port: number): string {
  return `${normaliseAddress(address)}|${port}`;
}
