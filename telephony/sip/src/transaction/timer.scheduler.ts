/** A cancellable timer. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Injectable time source for the transaction timers. The default reads the global
 * `setTimeout` at call time, so vitest's `vi.useFakeTimers()` drives it too.
 */
export interface TimerScheduler {
  set(fn: () => void, ms: number): TimerHandle;
  /**
   * Monotonic milliseconds, used by the shared expiry queues to know which entries are due.
   * Optional so that simple schedulers stay simple; `performance.now()` is used without it.
   */
  now?(): number;
}

export const systemScheduler: TimerScheduler = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    if (typeof t === 'object' && typeof t.unref === 'function') t.unref();
    return { cancel: () => clearTimeout(t) };
  },
  now: () => performance.now(),
};

/** The scheduler's clock (read at call time, so vitest's fake timers drive it too). */
export function schedulerNow(scheduler: TimerScheduler): number {
  return scheduler.now ? scheduler.now() : performance.now();
}

/** RFC 3261 §17 timer values in milliseconds. */
export interface TimerConfig {
  /** RTT estimate (default 500). */
  readonly T1: number;
  /** Cap of non-INVITE and INVITE-response retransmit intervals (default 4000). */
  readonly T2: number;
  /** Max time a message stays in the network (default 5000). */
  readonly T4: number;
  /** Timer D on unreliable transports (default 32000, at least 32 s by RFC 3261). */
  readonly D: number;
}

export const DEFAULT_TIMERS: TimerConfig = { T1: 500, T2: 4000, T4: 5000, D: 32_000 };
