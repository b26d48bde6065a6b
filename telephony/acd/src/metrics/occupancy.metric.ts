import type { AgentStateChange } from '../agent/agent-state-change.js';
import { AGENT_STATES, type AgentState } from '../agent/agent-state.js';
import { InvalidArgumentError } from '../errors/invalid-argument.error.js';
import { assertNonNegative } from '../shared/assert-number.js';

/** Milliseconds spent in each state. */
export type StateDurations = Readonly<Record<AgentState, number>>;

/**
 * Time one agent spent in each state within [windowStart, windowEnd), from their history.
 * Each change covers its `from` state over [fromSince, at); `current` (the live status) covers the
 * state not yet left. Spans are clipped to the window, so intervals can be cut anywhere.
 */
export function timeInStates(
  changes: readonly AgentStateChange[],
  windowStart: number,
  windowEnd: number,
  current?: { readonly state: AgentState; readonly since: number },
): StateDurations {
  assertNonNegative('windowStart', windowStart);
  if (!(windowEnd >= windowStart)) throw new InvalidArgumentError('windowEnd', 'must not be before windowStart');
  const durations = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
  const add = (state: AgentState, from: number, to: number): void => {
    const span = Math.min(to, windowEnd) - Math.max(from, windowStart);
    if (span > 0) durations[state] += span;
  };
  for (const change of changes) add(change.from, change.fromSince, change.at);
  if (current !== undefined) add(current.state, current.since, windowEnd);
  return durations;
}

/**
 * Occupancy: share of the time agents were ready to work that they spent working, 0..1.
 * Working = offered + on-call + wrap-up (a ringing agent cannot take another call);
 * ready = working + available. Paused and logged-out time is outside both. Null with no ready time.
 */
export function occupancy(durations: Partial<StateDurations>): number | null {
  for (const [state, ms] of Object.entries(durations)) assertNonNegative(state, ms);
  const working = (durations.offered ?? 0) + (durations['on-call'] ?? 0) + (durations['wrap-up'] ?? 0);
  const ready = working + (durations.available ?? 0);
  return ready === 0 ? null : working / ready;
}
