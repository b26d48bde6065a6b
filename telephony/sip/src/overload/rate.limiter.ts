import type { SipRequest } from '../message/sip-message.model.js';
import type { Rejection } from '../transaction/transaction.manager.js';
import type { PeerAddress } from '../transport/transport.types.js';

export interface SourceRateLimiterOptions {
  /** Sustained requests per second per source address and method (default 20). */
  readonly ratePerSecond?: number;
  /** Burst size (default 2 × rate). */
  readonly burst?: number;
  /** Methods limited (default REGISTER and INVITE). */
  readonly methods?: readonly string[];
  /** Sources tracked at most; the least recently seen is forgotten first (default 100,000). */
  readonly maxSources?: number;
  /** Retry-After of the 503 (default 10 s). */
  readonly retryAfterSeconds?: number;
  readonly now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token bucket per (source address, method), in the spirit of Kamailio's pike: a registration
 * storm or an INVITE flood from one address gets 503 + Retry-After without touching the rest.
 */
export class SourceRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rate: number;
  private readonly burst: number;
  private readonly methods: ReadonlySet<string>;
  private readonly maxSources: number;
  private readonly retryAfter: number;
  private readonly now: () => number;

  constructor(options: SourceRateLimiterOptions = {}) {
    this.rate = options.ratePerSecond ?? 20;
    this.burst = options.burst ?? this.rate * 2;
    this.methods = new Set(options.methods ?? ['REGISTER', 'INVITE']);
    this.maxSources = options.maxSources ?? 100_000;
    this.retryAfter = options.retryAfterSeconds ?? 10;
    this.now = options.now ?? Date.now;
  }

  get trackedSources(): number {
    return this.buckets.size;
  }

  /** Admission hook for `TransactionManager`: undefined admits, a Rejection refuses. */
  check(req: SipRequest, source: PeerAddress): Rejection | undefined {
    if (!this.methods.has(req.method)) return undefined;
    const key = `${source.address}|${req.method}`;
    const now = this.now();
    let b = this.buckets.get(key);
    if (b) {
      this.buckets.delete(key); // re-inserted below: Map order = recency
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate);
      b.at = now;
    } else {
      b = { tokens: this.burst, at: now };
      if (this.buckets.size >= this.maxSources) {
        const oldest = this.buckets.keys().next();
        if (!oldest.done) this.buckets.delete(oldest.value);
      }
    }
    this.buckets.set(key, b);
    if (b.tokens < 1) return { status: 503, retryAfter: this.retryAfter, reason: 'rate-limited' };
    b.tokens -= 1;
    return undefined;
  }
}
