import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import type { SipRequest } from '../message/sip-message.model.js';
import { InviteClientTransaction } from './invite-client.transaction.js';
import { NonInviteClientTransaction, type ClientTransactionUser } from './non-invite-client.transaction.js';
import { fakeContext, request, response } from './transaction.spec-helpers.js';

function tu(): ClientTransactionUser & { responses: number[]; timeouts: number; errors: number } {
  const t = {
    responses: [] as number[],
    timeouts: 0,
    errors: 0,
    onResponse: (r: { status: number }) => void t.responses.push(r.status),
    onTimeout: () => void t.timeouts++,
    onTransportError: () => void t.errors++,
  };
  return t;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('non-INVITE client transaction (timers E, F, K)', () => {
  it('retransmits with Timer E doubling to T2 and times out with Timer F at 64*T1', async () => {
    const ctx = fakeContext(false);
    const user = tu();
    const tx = new NonInviteClientTransaction('k', request('OPTIONS'), ctx, user);
    tx.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(ctx.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(ctx.sent).toHaveLength(2); // t=500
    await vi.advanceTimersByTimeAsync(1000);
    expect(ctx.sent).toHaveLength(3); // t=1500
    await vi.advanceTimersByTimeAsync(2000);
    expect(ctx.sent).toHaveLength(4); // t=3500
    await vi.advanceTimersByTimeAsync(3999);
    expect(ctx.sent).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1);
    expect(ctx.sent).toHaveLength(5); // t=7500: interval capped at T2=4000
    await vi.advanceTimersByTimeAsync(4000);
    expect(ctx.sent).toHaveLength(6); // t=11500
    await vi.advanceTimersByTimeAsync(32_000 - 11_500 - 1);
    expect(user.timeouts).toBe(0);
    expect(tx.state).toBe('trying');
    await vi.advanceTimersByTimeAsync(1);
    expect(user.timeouts).toBe(1);
    expect(tx.state).toBe('terminated');
    expect(tx.runningTimers).toEqual([]);
  });

  it('moves to Proceeding on 1xx, then retransmits every T2', async () => {
    const ctx = fakeContext(false);
    const user = tu();
    const req = request('REGISTER');
    const tx = new NonInviteClientTransaction('k', req, ctx, user);
    tx.start();
    await vi.advanceTimersByTimeAsync(100);
    tx.receiveResponse(response(req, 100));
    expect(tx.state).toBe('proceeding');
    expect(user.responses).toEqual([100]);
    await vi.advanceTimersByTimeAsync(400);
    expect(ctx.sent).toHaveLength(2); // E still fires at t=500
    await vi.advanceTimersByTimeAsync(3999);
    expect(ctx.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(ctx.sent).toHaveLength(3); // t=4500: T2 in Proceeding
  });

  it('absorbs final retransmissions in Completed and frees itself after Timer K = T4', async () => {
    const ctx = fakeContext(false);
    const user = tu();
    const req = request('BYE');
    const tx = new NonInviteClientTransaction('k', req, ctx, user);
    const freed = vi.fn();
    tx.onTerminated = freed;
    tx.start();
    tx.receiveResponse(response(req, 200));
    tx.receiveResponse(response(req, 200));
    expect(user.responses).toEqual([200]);
    expect(tx.state).toBe('completed');
    await vi.advanceTimersByTimeAsync(4999);
    expect(tx.state).toBe('completed');
    await vi.advanceTimersByTimeAsync(1);
    expect(tx.state).toBe('terminated');
    expect(freed).toHaveBeenCalledWith('k', tx);
    expect(ctx.sent).toHaveLength(1);
  });

  it('never retransmits on a reliable transport and terminates at once on a final', async () => {
    const ctx = fakeContext(true);
    const user = tu();
    const req = request('OPTIONS');
    const tx = new NonInviteClientTransaction('k', req, ctx, user);
    tx.start();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(ctx.sent).toHaveLength(1);
    tx.receiveResponse(response(req, 404));
    expect(tx.state).toBe('terminated');
    expect(user.responses).toEqual([404]);
  });

  it('honours a configured T1 (Timer F = 64*T1) and reports transport errors', async () => {
    const ctx = fakeContext(true, { T1: 100 });
    const user = tu();
    const tx = new NonInviteClientTransaction('k', request('OPTIONS'), ctx, user);
    tx.start();
    await vi.advanceTimersByTimeAsync(6399);
    expect(user.timeouts).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(user.timeouts).toBe(1);

    const failing = fakeContext(false);
    failing.fail = true;
    const user2 = tu();
    const tx2 = new NonInviteClientTransaction('k2', request('OPTIONS'), failing, user2);
    tx2.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(user2.errors).toBe(1);
    expect(tx2.state).toBe('terminated');
  });
});

describe('INVITE client transaction (timers A, B, D, M)', () => {
  it('retransmits with Timer A doubling without a T2 cap and times out with Timer B', async () => {
    const ctx = fakeContext(false);
    const user = tu();
    const tx = new InviteClientTransaction('k', request('INVITE'), ctx, user);
    tx.start();
    // sends at 0, 500, 1500, 3500, 7500, 15500, 31500
    await vi.advanceTimersByTimeAsync(15_499);
    expect(ctx.sent).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(1);
    expect(ctx.sent).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(16_000);
    expect(ctx.sent).toHaveLength(7);
    expect(user.timeouts).toBe(0);
    await vi.advanceTimersByTimeAsync(500);
    expect(user.timeouts).toBe(1);
    expect(tx.state).toBe('terminated');
  });

  it('stops retransmitting on 1xx; a 2xx moves to Accepted, passes retransmissions up, Timer M frees it', async () => {
    const ctx = fakeContext(false);
    const user = tu();
    const req = request('INVITE');
    const tx = new InviteClientTransaction('k', req, ctx, user);
    tx.start();
    tx.receiveResponse(response(req, 180));
    expect(tx.state).toBe('proceeding');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ctx.sent).toHaveLength(1);
    expect(user.timeouts).toBe(0); // Timer B does not apply once Proceeding
    tx.receiveResponse(response(req, 200));
    tx.receiveResponse(response(req, 200));
    expect(tx.state).toBe('accepted');
    expect(user.responses).toEqual([180, 200, 200]);
    expect(ctx.sent).toHaveLength(1); // no ACK from the transaction for 2xx
    await vi.advanceTimersByTimeAsync(31_999);
    expect(tx.state).toBe('accepted');
    await vi.advanceTimersByTimeAsync(1);
    expect(tx.state).toBe('terminated');
  });

  it('ACKs a non-2xx final with the same branch, re-ACKs retransmissions, Timer D frees it', async () => {
    const ctx = fakeContext(false);
    const user = tu();
    const req = request('INVITE', 'z9hG4bKinv1');
    const tx = new InviteClientTransaction('k', req, ctx, user);
    tx.start();
    tx.receiveResponse(response(req, 486));
    expect(tx.state).toBe('completed');
    const ack = ctx.sent[1] as SipRequest;
    expect(ack.method).toBe('ACK');
    expect(ack.via.branch).toBe('z9hG4bKinv1');
    expect(ack.to.tag).toBe('b1');
    expect(ack.cseq).toEqual({ seq: 1, method: 'ACK' });
    expect(ack.uri).toBe(req.uri);
    expect(ack.routes[0]?.uri).toBe('sip:proxy.example.com;lr');
    tx.receiveResponse(response(req, 486));
    expect(ctx.sent).toHaveLength(3);
    expect((ctx.sent[2] as SipRequest).method).toBe('ACK');
    expect(user.responses).toEqual([486]);
    await vi.advanceTimersByTimeAsync(31_999);
    expect(tx.state).toBe('completed');
    await vi.advanceTimersByTimeAsync(1);
    expect(tx.state).toBe('terminated');
  });

  it('on a reliable transport: no Timer A, and Timer D is zero', async () => {
    const ctx = fakeContext(true);
    const user = tu();
    const req = request('INVITE');
    const tx = new InviteClientTransaction('k', req, ctx, user);
    tx.start();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(ctx.sent).toHaveLength(1);
    tx.receiveResponse(response(req, 503));
    expect(tx.state).toBe('terminated');
    expect(ctx.sent).toHaveLength(2);
  });
});
