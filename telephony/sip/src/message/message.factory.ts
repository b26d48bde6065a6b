import { MemoSlot, SipHeaders } from './sip-headers.model.js';
import { SipRequest, SipResponse } from './sip-message.model.js';
import { reasonFor } from './status-reasons.js';

export type HeaderInit = Readonly<Record<string, string | number | readonly string[]>>;

export interface ResponseOptions {
  readonly reason?: string | undefined;
  /** Added to To when the request's To has no tag (status > 100). */
  readonly toTag?: string | undefined;
  readonly headers?: HeaderInit | undefined;
  readonly body?: Buffer | string | undefined;
}

/** Shared empty body: a zero-length Buffer holds nothing, so one instance serves every message. */
const EMPTY = Buffer.alloc(0);

export function toBody(body: Buffer | string | undefined): Buffer {
  if (body === undefined) return EMPTY;
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

export function applyHeaders(target: SipHeaders, init: HeaderInit | undefined): void {
  if (init === undefined) return;
  for (const name in init) {
    const value = init[name];
    if (value !== undefined) target.set(name, value);
  }
}

/**
 * Builds a response to `req` as RFC 3261 §8.2.6.2 says: Via, From, Call-ID, CSeq copied, To copied
 * with a tag added, Record-Route copied on dialog-forming answers. The request's raw lines are
 * copied as they are, with their keys: nothing is parsed but the To tag.
 *
 * The request's parsed views of the top Via, From, CSeq (and To when no tag is added) are given to
 * the response too: they were parsed from the very strings copied, so they are the views the
 * response would parse. Sending reads the top Via and the 2xx retransmission the CSeq; neither is
 * parsed again. Headers given in `options` replace lines and drop the views they affect.
 */
export function createResponse(req: SipRequest, status: number, options: ResponseOptions = {}): SipResponse {
  const h = new SipHeaders();
  const src = req.headers;
  const n = src.size;
  for (let i = 0; i < n; i++) if (src.keyAt(i) === 'via') h.appendKnown('Via', 'via', src.valueAt(i));
  h.appendKnown('From', 'from', src.getKey('from') ?? '');
  let to = src.getKey('to') ?? '';
  const tagged = status > 100 && options.toTag !== undefined && safeToTag(req) === undefined;
  if (tagged) to += `;tag=${options.toTag}`;
  h.appendKnown('To', 'to', to);
  h.appendKnown('Call-ID', 'call-id', src.getKey('call-id') ?? '');
  h.appendKnown('CSeq', 'cseq', src.getKey('cseq') ?? '');
  if (status > 100 && status < 300) {
    for (let i = 0; i < n; i++) if (src.keyAt(i) === 'record-route') h.appendKnown('Record-Route', 'record-route', src.valueAt(i));
  }
  adoptView(h, src, MemoSlot.Via0);
  adoptView(h, src, MemoSlot.From);
  adoptView(h, src, MemoSlot.CSeq);
  if (!tagged) adoptView(h, src, MemoSlot.To);
  applyHeaders(h, options.headers);
  return new SipResponse(status, options.reason ?? reasonFor(status), h, toBody(options.body));
}

/** Gives `to` the view `from` already parsed for `slot`, if it did. */
function adoptView(to: SipHeaders, from: SipHeaders, slot: MemoSlot): void {
  const view = from.slot(slot);
  if (view !== undefined) to.setSlot(slot, view);
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
