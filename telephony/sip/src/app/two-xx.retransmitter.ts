import type { SipResponse } from '../message/sip-message.model.js';
import { ExpiryQueue } from '../transaction/expiry.queue.js';
import type { InviteServerTransaction } from '../transaction/invite-server.transaction.js';
import type { TimerConfig, TimerScheduler } from '../transaction/timer.scheduler.js';

/**
 * One 2xx waiting for its ACK. `finish` settles it once; after that it holds nothing but its
 * key and a flag, so the shell left in a queue until its slot comes up costs a few bytes.
 */
export class Pending2xx {
  /** CSeq number of the INVITE: the ACK that ends the wait carries the same one. */
  readonly seq: number;
  /** Time waited so far and the next interval (T1 doubling up to T2). */
  elapsed = 0;
  interval: number;
  private res: SipResponse | undefined;
  private tx: InviteServerTransaction | undefined;
  private settle: ((err: Error | undefined) => void) | undefined;

  constructor(
    readonly key: string,
    res: SipResponse,
    tx: InviteServerTransaction,
    T1: number,
    settle: (err: Error | undefined) => void,
  ) {
    this.seq = res.cseq.seq;
    this.interval = T1;
    this.res = res;
    this.tx = tx;
    this.settle = settle;
  }

  get finished(): boolean {
    return this.settle === undefined;
  }

  /** Sends the 2xx again through its transaction (RFC 6026 §8.5: Accepted passes it on). */
  resend(): void {
    if (this.res && this.tx) this.tx.respond(this.res);
  }

  /** Ends the wait: without an error when the ACK came. Later calls do nothing. */
  finish(err: Error | undefined): void {
    const settle = this.settle;
    if (settle === undefined) return;
    this.settle = undefined;
    this.res = undefined;
    this.tx = undefined;
    settle(err);
  }
}

/**
 * Retransmits the 2xx of answered INVITEs until their ACK comes (RFC 3261 §13.3.1.4): after T1,
 * then at doubling intervals capped at T2, and gives up after 64*T1. The 2xx travels end to end,
 * so this runs on every transport, TCP included: a later hop may be UDP, only the ACK stops it.
 *
 * Every wait of the same length shares one `ExpiryQueue` (T1, 2*T1, 4*T1, …, T2), so a call costs
 * an entry in an array rather than a timer, a promise and their closures. An ACK only marks its
 * entry finished; the queue drops the entry when its time comes. Almost every ACK arrives within
 * T1, so most entries never fire.
 */
export class TwoXxRetransmitter {
  private readonly queues = new Map<number, ExpiryQueue<Pending2xx>>();

  constructor(
    private readonly timers: TimerConfig,
    private readonly scheduler: TimerScheduler,
    /** Called when 64*T1 passed without an ACK; the entry is still unfinished. */
    private readonly onGiveUp: (pending: Pending2xx) => void,
  ) {}

  /** Starts waiting for the ACK of `res`, which has just been sent once. */
  start(key: string, res: SipResponse, tx: InviteServerTransaction, settle: (err: Error | undefined) => void): Pending2xx {
    const pending = new Pending2xx(key, res, tx, this.timers.T1, settle);
    this.queue(pending.interval).push(pending);
    return pending;
  }

  /** Drops every wait without settling it (stack shutdown). */
  clear(): void {
    for (const q of this.queues.values()) q.clear();
  }

  private queue(interval: number): ExpiryQueue<Pending2xx> {
    let q = this.queues.get(interval);
    if (!q) {
      q = new ExpiryQueue<Pending2xx>(interval, this.scheduler, this.due);
      this.queues.set(interval, q);
    }
    return q;
  }

  private readonly due = (pending: Pending2xx): void => {
    if (pending.finished) return;
    pending.elapsed += pending.interval;
    if (pending.elapsed >= 64 * this.timers.T1) {
      this.onGiveUp(pending);
      return;
    }
    pending.resend();
    pending.interval = Math.min(2 * pending.interval, this.timers.T2);
    this.queue(pending.interval).push(pending);
  };
}
