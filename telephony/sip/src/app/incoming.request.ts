import { EventEmitter } from 'node:events';
import type { SipRequest } from '../message/sip-message.model.js';
import type { ServerTransaction } from '../transaction/transaction.manager.js';
import type { PeerAddress } from '../transport/transport.types.js';

export interface IncomingRequestEvents {
  /** The caller sent CANCEL; 200 (CANCEL) and 487 (INVITE) have already gone out. */
  cancel: [cancel: SipRequest];
}

/** A received request as the application sees it (drachtio-srf's `req`). */
export class IncomingRequest extends EventEmitter<IncomingRequestEvents> {
  readonly msg: SipRequest;
  readonly source: PeerAddress;
  readonly tx: ServerTransaction;
  /** Set by the digest middleware once the request is authenticated. */
  authenticatedUser: string | undefined;
  canceled = false;
  /** Free-form state shared between middleware. */
  readonly locals: Record<string, unknown> = {};

  constructor(msg: SipRequest, source: PeerAddress, tx: ServerTransaction) {
    super();
    this.msg = msg;
    this.source = source;
    this.tx = tx;
  }

  get method(): string {
    return this.msg.method;
  }

  get uri(): string {
    return this.msg.uri;
  }

  get callId(): string {
    return this.msg.callId;
  }

  get body(): string {
    return this.msg.bodyText;
  }

  get(name: string): string | undefined {
    return this.msg.headers.get(name);
  }

  has(name: string): boolean {
    return this.msg.headers.has(name);
  }
}
