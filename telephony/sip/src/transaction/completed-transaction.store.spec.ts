import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { parseMessage } from '../message/message.parser.js';
import { createResponse } from '../message/message.factory.js';
import { serializeMessage } from '../message/message.serializer.js';
import { SipRequest } from '../message/sip-message.model.js';
import { CompletedTransactionStore } from './completed-transaction.store.js';
import { ExpiryQueue } from './expiry.queue.js';
import { systemScheduler } from './timer.scheduler.js';
import { serverKey } from './transaction.manager.js';

function bye(i: number): SipRequest {
  const text =
    `BYE sip:uas@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-${i}-1-7\r\n` +
    `From: sipp <sip:sipp@127.0.0.1:5061>;tag=${i}SIPpTag001\r\nTo: <sip:uas@127.0.0.1:5060>;tag=abcdef0123456789\r\n` +
    `Call-ID: ${i}-4242@127.0.0.1\r\nCSeq: 2 BYE\r\nContact: <sip:sipp@127.0.0.1:5061>\r\nMax-Forwards: 70\r\n` +
    `Subject: Performance Test\r\nContent-Length: 0\r\n\r\n`;
  return parseMessage(Buffer.from(text)) as SipRequest;
}

describe('ExpiryQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('forgets each key its delay after it was pushed, never earlier, with one timer', async () => {
    const gone: string[] = [];
    const q = new ExpiryQueue(1000, systemScheduler, (k) => gone.push(k));
    q.push('a');
    await vi.advanceTimersByTimeAsync(300);
    q.push('b');
    q.push('c');
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(699);
    expect(gone).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(gone).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(299);
    expect(gone).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(gone).toEqual(['a', 'b', 'c']);
    expect(q.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stays exact over many keys and compacts its arrays', async () => {
    let expired = 0;
    const q = new ExpiryQueue(500, systemScheduler, () => expired++);
    for (let i = 0; i < 10_000; i++) {
      q.push(`k${i}`);
      if (i % 100 === 99) await vi.advanceTimersByTimeAsync(1);
    }
    // key i was pushed at floor(i / 100) ms and is due 500 ms later (at most 10 ms late)
    await vi.advanceTimersByTimeAsync(500 - 100);
    expect(expired).toBeGreaterThanOrEqual(0);
    expect(expired).toBeLessThanOrEqual(100);
    await vi.advanceTimersByTimeAsync(100 + 10);
    expect(expired).toBe(10_000);
    expect(q.size).toBe(0);
  });

  it('clear() drops everything without expiring it', async () => {
    const gone: string[] = [];
    const q = new ExpiryQueue(100, systemScheduler, (k) => gone.push(k));
    q.push('x');
    q.clear();
    await vi.advanceTimersByTimeAsync(1000);
    expect(gone).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('CompletedTransactionStore', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives back the stored final response, byte for byte, to a retransmitted request', () => {
    const store = new CompletedTransactionStore(systemScheduler);
    const req = bye(1);
    const wire = serializeMessage(createResponse(req, 200, { headers: { Server: 'Ringwell \u00e9t\u00e9' } }));
    store.addCompleted(serverKey(req), wire, 32_000);
    const match = store.match(serverKey(bye(1)));
    expect(match?.action).toBe('resend');
    expect(match?.action === 'resend' && match.response.equals(wire)).toBe(true);
    expect(store.match(serverKey(bye(2)))).toBeUndefined();
  });

  it('marks an accepted INVITE (ACK to the TU) and a confirmed one (absorb)', () => {
    const store = new CompletedTransactionStore(systemScheduler);
    store.addAccepted('inv|a|INVITE', 32_000);
    store.addConfirmed('inv|b|INVITE', 5000);
    expect(store.match('inv|a|INVITE')).toEqual({ action: 'accepted' });
    expect(store.match('inv|b|INVITE')).toEqual({ action: 'absorb' });
    expect(store.size).toBe(2);
    // only a Confirmed INVITE absorbs an ACK; one in Accepted lets it through to the TU
    expect(store.absorbsAck('inv|b|INVITE')).toBe(true);
    expect(store.absorbsAck('inv|a|INVITE')).toBe(false);
    expect(store.absorbsAck('inv|none|INVITE')).toBe(false);
    expect(store.has('inv|a|INVITE') && store.has('inv|b|INVITE')).toBe(true);
  });

  it('keeps one entry and its first expiry when a key is added again, in either table', async () => {
    const store = new CompletedTransactionStore(systemScheduler);
    store.addAccepted('k', 1000);
    store.addConfirmed('k', 5000);
    expect(store.size).toBe(1);
    expect(store.match('k')).toEqual({ action: 'absorb' });
    store.addCompleted('k', 'SIP/2.0 200 OK\r\n\r\n', 5000);
    expect(store.size).toBe(1);
    expect(store.absorbsAck('k')).toBe(false);
    expect(store.match('k')).toMatchObject({ action: 'resend' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.size).toBe(0);
    store.addConfirmed('c', 1000);
    store.addConfirmed('c', 1000);
    expect(store.size).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.has('c')).toBe(false);
    expect(store.size).toBe(0);
  });

  it('forgets entries exactly on time, each with its own duration, under fake timers', async () => {
    const store = new CompletedTransactionStore(systemScheduler);
    store.addAccepted('L', 32_000);
    store.addConfirmed('I', 5000);
    store.addCompleted('J', Buffer.from('SIP/2.0 200 OK\r\n\r\n'), 32_000);
    expect(vi.getTimerCount()).toBe(2); // one per duration, not one per entry
    await vi.advanceTimersByTimeAsync(4999);
    expect(store.has('I')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.has('I')).toBe(false);
    await vi.advanceTimersByTimeAsync(32_000 - 5000 - 1);
    expect(store.size).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.size).toBe(0);
    expect(store.match('L')).toBeUndefined();
  });

  it('keeps a lingering transaction in a few hundred bytes (key from a real message, 200 OK bytes)', () => {
    vi.useRealTimers();
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const store = new CompletedTransactionStore(systemScheduler);
    const n = 5000;
    gc();
    const before = process.memoryUsage();
    for (let i = 0; i < n; i++) {
      // each message is garbage right after: only what the store keeps survives the GC
      const r = bye(i);
      store.addCompleted(serverKey(r), serializeMessage(createResponse(r, 200)), 32_000);
      store.addAccepted(serverKey(new SipRequest('INVITE', r.uri, r.headers)), 32_000);
    }
    gc();
    const after = process.memoryUsage();
    const perCall = (after.heapUsed + after.external - before.heapUsed - before.external) / n;
    // One BYE (Completed, its 200 kept: ~330 bytes) and one INVITE (Accepted) per call. As full
    // transaction objects the two cost about 10 KB; the parsed messages are freed.
    expect(store.size).toBe(2 * n);
    expect(perCall).toBeLessThan(1024);
    store.clear();
  }, 30_000);
});
