import { EventEmitter } from 'node:events';
import { SipParseError } from '../errors/sip-parse.error.js';
import { SipError } from '../errors/sip.error.js';
import { formatHost, formatParams, parseUri } from '../message/header.parser.js';
import { parseMessage, type ParseOptions } from '../message/message.parser.js';
import { serializeMessage } from '../message/message.serializer.js';
import type { SipRequest, SipResponse } from '../message/sip-message.model.js';
import type { Via } from '../message/message.types.js';
import { UdpTransport } from './udp.transport.js';
import type { PeerAddress, SendErrorHandler, SipTransport, TransportProtocol } from './transport.types.js';

export interface TransportLayerEvents {
  request: [req: SipRequest, source: PeerAddress];
  response: [res: SipResponse, source: PeerAddress];
  /** Something went wrong that nobody called for: a socket error, a failed 400. Never fatal. */
  warning: [err: Error];
}

export interface TransportLayerStats {
  requestsIn: number;
  responsesIn: number;
  /** Malformed input that could not be answered (responses, garbage, ACK): dropped and counted. */
  malformedDropped: number;
  /** Malformed requests answered with 400 (or 505/513). */
  malformedAnswered: number;
}

export interface TransportLayerOptions {
  readonly maxMessageSize?: number;
}

/**
 * Sits between the byte transports and the transaction layer: parses, answers malformed
 * requests, stamps `received`/`rport` (RFC 3261 §18.2.1, RFC 3581) and routes responses back.
 */
export class TransportLayer extends EventEmitter<TransportLayerEvents> {
  readonly stats: TransportLayerStats = { requestsIn: 0, responsesIn: 0, malformedDropped: 0, malformedAnswered: 0 };
  private readonly transports = new Map<TransportProtocol, SipTransport>();
  private readonly locals = new Map<TransportProtocol, { address: string; port: number }>();
  private readonly contactHeaders = new Map<TransportProtocol, string>();
  /** `contactUri(protocol)` without a user part, built once per transport (every dialog keeps one). */
  private readonly contactUris = new Map<TransportProtocol, string>();
  private readonly maxMessageSize: number;
  /** Parser options for datagrams and for stream messages, made once. */
  private readonly datagramParse: ParseOptions;
  private readonly streamParse: ParseOptions;

  constructor(transports: readonly SipTransport[], options: TransportLayerOptions = {}) {
    super();
    this.maxMessageSize = options.maxMessageSize ?? 65_535;
    this.datagramParse = { datagram: true, maxSize: this.maxMessageSize };
    this.streamParse = { datagram: false, maxSize: this.maxMessageSize };
    for (const t of transports) {
      this.transports.set(t.protocol, t);
      t.on('frame', (data, source) => this.onFrame(data, source));
      t.on('error', (err) => this.warn(err));
    }
  }

  async listen(): Promise<void> {
    for (const [protocol, t] of this.transports) this.locals.set(protocol, await t.listen());
    this.contactHeaders.clear();
    this.contactUris.clear();
  }

  async close(): Promise<void> {
    for (const t of this.transports.values()) await t.close();
  }

  /** Bound address of a transport (after `listen`). */
  local(protocol: TransportProtocol): { address: string; port: number } {
    const l = this.locals.get(protocol);
    if (!l) throw new Error(`no ${protocol} transport is listening`);
    return l;
  }

  /** Which socket the UDP transport uses after `listen` (`native` or `dgram`), if there is one. */
  get udpSocketKind(): 'native' | 'dgram' | undefined {
    const udp = this.transports.get('udp');
    return udp instanceof UdpTransport ? udp.socketKind : undefined;
  }

  has(protocol: TransportProtocol): boolean {
    return this.transports.has(protocol);
  }

  get protocols(): TransportProtocol[] {
    return [...this.transports.keys()];
  }

  isReliable(protocol: TransportProtocol): boolean {
    return this.transports.get(protocol)?.reliable ?? false;
  }

  /** `SIP/2.0/UDP 127.0.0.1:5060` for our own Via. */
  viaSentBy(protocol: TransportProtocol): string {
    const l = this.local(protocol);
    const host = l.address.includes(':') ? `[${l.address}]` : l.address;
    return `SIP/2.0/${protocol.toUpperCase()} ${host}:${l.port}`;
  }

  /** `<contactUri(protocol)>`, built once per transport (every answered INVITE carries it). */
  contactHeader(protocol: TransportProtocol): string {
    let v = this.contactHeaders.get(protocol);
    if (v === undefined) {
      v = `<${this.contactUri(protocol)}>`;
      this.contactHeaders.set(protocol, v);
    }
    return v;
  }

  /** Contact URI reaching this stack over `protocol`. */
  contactUri(protocol: TransportProtocol, user?: string): string {
    if (user === undefined) {
      let uri = this.contactUris.get(protocol);
      if (uri === undefined) {
        uri = this.buildContactUri(protocol, undefined);
        this.contactUris.set(protocol, uri);
      }
      return uri;
    }
    return this.buildContactUri(protocol, user);
  }

  private buildContactUri(protocol: TransportProtocol, user: string | undefined): string {
    const l = this.local(protocol);
    const host = l.address.includes(':') ? `[${l.address}]` : l.address;
    const userPart = user === undefined ? '' : `${user}@`;
    return `sip:${userPart}${host}:${l.port}${protocol === 'udp' ? '' : `;transport=${protocol}`}`;
  }

  /** Next hop for a URI (no DNS SRV/NAPTR: RFC 3263 is out of scope). */
  resolve(uri: string): PeerAddress {
    const u = parseUri(uri);
    const t = u.params.get('transport')?.toLowerCase();
    if (u.scheme === 'sips' || t === 'tls' || t === 'ws' || t === 'wss' || t === 'sctp') {
      throw new SipError('SIP_ERR_NO_TRANSPORT', `${uri}: TLS, WebSocket and SCTP are not implemented`);
    }
    if (u.scheme !== 'sip') throw new SipError('SIP_ERR_NO_TRANSPORT', `${uri}: not a sip: URI`);
    const protocol: TransportProtocol = t === 'tcp' ? 'tcp' : t === 'udp' ? 'udp' : (this.protocols[0] ?? 'udp');
    if (!this.transports.has(protocol)) throw new SipError('SIP_ERR_NO_TRANSPORT', `${uri}: no ${protocol} transport`);
    const host = u.params.get('maddr') ?? u.host;
    return { protocol, address: host, port: u.port ?? 5060 };
  }

  /** Sends bytes; a failure goes to `onError`, or to the `warning` event without one. */
  send(data: Buffer, target: PeerAddress, onError?: SendErrorHandler): void {
    const t = this.transports.get(target.protocol);
    if (!t) {
      const err = new Error(`no ${target.protocol} transport`);
      // never synchronously: the caller may still be setting up what the handler touches
      queueMicrotask(() => (onError ? onError(err) : this.warn(err)));
      return;
    }
    t.send(data, target, onError ?? this.onSendError);
  }

  /** Serialises and sends a request; returns the bytes sent (kept by transactions to send again). */
  sendRequest(req: SipRequest, target: PeerAddress, onError?: SendErrorHandler): Buffer {
    const data = serializeMessage(req);
    this.send(data, target, onError);
    return data;
  }

  /**
   * Sends a response where RFC 3261 §18.2.2 says: back on the connection for reliable transports,
   * otherwise to `received`/`rport` or the Via sent-by. Returns the bytes sent.
   */
  sendResponse(res: SipResponse, source: PeerAddress | undefined, onError?: SendErrorHandler): Buffer {
    const data = serializeMessage(res);
    this.send(data, this.responseTarget(res.via, source), onError);
    return data;
  }

  private readonly onSendError = (err: Error): void => this.warn(err);

  responseTarget(via: Via, source: PeerAddress | undefined): PeerAddress {
    const transport = via.transport.toLowerCase();
    const protocol: TransportProtocol = transport === 'tcp' || transport === 'tls' ? 'tcp' : 'udp';
    if (source && this.isReliable(source.protocol)) return source;
    const address = via.received ?? via.host;
    const port = typeof via.rport === 'number' ? via.rport : (via.port ?? 5060);
    // the usual answer: back where the request came from, so no new object per response
    if (source !== undefined && source.address === address && source.port === port) return source;
    return { protocol: source?.protocol ?? protocol, address, port };
  }

  private warn(err: Error): void {
    if (this.listenerCount('warning') > 0) this.emit('warning', err);
  }

  private onFrame(data: Buffer, source: PeerAddress): void {
    let message;
    try {
      message = parseMessage(data, source.protocol === 'udp' ? this.datagramParse : this.streamParse);
    } catch (err) {
      this.onMalformed(err, source);
      return;
    }
    try {
      if (message.kind === 'request') {
        this.stampVia(message, source);
        this.stats.requestsIn++;
        this.emit('request', message, source);
      } else {
        this.stats.responsesIn++;
        this.emit('response', message, source);
      }
    } catch (err) {
      // A listener failed: never let it escape into the socket's event loop.
      this.warn(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private stampVia(req: SipRequest, source: PeerAddress): void {
    const via = req.via;
    const needsReceived = via.host !== source.address && via.host !== `[${source.address}]`;
    if (!needsReceived && via.rport !== true) return;
    const params = new Map(via.params);
    if (needsReceived || via.rport === true) params.set('received', source.address.includes(':') ? `[${source.address}]` : source.address);
    if (via.rport !== undefined) params.set('rport', String(source.port));
    req.headers.shift('via');
    req.headers.prepend('via', `${via.protocol} ${formatHost(via.host, via.port)}${formatParams(params)}`);
  }

  private onMalformed(err: unknown, source: PeerAddress): void {
    if (!(err instanceof SipParseError)) {
      this.stats.malformedDropped++;
      this.warn(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const h = err.partial?.headers;
    const canAnswer =
      err.partial?.isRequest === true &&
      err.partial.method !== 'ACK' &&
      h !== undefined &&
      h.has('via') &&
      h.has('from') &&
      h.has('to') &&
      h.has('call-id') &&
      h.has('cseq');
    if (!canAnswer) {
      this.stats.malformedDropped++;
      return;
    }
    const lines = [`SIP/2.0 ${err.status} ${err.status === 505 ? 'Version Not Supported' : err.status === 513 ? 'Message Too Large' : 'Bad Request'}`];
    for (const v of h.getLines('via')) lines.push(`Via: ${v}`);
    for (const name of ['From', 'To', 'Call-ID', 'CSeq']) lines.push(`${name}: ${h.get(name) ?? ''}`);
    lines.push(`X-Reason: ${err.code}`, 'Content-Length: 0', '', '');
    this.stats.malformedAnswered++;
    this.send(Buffer.from(lines.join('\r\n'), 'utf8'), source);
  }
}
