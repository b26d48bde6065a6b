import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { parseMessage } from '../message/message.parser.js';
import { createResponse } from '../message/message.factory.js';
import type { SipRequest } from '../message/sip-message.model.js';
import { InviteServerTransaction } from '../transaction/invite-server.transaction.js';
import { fakeContext } from '../transaction/transaction.spec-helpers.js';
import { DEFAULT_TIMERS, systemScheduler } from '../transaction/timer.scheduler.js';
import { TwoXxRetransmitter, type Pending2xx } from './two-xx.retransmitter.js';

function invite(n: number): SipRequest {
  const text =
    `INVITE sip:u@h SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK2xx${n}\r\nFrom: <sip:a@h>;tag=f${n}\r\n` +
    `To: <sip:u@h>\r\nCall-ID: c${n}\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
  return parseMessage(Buffer.from(text)) as SipRequest;
}

function answered(n: number): { tx: InviteServerTransaction; sent: () => number; res: ReturnType<typeof createResponse> } {
  const ctx = fakeContext(false);
  const req = invite(n);
  const tx = new InviteServerTransaction(`k${n}`, req, ctx, { onTransportError: () => undefined });
  const res = createResponse(req, 200, { toTag: tx.localTag });
  tx.respond(res);
  return { tx, res, sent: () => ctx.sent.length };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TwoXxRetransmitter (RFC 3261 §13.3.1.4 with shared queues)', () => {
  it('resends at T1, 2·T1, 4·T1 … capped at T2, then gives up after 64·T1', async () => {
    const gaveUp: Pending2xx[] = [];
    const r = new TwoXxRetransmitter(DEFAULT_TIMERS, systemScheduler, (p) => {
      gaveUp.push(p);
      p.finish(new Error('no ACK'));
    });
    const call = answered(1);
    const settled: (Error | undefined)[] = [];
    r.start('d1', call.res, call.tx, (err) => settled.push(err));
    expect(call.sent()).toBe(1);
    // resends at 500, 1500, 3500, 7500, 11500, 15500, … (intervals 500, 1000, 2000, 4000, 4000, …)
    await vi.advanceTimersByTimeAsync(499);
    expect(call.sent()).toBe(1);
    await vi.advanceTimersByTimeAsync(11);
    expect(call.sent()).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(call.sent()).toBe(3);
    await vi.advanceTimersByTimeAsync(2000);
    expect(call.sent()).toBe(4);
    await vi.advanceTimersByTimeAsync(4000);
    expect(call.sent()).toBe(5);
    // 500+1000+2000+4000·7 = 31,500 < 32,000 ≤ 35,500: the last resend is at 31,500
    await vi.advanceTimersByTimeAsync(32_000 - 7_510 + 3_600);
    expect(call.sent()).toBe(11);
    expect(gaveUp).toHaveLength(1);
    expect(settled).toHaveLength(1);
    expect(settled[0]?.message).toBe('no ACK');
    r.clear();
  });

  it('stops resending once finished (the ACK came) and settles only once', async () => {
    const r = new TwoXxRetransmitter(DEFAULT_TIMERS, systemScheduler, () => undefined);
    const calls = [answered(1), answered(2), answered(3)];
    const settled: string[] = [];
    const pending = calls.map((c, i) => r.start(`d${i}`, c.res, c.tx, (err) => settled.push(`${i}:${err?.message ?? 'ack'}`)));
    pending[1]?.finish(undefined);
    pending[1]?.finish(new Error('late'));
    expect(pending[1]?.finished).toBe(true);
    await vi.advanceTimersByTimeAsync(600);
    expect(calls.map((c) => c.sent())).toEqual([2, 1, 2]);
    pending[0]?.finish(undefined);
    pending[2]?.finish(undefined);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.map((c) => c.sent())).toEqual([2, 1, 2]);
    expect(settled).toEqual(['1:ack', '0:ack', '2:ack']);
    r.clear();
  });
});
