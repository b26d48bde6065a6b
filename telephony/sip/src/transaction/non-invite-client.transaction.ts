import type { SipRequest, SipResponse } from '../message/sip-message.model.js';
import { Transaction, type TransactionContext } from './transaction.base.js';

export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';

export interface ClientTransactionUser {
  onResponse(res: SipResponse): void;
  /** Timer B / F fired: the TU should act as if a 408 had arrived. */
  onTimeout(): void;
  onTransportError(err: Error): void;
}

const NON_INVITE_CLIENT_STATE_TRANSITIONS = {
  trying: ['proceeding', 'completed', 'terminated'],
  proceeding: ['completed', 'terminated'],
  completed: ['terminated'],
  terminated: [],
} as const satisfies Record<NonInviteClientState, readonly NonInviteClientState[]>;

/** RFC 3261 §17.1.2 non-INVITE client transaction (timers E, F, K). */
export class NonInviteClientTransaction extends Transaction<NonInviteClientState> {
  protected readonly transitions = NON_INVITE_CLIENT_STATE_TRANSITIONS;
  private interval: number;

  constructor(key: string, request: SipRequest, ctx: TransactionContext, private readonly tu: ClientTransactionUser) {
    super(key, request, ctx, 'trying');
    this.interval = ctx.timers.T1;
  }

  start(): void {
    this.transmit(this.request);
    if (!this.ctx.reliable) this.startTimer('E', this.interval, () => this.timerE());
    this.startTimer('F', 64 * this.ctx.timers.T1, () => this.timerF());
  }

  private timerE(): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    this.transmit(this.request);
    this.interval = this.state === 'trying' ? Math.min(2 * this.interval, this.ctx.timers.T2) : this.ctx.timers.T2;
    this.startTimer('E', this.interval, () => this.timerE());
  }

  private timerF(): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    this.go('terminated');
    this.tu.onTimeout();
  }

  receiveResponse(res: SipResponse): void {
    if (this.state === 'completed' || this.state === 'terminated') return;
    if (res.status < 200) {
      // Timer E keeps its current interval; once it fires in Proceeding it resets to T2.
      if (this.state === 'trying') this.go('proceeding');
      this.tu.onResponse(res);
      return;
    }
    this.stopTimer('E');
    this.stopTimer('F');
    this.go('completed');
    this.tu.onResponse(res);
    if (this.ctx.reliable) this.go('terminated');
    else this.startTimer('K', this.ctx.timers.T4, () => this.go('terminated'));
  }

  protected onTransportError(err: Error): void {
    if (this.state === 'terminated') return;
    this.go('terminated');
    this.tu.onTransportError(err);
  }
}
