import type { SipMessage, SipRequest } from '../message/sip-message.model.js';
import type { TimerConfig, TimerHandle, TimerScheduler } from './timer.scheduler.js';

export interface TransactionContext {
  readonly reliable: boolean;
  readonly timers: TimerConfig;
  readonly scheduler: TimerScheduler;
  /** Hands a message to the transport; a rejection is a transport error (RFC 3261 §17.1.4). */
  readonly send: (message: SipMessage) => Promise<void>;
}

/**
 * Shared machinery of the four RFC 3261 state machines: named timers, guarded transitions,
 * termination that frees everything exactly once.
 */
export abstract class Transaction<S extends string> {
  readonly key: string;
  readonly request: SipRequest;
  protected readonly ctx: TransactionContext;
  private current: S;
  private readonly handles = new Map<string, TimerHandle>();
  /** Called once when the transaction reaches `terminated` (the manager forgets it). */
  onTerminated: ((key: string) => void) | undefined;
  /**
   * Called once when the transaction leaves the states where it waits for its TU (server side:
   * a final response was sent, or it ended). The manager's overload cap counts only those.
   */
  onSettled: (() => void) | undefined;
  private settled = false;

  protected constructor(key: string, request: SipRequest, ctx: TransactionContext, initial: S) {
    this.key = key;
    this.request = request;
    this.ctx = ctx;
    this.current = initial;
  }

  get state(): S {
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
      this.onSettled?.();
    }
    if (next === 'terminated') {
      for (const h of this.handles.values()) h.cancel();
      this.handles.clear();
      this.onTerminated?.(this.key);
    }
  }

  protected startTimer(name: string, ms: number, fire: () => void): void {
    this.handles.get(name)?.cancel();
    this.handles.set(
      name,
      this.ctx.scheduler.set(() => {
        this.handles.delete(name);
        fire();
      }, ms),
    );
  }

  protected stopTimer(name: string): void {
    this.handles.get(name)?.cancel();
    this.handles.delete(name);
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

  /** Names of the running timers (for tests and diagnostics). */
  get runningTimers(): string[] {
    return [...this.handles.keys()];
  }

  protected transmit(message: SipMessage): void {
    this.ctx.send(message).catch((err: unknown) => {
      if (this.current !== 'terminated') this.onTransportError(err instanceof Error ? err : new Error(String(err)));
    });
  }

  protected abstract onTransportError(err: Error): void;
}
