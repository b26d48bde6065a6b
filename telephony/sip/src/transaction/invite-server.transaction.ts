import { generateTag } from '../message/id.generator.js';
import type { SipRequest, SipResponse } from '../message/sip-message.model.js';
import type { ServerTransactionUser } from './non-invite-server.transaction.js';
import { Transaction, type TransactionContext } from './transaction.base.js';

export type InviteServerState = 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';

const INVITE_SERVER_STATE_TRANSITIONS = {
  proceeding: ['accepted', 'completed', 'terminated'],
  accepted: ['terminated'],
  completed: ['confirmed', 'terminated'],
  confirmed: ['terminated'],
  terminated: [],
} as const satisfies Record<InviteServerState, readonly InviteServerState[]>;

/** Told when a CANCEL ended the INVITE (the application's request object, set by the stack). */
export interface CancelListener {
  onCanceled(cancel: SipRequest): void;
}

/**
 * RFC 3261 §17.2.1 INVITE server transaction as updated by RFC 6026: a 2xx moves it to Accepted
 * (Timer L), where INVITE retransmissions are absorbed and the TU retransmits the 2xx itself.
 * Non-2xx finals are retransmitted by Timer G until ACK or Timer H. Timer I absorbs late ACKs.
 */
export class InviteServerTransaction extends Transaction<InviteServerState> {
  protected readonly transitions = INVITE_SERVER_STATE_TRANSITIONS;
  /** To tag every response of this INVITE carries (UAS dialog id, 487 after CANCEL). */
  readonly localTag: string = generateTag();
  /** Who is told about a CANCEL; a field rather than a WeakMap entry per INVITE in the stack. */
  cancelListener: CancelListener | undefined;
  private lastProvisional: SipResponse | undefined;
  private final: SipResponse | undefined;
  private interval: number;

  constructor(key: string, request: SipRequest, ctx: TransactionContext, private readonly tu: ServerTransactionUser) {
    super(key, request, ctx, 'proceeding');
    this.interval = ctx.timers.T1;
  }

  protected override isOpen(state: InviteServerState): boolean {
    return state === 'proceeding';
  }

  protected override linger(): void {
    super.linger();
    this.lastProvisional = undefined;
  }

  get finished(): boolean {
    return this.state !== 'proceeding';
  }

  /** True once any response (provisional or final) has been sent. */
  get responded(): boolean {
    return this.final !== undefined || this.lastProvisional !== undefined;
  }

  /** The final response sent, if any. */
  get finalResponse(): SipResponse | undefined {
    return this.final;
  }

  /** INVITE retransmission or ACK matched to this transaction. */
  receiveRequest(req: SipRequest): void {
    if (req.method === 'ACK') {
      if (this.state === 'completed') {
        this.stopTimer('G');
        this.stopTimer('H');
        this.go('confirmed');
        if (this.ctx.reliable) this.go('terminated');
        else this.lingerFor('I', this.ctx.timers.T4);
      } else if (this.state === 'accepted') {
        this.tu.onAck?.(req, this);
      }
      return;
    }
    if (this.state === 'proceeding' && this.lastProvisional) this.transmit(this.lastProvisional);
    else if (this.state === 'completed' && this.final) this.transmit(this.final);
  }

  respond(res: SipResponse): boolean {
    if (this.state === 'accepted' && res.status >= 200 && res.status < 300) {
      // RFC 6026 §8.5: further 2xx (retransmissions by the TU) are passed to the transport.
      this.transmit(res);
      return true;
    }
    if (this.state !== 'proceeding') return false;
    if (res.status < 200) {
      this.lastProvisional = res;
      this.transmit(res);
      return true;
    }
    this.final = res;
    this.transmit(res);
    if (res.status < 300) {
      this.go('accepted');
      this.lingerFor('L', 64 * this.ctx.timers.T1);
      return true;
    }
    this.linger();
    this.go('completed');
    if (!this.ctx.reliable) this.startTimer('G', this.interval, () => this.timerG());
    this.startTimer('H', 64 * this.ctx.timers.T1, () => this.timerH());
    return true;
  }

  private timerG(): void {
    if (this.state !== 'completed' || !this.final) return;
    this.transmit(this.final);
    this.interval = Math.min(2 * this.interval, this.ctx.timers.T2);
    this.startTimer('G', this.interval, () => this.timerG());
  }

  private timerH(): void {
    if (this.state !== 'completed') return;
    this.go('terminated');
    this.tu.onTimeout?.(this);
  }

  protected onTransportError(err: Error): void {
    if (this.state === 'terminated') return;
    this.go('terminated');
    this.tu.onTransportError(err, this);
  }
}
