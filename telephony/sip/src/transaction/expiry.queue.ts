import { schedulerNow, type TimerHandle, type TimerScheduler } from './timer.scheduler.js';

/** Expiries closer together than this are handled by one timer callback. */
const MIN_TICK_MS = 10;
/** Consumed slots at the head are cut off once there are this many (and they are half the queue). */
const COMPACT_AT = 4096;

/**
 * Forgets keys (or any items) a fixed delay after they were pushed, with one timer for the whole
 * queue instead of one per key. Every key waits the same `delayMs`, so push order is expiry order and a FIFO is
 * enough: two parallel arrays (keys, due times) and a head index, no object per entry.
 *
 * A key is never forgotten early. It may be forgotten up to `MIN_TICK_MS` late when expiries
 * crowd, which RFC 3261 timers allow (they are lower bounds on how long state is kept).
 */
export class ExpiryQueue<T = string> {
  private keys: T[] = [];
  private due: number[] = [];
  private head = 0;
  private handle: TimerHandle | undefined;

  constructor(
    readonly delayMs: number,
    private readonly scheduler: TimerScheduler,
    private readonly onExpire: (key: T) => void,
  ) {}

  /** Keys waiting. */
  get size(): number {
    return this.keys.length - this.head;
  }

  push(key: T): void {
    this.keys.push(key);
    this.due.push(schedulerNow(this.scheduler) + this.delayMs);
    this.handle ??= this.scheduler.set(this.fire, this.delayMs);
  }

  /** Drops every key without calling `onExpire` and stops the timer. */
  clear(): void {
    this.handle?.cancel();
    this.handle = undefined;
    this.keys = [];
    this.due = [];
    this.head = 0;
  }

  private readonly fire = (): void => {
    this.handle = undefined;
    const now = schedulerNow(this.scheduler);
    const { keys, due } = this;
    let head = this.head;
    while (head < keys.length && (due[head] as number) <= now) {
      const key = keys[head] as T;
      head++;
      this.head = head;
      this.onExpire(key);
    }
    if (this.keys !== keys) return; // cleared by onExpire
    if (head === keys.length) {
      this.keys = [];
      this.due = [];
      this.head = 0;
      return;
    }
    if (head >= COMPACT_AT && head * 2 >= keys.length) {
      this.keys = keys.slice(head);
      this.due = due.slice(head);
      this.head = 0;
    }
    const wait = (this.due[this.head] as number) - now;
    this.handle = this.scheduler.set(this.fire, Math.min(this.delayMs, Math.max(wait, MIN_TICK_MS)));
  };
}
