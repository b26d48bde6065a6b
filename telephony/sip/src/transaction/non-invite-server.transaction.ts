import type { SipRequest, SipResponse } from '../message/sip-message.model.js';
import { Transaction, type TransactionContext, type TransactionHandle } from './transaction.base.js';

export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';

/**
 * The TU of a server transaction. Each method receives the transaction, so one object can serve
 * every transaction (the manager's does) instead of a set of closures per transaction.
 */
export interface ServerTransactionUser {
  onTransportError(err: Error, tx: TransactionHandle): void;
  /** INVITE only: Timer H fired, the non-2xx final was never ACKed. */
  onTimeout?(tx: TransactionHandle): void;
  /** INVITE only: an ACK matched the transaction in the Accepted state (RFC 6026). */
  onAck?(ack: SipRequest, tx: TransactionHandle): void;
}


const NON_INVITE_SERVER_STATE_TRANSITIONS = {
  trying: ['proceeding', 'completed', 'terminated'],
  proceeding: ['completed', 'terminated'],
  completed: ['terminated'],
  terminated: [],
} as const satisfies Record<NonInviteServerState, readonly NonInviteServerState[]>;

/** RFC 3261 §17.2.2 non-INVITE server transaction (timer J). */
export class NonInviteServerTransaction extends Transaction<NonInviteServerState> {
  protected readonly transitions = NON_INVITE_SERVER_STATE_TRANSITIONS;
  private last: SipResponse | undefined;

  constructor(key: string, request: SipRequest, ctx: TransactionContext, private readonly tu: ServerTransactionUser) {
    super(key, request, ctx, 'trying');
  }

  protected override isOpen(state: NonInviteServerState): boolean {
    return state === 'trying' || state === 'proceeding';
  }

  /** True once a final response has been sent. */
  get finished(): boolean {
    return this.state === 'completed' || this.state === 'terminated';
  }

  /** The last response sent (the final one once Completed). */
  get lastResponse(): SipResponse | undefined {
    return this.last;
  }

  /** A retransmission of the request. */
  receiveRequest(_req: SipRequest): void {
    if ((this.state === 'proceeding' || this.state === 'completed') && this.last) this.transmit(this.last);
  }

  /** Sends a response from the TU; returns false when the transaction no longer accepts one. */
  respond(res: SipResponse): boolean {
    if (this.finished) return false;
    this.last = res;
    this.transmit(res);
    if (res.status < 200) {
      if (this.state === 'trying') this.go('proceeding');
      return true;
    }
    this.go('completed');
    if (this.ctx.reliable) this.go('terminated');
    else this.lingerFor('J', 64 * this.ctx.timers.T1);
    return true;
  }

  protected onTransportError(err: Error): void {
    if (this.state === 'terminated') return;
    this.go('terminated');
    this.tu.onTransportError(err, this);
  }
}
