import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import type { SipResponse } from '../message/sip-message.model.js';
import { InviteServerTransaction } from './invite-server.transaction.js';
import { NonInviteServerTransaction } from './non-invite-server.transaction.js';
import { fakeContext, request, response } from './transaction.spec-helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function statuses(sent: unknown[]): number[] {
  return sent.map((m) => (m as SipResponse).status);
}

describe('INVITE server transaction (timers G, H, I, L; RFC 6026)', () => {
  it('retransmits a non-2xx final with Timer G capped at T2 until Timer H gives up', async () => {
    const ctx = fakeContext(false);
    const onTimeout = vi.fn();
    const req = request('INVITE');
    const tx = new InviteServerTransaction('k', req, ctx, { onTransportError: vi.fn(), onTimeout });
    tx.respond(response(req, 486));
    expect(tx.state).toBe('completed');
    // sends at 0, 500, 1500, 3500, 7500, 11500, ... 31500
    await vi.advanceTimersByTimeAsync(7500);
    expect(ctx.sent).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(4000);
    expect(ctx.sent).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(32_000 - 11_500 - 1);
    expect(onTimeout).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(tx.state).toBe('terminated');
    expect(new Set(statuses(ctx.sent))).toEqual(new Set([486]));
  });

  it('answers INVITE retransmissions with the last response and stops on ACK; Timer I frees it', async () => {
    const ctx = fakeContext(false);
    const req = request('INVITE');
    const tx = new InviteServerTransaction('k', req, ctx, { onTransportError: vi.fn() });
    tx.receiveRequest(req);
    expect(ctx.sent).toHaveLength(0); // nothing to repeat yet
    tx.respond(response(req, 180));
    tx.receiveRequest(req);
    expect(statuses(ctx.sent)).toEqual([180, 180]);
    tx.respond(response(req, 404));
    tx.receiveRequest(req);
    expect(statuses(ctx.sent)).toEqual([180, 180, 404, 404]);
    tx.receiveRequest(request('ACK'));
    expect(tx.state).toBe('confirmed');
    await vi.advanceTimersByTimeAsync(4999);
    expect(ctx.sent).toHaveLength(4); // Timer G stopped
    expect(tx.state).toBe('confirmed');
    tx.receiveRequest(request('ACK'));
    await vi.advanceTimersByTimeAsync(1);
    expect(tx.state).toBe('terminated');
  });

  it('moves to Accepted on 2xx, absorbs INVITE retransmissions, passes ACK and TU 2xx, Timer L frees it', async () => {
    const ctx = fakeContext(false);
    const onAck = vi.fn();
    const req = request('INVITE');
    const tx = new InviteServerTransaction('k', req, ctx, { onTransportError: vi.fn(), onAck });
    tx.respond(response(req, 200));
    expect(tx.state).toBe('accepted');
    tx.receiveRequest(req);
    expect(ctx.sent).toHaveLength(1);
    expect(tx.respond(response(req, 200))).toBe(true);
    expect(ctx.sent).toHaveLength(2);
    expect(tx.respond(response(req, 486))).toBe(false);
    tx.receiveRequest(request('ACK'));
    expect(onAck).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(31_999);
    expect(tx.state).toBe('accepted');
    await vi.advanceTimersByTimeAsync(1);
    expect(tx.state).toBe('terminated');
  });

  it('on a reliable transport: no Timer G, Timer I is zero, Timer H still guards the ACK', async () => {
    const ctx = fakeContext(true);
    const req = request('INVITE');
    const onTimeout = vi.fn();
    const tx = new InviteServerTransaction('k', req, ctx, { onTransportError: vi.fn(), onTimeout });
    tx.respond(response(req, 480));
    await vi.advanceTimersByTimeAsync(31_999);
    expect(ctx.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(onTimeout).toHaveBeenCalledTimes(1);

    const tx2 = new InviteServerTransaction('k2', req, ctx, { onTransportError: vi.fn() });
    tx2.respond(response(req, 480));
    tx2.receiveRequest(request('ACK'));
    expect(tx2.state).toBe('terminated');
  });
});

describe('non-INVITE server transaction (timer J)', () => {
  it('repeats the provisional, then the final, and frees itself after Timer J = 64*T1', async () => {
    const ctx = fakeContext(false, { T1: 200 });
    const req = request('REGISTER');
    const tx = new NonInviteServerTransaction('k', req, ctx, { onTransportError: vi.fn() });
    tx.receiveRequest(req);
    expect(ctx.sent).toHaveLength(0);
    tx.respond(response(req, 100));
    expect(tx.state).toBe('proceeding');
    tx.receiveRequest(req);
    tx.respond(response(req, 200));
    tx.receiveRequest(req);
    expect(statuses(ctx.sent)).toEqual([100, 100, 200, 200]);
    expect(tx.respond(response(req, 500))).toBe(false);
    await vi.advanceTimersByTimeAsync(12_799);
    expect(tx.state).toBe('completed');
    await vi.advanceTimersByTimeAsync(1);
    expect(tx.state).toBe('terminated');
    expect(ctx.sent).toHaveLength(4); // a server never retransmits a non-INVITE response on its own
  });

  it('terminates at once after the final on a reliable transport', () => {
    const ctx = fakeContext(true);
    const req = request('OPTIONS');
    const tx = new NonInviteServerTransaction('k', req, ctx, { onTransportError: vi.fn() });
    tx.respond(response(req, 200));
    expect(tx.state).toBe('terminated');
  });
});
