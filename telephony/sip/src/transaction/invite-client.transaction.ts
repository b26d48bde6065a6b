import { SipHeaders } from '../message/sip-headers.model.js';
import { SipRequest, type SipResponse } from '../message/sip-message.model.js';
import type { ClientTransactionUser } from './non-invite-client.transaction.js';
import { Transaction, type TransactionContext } from './transaction.base.js';

export type InviteClientState = 'calling' | 'proceeding' | 'accepted' | 'completed' | 'terminated';

const INVITE_CLIENT_STATE_TRANSITIONS = {
  calling: ['proceeding', 'accepted', 'completed', 'terminated'],
  proceeding: ['accepted', 'completed', 'terminated'],
  accepted: ['terminated'],
  completed: ['terminated'],
  terminated: [],
} as const satisfies Record<InviteClientState, readonly InviteClientState[]>;

/**
 * RFC 3261 §17.1.1 INVITE client transaction with the RFC 6026 Accepted state: 2xx responses,
 * retransmissions included, go to the TU (which ACKs them); non-2xx finals are ACKed here.
 * Timers A, B, D and M.
 */
export class InviteClientTransaction extends Transaction<InviteClientState> {
  protected readonly transitions = INVITE_CLIENT_STATE_TRANSITIONS;
  private interval: number;
  private ack: SipRequest | undefined;

  constructor(key: string, request: SipRequest, ctx: TransactionContext, private readonly tu: ClientTransactionUser) {
    super(key, request, ctx, 'calling');
    this.interval = ctx.timers.T1;
  }

  start(): void {
    this.transmit(this.request);
    if (!this.ctx.reliable) this.startTimer('A', this.interval, () => this.timerA());
    this.startTimer('B', 64 * this.ctx.timers.T1, () => this.timerB());
  }

  private timerA(): void {
    if (this.state !== 'calling') return;
    this.transmit(this.request);
    this.interval *= 2;
    this.startTimer('A', this.interval, () => this.timerA());
  }

  private timerB(): void {
    if (this.state !== 'calling') return;
    this.go('terminated');
    this.tu.onTimeout();
  }

  receiveResponse(res: SipResponse): void {
    switch (this.state) {
      case 'calling':
      case 'proceeding':
        if (res.status < 200) {
          if (this.state === 'calling') {
            this.stopTimer('A');
            this.stopTimer('B');
            this.go('proceeding');
          }
          this.tu.onResponse(res);
        } else if (res.status < 300) {
          this.stopTimer('A');
          this.stopTimer('B');
          this.go('accepted');
          this.startTimer('M', 64 * this.ctx.timers.T1, () => this.go('terminated'));
          this.tu.onResponse(res);
        } else {
          this.stopTimer('A');
          this.stopTimer('B');
          this.go('completed');
          this.ack = this.buildAck(res);
          this.transmit(this.ack);
          this.tu.onResponse(res);
          if (this.ctx.reliable) this.go('terminated');
          else this.startTimer('D', this.ctx.timers.D, () => this.go('terminated'));
        }
        return;
      case 'accepted':
        // 2xx retransmissions (possibly from other forks) go up so the TU can re-ACK them.
        if (res.status >= 200 && res.status < 300) this.tu.onResponse(res);
        return;
      case 'completed':
        if (res.status >= 300 && this.ack) this.transmit(this.ack);
        return;
      case 'terminated':
        return;
    }
  }

  /** ACK for a non-2xx final response (RFC 3261 §17.1.1.3): same branch, To from the response. */
  private buildAck(res: SipResponse): SipRequest {
    const h = new SipHeaders();
    const topVia = this.request.headers.getAll('via')[0];
    if (topVia !== undefined) h.append('Via', topVia);
    h.append('Max-Forwards', 70);
    h.append('From', this.request.headers.get('from') ?? '');
    h.append('To', res.headers.get('to') ?? '');
    h.append('Call-ID', this.request.callId);
    h.append('CSeq', `${this.request.cseq.seq} ACK`);
    for (const r of this.request.headers.getLines('route')) h.append('Route', r);
    return new SipRequest('ACK', this.request.uri, h);
  }

  protected onTransportError(err: Error): void {
    if (this.state === 'terminated') return;
    this.go('terminated');
    this.tu.onTransportError(err);
  }
}
