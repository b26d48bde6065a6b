import { describe, expect, it } from 'vitest';
import { compareWaitingCalls, orderWaitingCalls, queuePosition } from './call-order.js';
import type { WaitingCall } from './waiting-call.js';

function call(callId: string, acdGroupId: string, priority: number, enqueuedAt: number): WaitingCall {
  return { callId, tenantId: 't1', acdGroupId, priority, enqueuedAt, requiredSkills: [] };
}

describe('waiting call order', () => {
  it('serves higher priority first, even if it arrived later', () => {
    const ids = orderWaitingCalls([call('old', 'a', 0, 1000), call('vip', 'a', 5, 9000)]).map((c) => c.callId);
    expect(ids).toEqual(['vip', 'old']);
  });

  it('serves the longest-waiting caller first across ACD groups', () => {
    const calls = [call('b-new', 'b', 0, 3000), call('a-mid', 'a', 0, 2000), call('b-old', 'b', 0, 1000), call('a-newest', 'a', 0, 4000)];
    expect(orderWaitingCalls(calls).map((c) => c.callId)).toEqual(['b-old', 'a-mid', 'b-new', 'a-newest']);
  });

  it('breaks full ties by call id so every server agrees', () => {
    expect(orderWaitingCalls([call('y', 'a', 1, 5), call('x', 'b', 1, 5)]).map((c) => c.callId)).toEqual(['x', 'y']);
    expect(compareWaitingCalls(call('x', 'a', 1, 5), call('x', 'a', 1, 5))).toBe(0);
  });

  it('does not reorder the input', () => {
    const calls = [call('2', 'a', 0, 2), call('1', 'a', 0, 1)];
    orderWaitingCalls(calls);
    expect(calls.map((c) => c.callId)).toEqual(['2', '1']);
  });

  it('gives a 1-based position, optionally among some ACD groups only', () => {
    const calls = [call('a1', 'a', 0, 1), call('b1', 'b', 0, 2), call('a2', 'a', 0, 3)];
    expect(queuePosition(calls, 'a2')).toBe(3);
    expect(queuePosition(calls, 'a2', new Set(['a']))).toBe(2);
    expect(queuePosition(calls, 'nope')).toBeNull();
  });
});
