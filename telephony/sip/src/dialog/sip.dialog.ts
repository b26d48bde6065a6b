import { parseNameAddr } from '../message/header.parser.js';
import { flatten } from '../message/id.generator.js';
import { createRequest, type HeaderInit } from '../message/message.factory.js';
import { isHoldSdp } from './sdp-hold.js';
import type { SipRequest, SipResponse } from '../message/sip-message.model.js';
import type { IncomingRequest } from '../app/incoming.request.js';
import type { PeerAddress } from '../transport/transport.types.js';
import type { OutgoingResponse } from '../app/outgoing.response.js';
import { LazyEmitter } from '../util/lazy.emitter.js';

export type DialogState = 'confirmed' | 'terminated';
export type DialogRole = 'uas' | 'uac';

/** Identity of a dialog (RFC 3261 §12): Call-ID plus both tags. */
export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
}

export function dialogKey(id: DialogId): string {
  return flatten(`${id.callId}|${id.localTag}|${id.remoteTag}`);
}

/** `dialogKey` for a lookup: no id object, and no flattening (the key is not kept). */
export function dialogLookupKey(callId: string, localTag: string | undefined, remoteTag: string | undefined): string {
  return `${callId}|${localTag ?? ''}|${remoteTag ?? ''}`;
}

export interface DialogEvents {
  /** The dialog ended: BYE from the peer (with it), or our own `destroy()` (without). */
  destroy: [bye: SipRequest | undefined];
  /** Any other in-dialog request (re-INVITE, INFO, UPDATE, NOTIFY…). Unanswered → 200. */
  request: [req: IncomingRequest, res: OutgoingResponse];
  /** The ACK of our 2xx (UAS). */
  ack: [ack: SipRequest];
  /**
   * The peer changed the session: a re-INVITE or UPDATE whose SDP differs from the current one got
   * a 2xx (or its ACK carried the answer). `remoteSdp` already holds the new SDP.
   */
  modify: [sdp: string, req: SipRequest];
  /** The peer put the call on hold: its new SDP is `sendonly`, `inactive` or `c=0.0.0.0` (RFC 3264 §8.4). */
  hold: [req: SipRequest];
  /** The peer took the call off hold. */
  unhold: [req: SipRequest];
}

export interface DialogRequestOptions {
  readonly headers?: HeaderInit;
  readonly body?: string | Buffer;
}

/** What the dialog needs from the stack to send in-dialog requests (kept narrow for tests). */
export interface DialogSender {
  request(dialog: Dialog, req: SipRequest): Promise<SipResponse>;
  release(dialog: Dialog): void;
}

export interface DialogInit {
  readonly role: DialogRole;
  readonly id: DialogId;
  /** Our URI and the peer's (From/To without tags). */
  readonly localUri: string;
  readonly remoteUri: string;
  readonly remoteTarget: string;
  /** In the order requests must traverse them. */
  readonly routeSet: readonly string[];
  readonly localSeq: number;
  readonly remoteSeq: number;
  readonly localContact: string;
  readonly localSdp?: string | undefined;
  readonly remoteSdp?: string | undefined;
}

/**
 * A confirmed SIP dialog, UAS or UAC side (RFC 3261 §12–15). Its emitter is created with the first
 * listener: a call that nobody listens to costs no `EventEmitter`.
 */
export class Dialog extends LazyEmitter<DialogEvents> {
  readonly role: DialogRole;
  readonly id: DialogId;
  /** `dialogKey(id)`, computed once. */
  readonly key: string;
  readonly localUri: string;
  readonly remoteUri: string;
  remoteTarget: string;
  readonly routeSet: readonly string[];
  localSeq: number;
  remoteSeq: number;
  readonly localContact: string;
  localSdp: string | undefined;
  remoteSdp: string | undefined;
  /** The transport flow the dialog was set up on (set by the stack; TCP requests reuse it). */
  flow: PeerAddress | undefined;
  private current: DialogState = 'confirmed';

  constructor(
    init: DialogInit,
    private readonly sender: DialogSender,
  ) {
    super();
    this.role = init.role;
    this.id = init.id;
    this.key = dialogKey(init.id);
    this.localUri = init.localUri;
    this.remoteUri = init.remoteUri;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.localContact = init.localContact;
    this.localSdp = init.localSdp;
    this.remoteSdp = init.remoteSdp;
  }

  /** True while the peer's SDP holds the call (see the `hold` event). */
  get remoteHeld(): boolean {
    return this.remoteSdp !== undefined && isHoldSdp(this.remoteSdp);
  }

  /**
   * Takes a new SDP from the peer that the session accepted (the stack calls this on the 2xx to a
   * re-INVITE or UPDATE, or on an ACK carrying the answer): emits `modify` when it differs from
   * the current one, then `hold` or `unhold` when the hold state changed. A session refresh that
   * repeats the same SDP emits nothing.
   */
  acceptRemoteSdp(sdp: string, req: SipRequest): void {
    if (sdp === this.remoteSdp) return;
    const wasHeld = this.remoteHeld;
    this.remoteSdp = sdp;
    const held = this.remoteHeld;
    this.emit('modify', sdp, req);
    if (held !== wasHeld) this.emit(held ? 'hold' : 'unhold', req);
  }

  /**
   * Asks the peer to call `referTo` (blind transfer, RFC 3515). Resolves with the REFER's final
   * response: 202 when the peer took it on; its progress then comes as NOTIFY requests (`request`
   * event) with a `message/sipfrag` body.
   */
  refer(referTo: string, options: DialogRequestOptions = {}): Promise<SipResponse> {
    return this.request('REFER', {
      ...options,
      headers: { 'Refer-To': `<${referTo}>`, 'Referred-By': `<${this.localUri}>`, ...options.headers },
    });
  }

  /**
   * Tells the peer that sent us a REFER how the new call is going (RFC 3515 §2.4.4): a NOTIFY of
   * the implicit `refer` subscription whose body is the status line of that call. `final` ends the
   * subscription (a final response of the new call).
   */
  notifyReferProgress(status: number, reason: string, final: boolean): Promise<SipResponse> {
    return this.request('NOTIFY', {
      headers: {
        Event: 'refer',
        'Subscription-State': final ? 'terminated;reason=noresource' : 'active;expires=60',
        'Content-Type': 'message/sipfrag;version=2.0',
      },
      body: `SIP/2.0 ${status} ${reason}\r\n`,
    });
  }


  get state(): DialogState {
    return this.current;
  }

  /**
   * Builds an in-dialog request (RFC 3261 §12.2.1.1, loose routing): Request-URI is the remote
   * target, Route carries the route set, CSeq increments.
   */
  buildRequest(method: string, options: DialogRequestOptions = {}): SipRequest {
    const seq = method === 'ACK' || method === 'CANCEL' ? this.localSeq : ++this.localSeq;
    const req = createRequest({
      method,
      uri: this.remoteTarget,
      headers: {
        From: `<${this.localUri}>;tag=${this.id.localTag}`,
        To: `<${this.remoteUri}>;tag=${this.id.remoteTag}`,
        'Call-ID': this.id.callId,
        CSeq: `${seq} ${method}`,
        'Max-Forwards': 70,
        ...(method === 'INVITE' || method === 'UPDATE' ? { Contact: `<${this.localContact}>` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    if (this.routeSet.length > 0) req.headers.set('Route', this.routeSet.map((r) => `<${r}>`));
    return req;
  }

  /** Sends an in-dialog request and resolves with its final response. */
  request(method: string, options: DialogRequestOptions = {}): Promise<SipResponse> {
    if (this.current === 'terminated') return Promise.reject(new Error('dialog is terminated'));
    return this.sender.request(this, this.buildRequest(method, options));
  }

  /** Hangs up: sends BYE and ends the dialog (RFC 3261 §15.1.1). Resolves with the BYE's response. */
  async destroy(options: DialogRequestOptions = {}): Promise<SipResponse | undefined> {
    if (this.current === 'terminated') return undefined;
    const bye = this.buildRequest('BYE', options);
    this.terminate(undefined);
    return this.sender.request(this, bye);
  }

  /** Marks the dialog ended and tells listeners; idempotent. */
  terminate(bye: SipRequest | undefined): void {
    if (this.current === 'terminated') return;
    this.current = 'terminated';
    this.sender.release(this);
    this.emit('destroy', bye);
  }
}

/** Route set from Record-Route: reversed for a UAC, as-is for a UAS (RFC 3261 §12.1). */
export function routeSetFrom(recordRoutes: readonly string[], role: DialogRole): string[] {
  const uris = recordRoutes.map((r) => parseNameAddr(r).uri);
  return role === 'uac' ? uris.reverse() : uris;
}
