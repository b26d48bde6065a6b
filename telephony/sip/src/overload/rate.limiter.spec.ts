import { describe, it, expect } from 'vitest';
import { createRequest } from '../message/message.factory.js';
import type { PeerAddress } from '../transport/transport.types.js';
import { SourceRateLimiter } from './rate.limiter.js';

const from = (address: string): PeerAddress => ({ protocol: 'udp', address, port: 5060 });
const request = (method: string) => createRequest({ method, uri: 'sip:x@h' });

describe('SourceRateLimiter', () => {
  it('allows a burst, refuses the excess with 503 Retry-After, refills over time', () => {
    let now = 0;
    const limiter = new SourceRateLimiter({ ratePerSecond: 2, burst: 3, retryAfterSeconds: 4, now: () => now });
    const verdicts = Array.from({ length: 5 }, () => limiter.check(request('INVITE'), from('10.0.0.1')));
    expect(verdicts.map((v) => v?.status ?? 'ok')).toEqual(['ok', 'ok', 'ok', 503, 503]);
    expect(verdicts[3]).toEqual({ status: 503, retryAfter: 4, reason: 'rate-limited' });
    now += 500; // one token back at 2/s
    expect(limiter.check(request('INVITE'), from('10.0.0.1'))).toBeUndefined();
    expect(limiter.check(request('INVITE'), from('10.0.0.1'))?.status).toBe(503);
  });

  it('keeps sources and methods apart and ignores unlimited methods', () => {
    const limiter = new SourceRateLimiter({ ratePerSecond: 1, burst: 1, now: () => 0 });
    expect(limiter.check(request('REGISTER'), from('10.0.0.1'))).toBeUndefined();
    expect(limiter.check(request('REGISTER'), from('10.0.0.1'))?.status).toBe(503);
    expect(limiter.check(request('INVITE'), from('10.0.0.1'))).toBeUndefined();
    expect(limiter.check(request('REGISTER'), from('10.0.0.2'))).toBeUndefined();
    for (let i = 0; i < 10; i++) expect(limiter.check(request('OPTIONS'), from('10.0.0.1'))).toBeUndefined();
  });

  it('bounds the number of tracked sources', () => {
    const limiter = new SourceRateLimiter({ maxSources: 100, now: () => 0 });
    for (let i = 0; i < 1000; i++) limiter.check(request('INVITE'), from(`10.0.${i >> 8}.${i & 255}`));
    expect(limiter.trackedSources).toBe(100);
  });
});
