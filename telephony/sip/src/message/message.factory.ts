import { SipHeaders } from './sip-headers.model.js';
import { SipRequest, SipResponse } from './sip-message.model.js';
import { reasonFor } from './status-reasons.js';

export type HeaderInit = Readonly<Record<string, string | number | readonly string[]>>;

export interface ResponseOptions {
  readonly reason?: string;
  /** Added to To when the request's To has no tag (status > 100). */
  readonly toTag?: string;
  readonly headers?: HeaderInit;
  readonly body?: Buffer | string;
}

export function toBody(body: Buffer | string | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

export function applyHeaders(target: SipHeaders, init: HeaderInit | undefined): void {
  if (init === undefined) return;
  for (const [name, value] of Object.entries(init)) target.set(name, value);
}

/**
 * Builds a response to `req` as RFC 3261 §8.2.6.2 says: Via, From, Call-ID, CSeq copied, To copied
 * with a tag added, Record-Route copied on dialog-forming answers.
 */
export function createResponse(req: SipRequest, status: number, options: ResponseOptions = {}): SipResponse {
  const h = new SipHeaders();
  for (const v of req.headers.getLines('via')) h.append('Via', v);
  h.append('From', req.headers.get('from') ?? '');
  let to = req.headers.get('to') ?? '';
  if (status > 100 && options.toTag !== undefined && safeToTag(req) === undefined) to += `;tag=${options.toTag}`;
  h.append('To', to);
  h.append('Call-ID', req.headers.get('call-id') ?? '');
  h.append('CSeq', req.headers.get('cseq') ?? '');
  if (status > 100 && status < 300) {
    for (const rr of req.headers.getLines('record-route')) h.append('Record-Route', rr);
  }
  applyHeaders(h, options.headers);
  return new SipResponse(status, options.reason ?? reasonFor(status), h, toBody(options.body));
}

function safeToTag(req: SipRequest): string | undefined {
  try {
    return req.to.tag;
  } catch {
    // an unparseable To still gets a (possibly doubled) tag rather than no answer at all
    return undefined;
  }
}

export interface RequestInit {
  readonly method: string;
  readonly uri: string;
  readonly headers?: HeaderInit;
  readonly body?: Buffer | string;
}

export function createRequest(init: RequestInit): SipRequest {
  const h = new SipHeaders();
  applyHeaders(h, init.headers);
  return new SipRequest(init.method, init.uri, h, toBody(init.body));
}
