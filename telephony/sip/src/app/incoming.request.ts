import type { SipRequest } from '../message/sip-message.model.js';
import type { CancelListener } from '../transaction/invite-server.transaction.js';
import type { ServerTransaction } from '../transaction/transaction.manager.js';
import type { PeerAddress } from '../transport/transport.types.js';
import { LazyEmitter } from '../util/lazy.emitter.js';

export interface IncomingRequestEvents {
  /** The caller sent CANCEL; 200 (CANCEL) and 487 (INVITE) have already gone out. */
  cancel: [cancel: SipRequest];
}

/**
 * A received request as the application sees it (drachtio-srf's `req`). One is made per request,
 * so its emitter and `locals` are created only when used.
 */
export class IncomingRequest extends LazyEmitter<IncomingRequestEvents> implements CancelListener {
  readonly msg: SipRequest;
  readonly source: PeerAddress;
  readonly tx: ServerTransaction;
  /** Set by the digest middleware once the request is authenticated. */
  authenticatedUser: string | undefined;
  canceled = false;
  private sharedLocals: Record<string, unknown> | undefined;

  constructor(msg: SipRequest, source: PeerAddress, tx: ServerTransaction) {
    super();
    this.msg = msg;
    this.source = source;
    this.tx = tx;
  }

  /** Free-form state shared between middleware. */
  get locals(): Record<string, unknown> {
    return (this.sharedLocals ??= {});
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

  /** Called by the stack when a CANCEL ended this INVITE. */
  onCanceled(cancel: SipRequest): void {
    this.canceled = true;
    this.emit('cancel', cancel);
  }
}
