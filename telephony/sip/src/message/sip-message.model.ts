import { SipParseError } from '../errors/sip-parse.error.js';
import {
  parseAuthHeader,
  parseCSeq,
  parseNameAddr,
  parseUnsigned,
  parseUri,
  parseVia,
} from './header.parser.js';
import type { AuthHeader, CSeq, NameAddr, SipUri, Via } from './message.types.js';
import type { WireCache } from './message.serializer.js';
import { MemoSlot, type SipHeaders } from './sip-headers.model.js';

/**
 * Common view of requests and responses. Header values stay raw in `headers`; the getters parse
 * on first use and memoise, so a proxy-like path that reads only Via and CSeq pays for nothing else.
 */
export abstract class SipMessageBase {
  abstract readonly kind: 'request' | 'response';
  version = 'SIP/2.0';
  headers: SipHeaders;
  body: Buffer;
  /** Set by `serializeMessage`: the last bytes made from this message (reused while unchanged). */
  wire: WireCache | undefined = undefined;

  constructor(headers: SipHeaders, body: Buffer) {
    this.headers = headers;
    this.body = body;
  }

  /** Raw value of a mandatory header; `key` is lower-case and expanded. */
  private required(key: string): string {
    const v = this.headers.getKey(key);
    if (v === undefined) throw new SipParseError('SIP_ERR_MISSING_HEADER', key);
    return v;
  }

  get callId(): string {
    return this.required('call-id').trim();
  }

  get cseq(): CSeq {
    const h = this.headers;
    return (h.slot(MemoSlot.CSeq) as CSeq | undefined) ?? h.setSlot(MemoSlot.CSeq, parseCSeq(this.required('cseq')));
  }

  get from(): NameAddr {
    const h = this.headers;
    return (h.slot(MemoSlot.From) as NameAddr | undefined) ?? h.setSlot(MemoSlot.From, parseNameAddr(this.required('from')));
  }

  get to(): NameAddr {
    const h = this.headers;
    return (h.slot(MemoSlot.To) as NameAddr | undefined) ?? h.setSlot(MemoSlot.To, parseNameAddr(this.required('to')));
  }

  get vias(): Via[] {
    return this.headers.memo('via', () => this.headers.getAllKey('via').map(parseVia));
  }

  /** Top Via. */
  get via(): Via {
    const h = this.headers;
    const cached = h.slot(MemoSlot.Via0) as Via | undefined;
    if (cached !== undefined) return cached;
    const first = h.firstValue('via');
    if (first === undefined) throw new SipParseError('SIP_ERR_MISSING_HEADER', 'Via');
    return h.setSlot(MemoSlot.Via0, parseVia(first));
  }

  get contacts(): NameAddr[] {
    const h = this.headers;
    return (h.slot(MemoSlot.Contacts) as NameAddr[] | undefined) ?? h.setSlot(MemoSlot.Contacts, h.getAllKey('contact').map(parseNameAddr));
  }

  get contact(): NameAddr | undefined {
    return this.contacts[0];
  }

  get routes(): NameAddr[] {
    return this.headers.memo('route', () => this.headers.getAllKey('route').map(parseNameAddr));
  }

  get recordRoutes(): NameAddr[] {
    return this.headers.memo('record-route', () => this.headers.getAllKey('record-route').map(parseNameAddr));
  }

  get maxForwards(): number | undefined {
    const h = this.headers;
    const cached = h.slot(MemoSlot.MaxForwards) as number | undefined;
    if (cached !== undefined) return cached;
    const v = h.getKey('max-forwards');
    return v === undefined ? undefined : h.setSlot(MemoSlot.MaxForwards, parseUnsigned(v, 'SIP_ERR_MAX_FORWARDS', 255));
  }

  get expires(): number | undefined {
    return this.headers.memo('expires', () => {
      const v = this.headers.get('expires');
      return v === undefined ? undefined : parseUnsigned(v, 'SIP_ERR_EXPIRES', 0xffffffff);
    });
  }

  get contentType(): string | undefined {
    return this.headers.get('content-type')?.trim();
  }

  /** Byte length of the body (what `Content-Length` says once serialised). */
  get contentLength(): number {
    return this.body.length;
  }

  /** Authorization / Proxy-Authorization / WWW-Authenticate / Proxy-Authenticate values, parsed. */
  auth(name: 'authorization' | 'proxy-authorization' | 'www-authenticate' | 'proxy-authenticate'): AuthHeader[] {
    return this.headers.memo(`auth:${name}`, () => this.headers.getLines(name).map(parseAuthHeader));
  }

  get bodyText(): string {
    return this.body.toString('utf8');
  }
}

export class SipRequest extends SipMessageBase {
  readonly kind = 'request';
  method: string;
  uri: string;

  constructor(method: string, uri: string, headers: SipHeaders, body: Buffer = Buffer.alloc(0)) {
    super(headers, body);
    this.method = method;
    this.uri = uri;
  }

  /** Request-URI, parsed. */
  get parsedUri(): SipUri {
    return this.headers.memo(`ruri:${this.uri}`, () => parseUri(this.uri));
  }
}

export class SipResponse extends SipMessageBase {
  readonly kind = 'response';
  status: number;
  reason: string;

  constructor(status: number, reason: string, headers: SipHeaders, body: Buffer = Buffer.alloc(0)) {
    super(headers, body);
    this.status = status;
    this.reason = reason;
  }
}

export type SipMessage = SipRequest | SipResponse;
