import { newAgentStatus, transition } from '@ringwell/acd';
import type { AgentStatus } from '@ringwell/acd';
import { describe, expect, it } from 'vitest';
import { decodeAgentStatus, encodeAgentStatus } from './agent-status.codec.js';
import { callScore, idleScore, TIER } from './scores.js';

describe('agent status codec', () => {
  it('round-trips every state the state machine produces', () => {
    const seen: AgentStatus[] = [];
    let s = newAgentStatus('t1', 'a1', 1000);
    const step = (e: Parameters<typeof transition>[1], at: number): void => {
      s = transition(s, e, at).agent;
      seen.push(s);
    };
    seen.push(s);
    step({ type: 'login' }, 2000);
    step({ type: 'offer', call: { tenantId: 't1', callId: 'c1', acdGroupId: 'g1' } }, 3000);
    step({ type: 'pause', reason: 'lunch' }, 3500);
    step({ type: 'offer-accepted', callId: 'c1' }, 4000);
    step({ type: 'hang-up', callId: 'c1', wrapUpSeconds: 30 }, 5000);
    step({ type: 'wrap-up-ended', by: 'agent' }, 6000);
    step({ type: 'unpause' }, 7000);
    step({ type: 'logout' }, 8000);
    expect(new Set(seen.map((x) => x.state))).toEqual(new Set(['logged-out', 'available', 'offered', 'on-call', 'wrap-up', 'paused']));
    for (const status of seen) {
      expect(decodeAgentStatus('t1', 'a1', encodeAgentStatus(status))).toEqual(status);
    }
  });

  it('refuses a hash without the fields its state needs', () => {
    expect(() => decodeAgentStatus('t', 'a', { state: 'available', v: '1', since: '1', missed: '0' })).toThrow(/idleSince/);
    expect(() => decodeAgentStatus('t', 'a', { state: 'dancing', v: '1', since: '1', missed: '0' })).toThrow(/unknown state/);
  });
});

describe('scores', () => {
  it('orders calls by priority, then wait', () => {
    expect(callScore(5, 2_000_000_000_000)).toBeLessThan(callScore(0, 1_000_000_000_000));
    expect(callScore(0, 1_000)).toBeLessThan(callScore(0, 2_000));
    expect(Number.isSafeInteger(callScore(-100, 4_000_000_000_000))).toBe(true);
  });

  it('orders idle agents by penalty tier, then idle time; round robin puts never-offered first', () => {
    const now = 1_800_000_000_000;
    expect(idleScore('longest-idle', 0, now, null)).toBeLessThan(idleScore('longest-idle', 1, now - 1e9, null));
    expect(idleScore('round-robin', 0, now, null)).toBeLessThan(idleScore('round-robin', 0, now - 5, now - 10));
    expect(Math.floor((idleScore('round-robin', 3, now, null) + 5e12) / TIER)).toBe(3);
    expect(Math.floor((idleScore('longest-idle', 3, now, null) + 5e12) / TIER)).toBe(3);
  });
});
