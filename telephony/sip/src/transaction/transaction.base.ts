import type { SipMessage, SipRequest } from '../message/sip-message.model.js';
import type { PeerAddress, SendErrorHandler } from '../transport/transport.types.js';
import { schedulerNow, type TimerConfig, type TimerHandle, type TimerScheduler } from './timer.scheduler.js';

export interface TransactionContext {
  readonly reliable: boolean;
  readonly timers: TimerConfig;
  readonly scheduler: TimerScheduler;
  /**
   * Hands a message to the transport, for `target` (the transaction's peer). A failure is a
   * transport error (RFC 3261 §17.1.4, §17.2.4) and comes back through `onError`, never
   * synchronously. No promise per message: a context is shared by many transactions.
   */
  readonly send: (message: SipMessage, target: PeerAddress | undefined, onError: SendErrorHandler) => void;
}

/** What hooks and TUs are given of a transaction (any of the four machines). */
export interface TransactionHandle {
  readonly key: string;
  readonly request: SipRequest;
  readonly state: string;
  target: PeerAddress | undefined;
}

/**
 * Shared machinery of the four RFC 3261 state machines: named timers, guarded transitions,
 * termination that frees everything exactly once.
 */
export abstract class Transaction<S extends string> implements TransactionHandle {
  readonly key: string;
  readonly request: SipRequest;
  protected readonly ctx: TransactionContext;
  /**
   * Where this transaction's messages go: the request's source for a server transaction, the
   * next hop for a client one. Set by the manager; passed to `ctx.send` with each message.
   */
  target: PeerAddress | undefined;
  private current: S;
  /** Created with the first message sent, then shared by every send of this transaction. */
  private sendFailed: SendErrorHandler | undefined;
  /** Running timers by name; created with the first one (most server transactions never start any). */
  private handles: Map<string, TimerHandle> | undefined;
  /*
   * The hooks below receive the transaction, so the manager sets one shared function for all of
   * them instead of three closures per transaction.
   */
  /** Called once when the transaction reaches `terminated` (the manager forgets it). */
  onTerminated: ((key: string, tx: TransactionHandle) => void) | undefined;
  /**
   * Called once when the transaction leaves the states where it waits for its TU (server side:
   * a final response was sent, or it ended). The manager's overload cap counts only those.
   */
  onSettled: ((tx: TransactionHandle) => void) | undefined;
  /**
   * Set by the manager: takes over a transaction that only lingers to absorb retransmissions
   * (Accepted, Completed, Confirmed) and keeps it in its compact store, with one shared expiry
   * queue instead of this object's timer. Returns false to leave the transaction to its own timer.
   */
  onLinger: ((ms: number, tx: TransactionHandle) => boolean) | undefined;
  private settled = false;
  /** When the store that took this transaction over forgets it (scheduler clock). */
  private lingerUntil: number | undefined;

  protected constructor(key: string, request: SipRequest, ctx: TransactionContext, initial: S) {
    this.key = key;
    this.request = request;
    this.ctx = ctx;
    this.current = initial;
  }

  /**
   * Current state. A transaction handed to the manager's store has no timer of its own: it reads
   * as terminated once its lingering time is over, like one whose timer fired.
   */
  get state(): S {
    if (this.lingerUntil !== undefined && schedulerNow(this.ctx.scheduler) >= this.lingerUntil) {
      this.lingerUntil = undefined;
      // every machine has a 'terminated' state, reachable from each lingering state
      this.go('terminated' as S);
    }
    return this.current;
  }

  /** Allowed transitions of the concrete machine. */
  protected abstract readonly transitions: Readonly<Record<S, readonly S[]>>;

  protected go(next: S): void {
    if (!this.transitions[this.current].includes(next)) {
      throw new Error(`illegal transaction transition ${this.current} -> ${next}`);
    }
    this.current = next;
    if (!this.settled && !this.isOpen(next)) {
      this.settled = true;
      this.onSettled?.(this);
    }
    if (next === 'terminated') {
      if (this.handles) for (const h of this.handles.values()) h.cancel();
      this.handles = undefined;
      this.onTerminated?.(this.key, this);
    }
  }

  protected startTimer(name: string, ms: number, fire: () => void): void {
    const handles = (this.handles ??= new Map());
    handles.get(name)?.cancel();
    handles.set(
      name,
      this.ctx.scheduler.set(() => {
        handles.delete(name);
        fire();
      }, ms),
    );
  }

  protected stopTimer(name: string): void {
    this.handles?.get(name)?.cancel();
    this.handles?.delete(name);
  }

  /** True while the transaction still waits for its TU to answer (only server machines wait). */
  protected isOpen(_state: S): boolean {
    return false;
  }

  /**
   * Entering a state that only absorbs retransmissions until a timer ends it (Accepted, Completed,
   * Confirmed): drop what those states never read again, so the thousands of transactions that
   * linger for 32 s at high call rates cost little memory. Parsed header views are a cache and
   * come back on demand.
   */
  protected linger(): void {
    this.request.headers.dropCache();
  }

  /**
   * Waits `ms` in a lingering state, then terminates: in the manager's compact store when it takes
   * the transaction over (the usual case), else on this object's own timer `name`.
   */
  protected lingerFor(name: string, ms: number): void {
    this.linger();
    if (this.onLinger?.(ms, this) === true) {
      this.lingerUntil = schedulerNow(this.ctx.scheduler) + ms;
      return;
    }
    this.startTimer(name, ms, () => this.go('terminated' as S));
  }

  /** Names of the running timers (for tests and diagnostics). */
  get runningTimers(): string[] {
    return this.handles ? [...this.handles.keys()] : [];
  }

  protected transmit(message: SipMessage): void {
    this.sendFailed ??= (err: Error): void => {
      if (this.current !== 'terminated') this.onTransportError(err);
    };
    this.ctx.send(message, this.target, this.sendFailed);
  }

  protected abstract onTransportError(err: Error): void;
}
