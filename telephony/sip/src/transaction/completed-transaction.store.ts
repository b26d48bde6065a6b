import { ExpiryQueue } from './expiry.queue.js';
import type { TimerScheduler } from './timer.scheduler.js';

/**
 * What a server transaction that has sent its final response still does when a request matches
 * it, until its timer (J, L or I) ends it:
 * - `resend`: a non-INVITE in Completed sends its final response again (RFC 3261 §17.2.2);
 * - `accepted`: an INVITE in Accepted absorbs INVITE retransmissions and passes a matching ACK
 *   to the TU (RFC 6026 §7.1);
 * - `absorb`: an INVITE in Confirmed absorbs ACK retransmissions (RFC 3261 §17.2.1).
 */
export type CompletedMatch =
  | { readonly action: 'resend'; readonly response: Buffer }
  | { readonly action: 'accepted' }
  | { readonly action: 'absorb' };

const ACCEPTED = 0;
/** The stored value: the final response as a latin1 string (one byte per byte), or a marker. */
type Entry = string | typeof ACCEPTED;

const MATCH_ACCEPTED: CompletedMatch = { action: 'accepted' };
const MATCH_ABSORB: CompletedMatch = { action: 'absorb' };

/**
 * Server transactions that have sent their final response and only wait out Timer J, L or I,
 * kept as little as possible: the matching key, the final response's bytes when it may have to be
 * sent again (non-INVITE), and a slot in one shared expiry queue per timer duration. No request,
 * no parsed headers, no per-transaction timer or closure.
 *
 * At 1,000 calls/s over UDP about 64,000 transactions linger (Timer L for the INVITE, Timer J for
 * the BYE); as full objects they cost about 5 KB each, here a few hundred bytes (the BYE's 200).
 * The bytes are held as a latin1 string on the heap rather than a Buffer: a small Buffer is a
 * slice of an 8 KB pool slab and would keep the whole slab alive.
 */
export class CompletedTransactionStore {
  /** Completed non-INVITEs and Accepted INVITEs: the many that linger 32 s. */
  private readonly entries = new Map<string, Entry>();
  /**
   * Confirmed INVITEs (a non-2xx was ACKed), apart: they are the only entries that change what
   * happens to an ACK, so an ACK is looked up in this small table, not in the large one.
   */
  private readonly confirmed = new Set<string>();
  private readonly queues = new Map<number, ExpiryQueue>();

  constructor(private readonly scheduler: TimerScheduler) {}

  get size(): number {
    return this.entries.size + this.confirmed.size;
  }

  /**
   * A non-INVITE in Completed: `response` is sent again to each retransmitted request. A string
   * is taken as the bytes in latin1 (one character per byte).
   */
  addCompleted(key: string, response: Buffer | string, ms: number): void {
    this.add(key, typeof response === 'string' ? response : response.toString('latin1'), ms);
  }

  /** An INVITE in Accepted (2xx sent, Timer L). */
  addAccepted(key: string, ms: number): void {
    this.add(key, ACCEPTED, ms);
  }

  /** An INVITE in Confirmed (non-2xx ACKed, Timer I). */
  addConfirmed(key: string, ms: number): void {
    if (ms <= 0) return;
    if (this.entries.delete(key)) this.confirmed.add(key);
    else if (!this.confirmed.has(key)) {
      this.confirmed.add(key);
      this.queue(ms).push(key);
    }
  }

  has(key: string): boolean {
    return this.entries.has(key) || (this.confirmed.size > 0 && this.confirmed.has(key));
  }

  /** What to do with a request whose key matches a lingering transaction, if any does. */
  match(key: string): CompletedMatch | undefined {
    if (this.confirmed.size > 0 && this.confirmed.has(key)) return MATCH_ABSORB;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry === ACCEPTED) return MATCH_ACCEPTED;
    return { action: 'resend', response: Buffer.from(entry, 'latin1') };
  }

  /**
   * True when an ACK with this key is absorbed: it matches an INVITE in Confirmed. An ACK that
   * matches an INVITE in Accepted goes to the TU (RFC 6026 §7.1), like one that matches nothing,
   * so only the Confirmed entries need a look.
   */
  absorbsAck(key: string): boolean {
    return this.confirmed.size > 0 && this.confirmed.has(key);
  }

  /** Forgets everything at once (stack shutdown). */
  clear(): void {
    for (const q of this.queues.values()) q.clear();
    this.entries.clear();
    this.confirmed.clear();
  }

  private add(key: string, entry: Entry, ms: number): void {
    if (ms <= 0) return;
    // The manager adds a key once (a matching request never creates a second transaction); a
    // repeated add replaces the entry and keeps the first expiry.
    if (this.confirmed.delete(key)) this.entries.set(key, entry);
    else if (this.entries.has(key)) this.entries.set(key, entry);
    else {
      this.entries.set(key, entry);
      this.queue(ms).push(key);
    }
  }

  private queue(ms: number): ExpiryQueue {
    let queue = this.queues.get(ms);
    if (!queue) {
      queue = new ExpiryQueue(ms, this.scheduler, this.expire);
      this.queues.set(ms, queue);
    }
    return queue;
  }

  /** A key is in one table at most: forgetting it from both is forgetting it. */
  private readonly expire = (key: string): void => {
    if (!this.entries.delete(key)) this.confirmed.delete(key);
  };
}
