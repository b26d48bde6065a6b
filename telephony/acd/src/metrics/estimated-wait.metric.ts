import { InvalidArgumentError } from '../errors/invalid-argument.error.js';
import { assertInteger, assertNonNegative } from '../shared/assert-number.js';

/** What the estimate needs about a caller's ACD group right now. */
export interface EstimatedWaitInput {
  /** 1-based place of the caller in line among the calls the group's agents serve. */
  readonly position: number;
  /** Agents of the group available now. */
  readonly idleAgents: number;
  /** Agents of the group logged in and not paused (available, offered, on call, wrap-up). */
  readonly staffedAgents: number;
  /** Handle times (talk + hold + wrap-up, seconds) of the group's most recent calls; the caller picks the window. */
  readonly recentHandleSeconds: readonly number[];
}

/**
 * Estimated wait in seconds before the caller is answered, for announcements and callbacks.
 *
 * Chosen formula: `max(0, position - idleAgents) × AHT / staffedAgents`, AHT being the mean of
 * the recent handle times. With every agent busy, agents free up at a rate of staffed / AHT, so
 * each caller ahead (and the caller themselves) costs AHT / staffed on average; idle agents take
 * the first callers at once. It reacts immediately to staffing changes, which a moving average
 * of past waits cannot. Null when it cannot be estimated: no staffed agents or no recent calls.
 */
export function estimatedWaitSeconds(input: EstimatedWaitInput): number | null {
  assertInteger('position', input.position, 1);
  assertInteger('idleAgents', input.idleAgents, 0);
  assertInteger('staffedAgents', input.staffedAgents, 0);
  if (input.idleAgents > input.staffedAgents) throw new InvalidArgumentError('idleAgents', 'exceeds staffedAgents');
  for (const seconds of input.recentHandleSeconds) assertNonNegative('recentHandleSeconds', seconds);
  const waitingForAgent = Math.max(0, input.position - input.idleAgents);
  if (waitingForAgent === 0) return 0;
  if (input.staffedAgents === 0 || input.recentHandleSeconds.length === 0) return null;
  const aht = input.recentHandleSeconds.reduce((sum, s) => sum + s, 0) / input.recentHandleSeconds.length;
  return (waitingForAgent * aht) / input.staffedAgents;
}
