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
import type { SipHeaders } from './sip-headers.model.js';

/**
 * Common view of requests and responses. Header values stay raw in `headers`; the getters parse
 * on first use and memoise, so a proxy-like path that reads only Via and CSeq pays for nothing else.
 */
export abstract class SipMessageBase {
  abstract readonly kind: 'request' | 'response';
  version = 'SIP/2.0';
  headers: SipHeaders;
  body: Buffer;

  constructor(headers: SipHeaders, body: Buffer) {
    this.headers = headers;
    this.body = body;
  }

  private required(name: string): string {
    const v = this.headers.get(name);
    if (v === undefined) throw new SipParseError('SIP_ERR_MISSING_HEADER', name);
    return v;
  }

  get callId(): string {
    return this.required('call-id').trim();
  }

  get cseq(): CSeq {
    return this.headers.memo('cseq', () => parseCSeq(this.required('cseq')));
  }

  get from(): NameAddr {
    return this.headers.memo('from', () => parseNameAddr(this.required('from')));
  }

  get to(): NameAddr {
    return this.headers.memo('to', () => parseNameAddr(this.required('to')));
  }

  get vias(): Via[] {
    return this.headers.memo('via', () => this.headers.getAll('via').map(parseVia));
  }

  /** Top Via. */
  get via(): Via {
    const top = this.headers.memo('via0', () => {
      const first = this.headers.getAll('via')[0];
      if (first === undefined) throw new SipParseError('SIP_ERR_MISSING_HEADER', 'Via');
      return parseVia(first);
    });
    return top;
  }

  get contacts(): NameAddr[] {
    return this.headers.memo('contact', () => this.headers.getAll('contact').map(parseNameAddr));
  }

  get contact(): NameAddr | undefined {
    return this.contacts[0];
  }

  get routes(): NameAddr[] {
    return this.headers.memo('route', () => this.headers.getAll('route').map(parseNameAddr));
  }

  get recordRoutes(): NameAddr[] {
    return this.headers.memo('record-route', () => this.headers.getAll('record-route').map(parseNameAddr));
  }

  get maxForwards(): number | undefined {
    return this.headers.memo('max-forwards', () => {
      const v = this.headers.get('max-forwards');
      return v === undefined ? undefined : parseUnsigned(v, 'SIP_ERR_MAX_FORWARDS', 255);
    });
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
