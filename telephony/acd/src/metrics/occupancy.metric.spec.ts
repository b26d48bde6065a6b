import { describe, expect, it } from 'vitest';
import type { AgentStateChange } from '../agent/agent-state-change.js';
import type { AgentState } from '../agent/agent-state.js';
import { occupancy, timeInStates } from './occupancy.metric.js';

function change(from: AgentState, fromSince: number, to: AgentState, at: number): AgentStateChange {
  return { tenantId: 't1', agentId: 'a1', from, fromSince, to, at, event: 'login', reason: 'login', pauseReason: null, callId: null, acdGroupId: null };
}

describe('time in states', () => {
  // Timeline (ms): available 0–100, offered 100–110, on-call 110–400, wrap-up 400–450,
  // available 450–500, paused 500–600, then available from 600 (live status).
  const history = [
    change('logged-out', -1000, 'available', 0),
    change('available', 0, 'offered', 100),
    change('offered', 100, 'on-call', 110),
    change('on-call', 110, 'wrap-up', 400),
    change('wrap-up', 400, 'available', 450),
    change('available', 450, 'paused', 500),
    change('paused', 500, 'available', 600),
  ];

  it('sums each state over the window, including the live state', () => {
    expect(timeInStates(history, 0, 700, { state: 'available', since: 600 })).toEqual({
      'logged-out': 0,
      available: 100 + 50 + 100,
      offered: 10,
      'on-call': 290,
      'wrap-up': 50,
      paused: 100,
    });
  });

  it('clips spans to the window', () => {
    const d = timeInStates(history, 105, 420);
    expect(d).toMatchObject({ available: 0, offered: 5, 'on-call': 290, 'wrap-up': 20, paused: 0 });
  });

  it('gives occupancy = (offered + on-call + wrap-up) / (that + available), pauses excluded', () => {
    const d = timeInStates(history, 0, 700, { state: 'available', since: 600 });
    // (10 + 290 + 50) / (350 + 250) = 350 / 600
    expect(occupancy(d)).toBeCloseTo(350 / 600, 12);
  });

  it('occupancy is null without ready time and refuses negative durations', () => {
    expect(occupancy({ paused: 1000 })).toBeNull();
    expect(() => occupancy({ available: -1 })).toThrow();
  });
});
