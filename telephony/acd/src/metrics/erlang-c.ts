import { InvalidArgumentError } from '../errors/invalid-argument.error.js';
import { assertInteger, assertNonNegative, assertPositive } from '../shared/assert-number.js';

/**
 * Erlang C staffing maths (M/M/N queue, callers wait indefinitely). Used for forecasts and for
 * checking a group's live staffing; it ignores abandons, so it errs on the side of more agents.
 * Computed with the Erlang B recursion B(n) = A·B(n-1) / (n + A·B(n-1)), which stays within
 * [0, 1] at every step: no factorials or powers, so it is exact for thousands of agents.
 */

/** Offered load in Erlang: calls × AHT / interval length. */
export function offeredLoad(calls: number, intervalSeconds: number, ahtSeconds: number): number {
  assertNonNegative('calls', calls);
  assertPositive('intervalSeconds', intervalSeconds);
  assertNonNegative('ahtSeconds', ahtSeconds);
  return (calls * ahtSeconds) / intervalSeconds;
}

/** Erlang B: probability that a call finds all `agents` busy when there is no queue (blocking). */
export function erlangB(trafficErlangs: number, agents: number): number {
  assertNonNegative('trafficErlangs', trafficErlangs);
  assertInteger('agents', agents, 0);
  let b = 1;
  for (let n = 1; n <= agents; n += 1) b = (trafficErlangs * b) / (n + trafficErlangs * b);
  return b;
}

/**
 * Erlang C: probability that a call has to wait. C = N·B / (N - A·(1 - B)). With N ≤ A the queue
 * grows without bound and every caller waits, so the answer is 1.
 */
export function erlangC(trafficErlangs: number, agents: number): number {
  assertNonNegative('trafficErlangs', trafficErlangs);
  assertInteger('agents', agents, 1);
  if (agents <= trafficErlangs) return 1;
  const b = erlangB(trafficErlangs, agents);
  return (agents * b) / (agents - trafficErlangs * (1 - b));
}

/** Inputs shared by the service-level and ASA forecasts. */
export interface ErlangCInput {
  readonly trafficErlangs: number;
  readonly agents: number;
  readonly ahtSeconds: number;
}

/** Forecast share of calls answered within `thresholdSeconds`: 1 - C·e^(-(N-A)·t/AHT). 0 when N ≤ A. */
export function erlangCServiceLevel(input: ErlangCInput & { readonly thresholdSeconds: number }): number {
  assertPositive('ahtSeconds', input.ahtSeconds);
  assertNonNegative('thresholdSeconds', input.thresholdSeconds);
  const c = erlangC(input.trafficErlangs, input.agents);
  if (input.agents <= input.trafficErlangs) return 0;
  return 1 - c * Math.exp((-(input.agents - input.trafficErlangs) * input.thresholdSeconds) / input.ahtSeconds);
}

/** Forecast average speed of answer in seconds: C·AHT / (N - A). Infinite when N ≤ A. */
export function erlangCAverageSpeedOfAnswer(input: ErlangCInput): number {
  assertPositive('ahtSeconds', input.ahtSeconds);
  const c = erlangC(input.trafficErlangs, input.agents);
  if (input.agents <= input.trafficErlangs) return Number.POSITIVE_INFINITY;
  return (c * input.ahtSeconds) / (input.agents - input.trafficErlangs);
}

/** A staffing question: how many agents for `calls` per interval to reach the target. */
export interface StaffingTarget {
  readonly calls: number;
  readonly intervalSeconds: number;
  readonly ahtSeconds: number;
  /** Target share answered within the threshold, strictly between 0 and 1 (0.8 for 80/20). */
  readonly targetServiceLevel: number;
  readonly thresholdSeconds: number;
}

/** The answer, with the forecast it achieves so a planner can see the margin. */
export interface StaffingResult {
  readonly agents: number;
  readonly trafficErlangs: number;
  readonly serviceLevel: number;
  readonly probabilityOfWaiting: number;
  readonly averageSpeedOfAnswerSeconds: number;
  /** A / N: share of staffed time agents are expected to be busy. */
  readonly occupancy: number;
}

/** Upper bound of the search, far beyond any single site, to fail instead of looping on bad input. */
const MAX_AGENTS = 100_000;

/**
 * The fewest agents whose Erlang C service level meets the target (raw agents on the phones,
 * before shrinkage for breaks and absence). No calls need no agents.
 */
export function agentsNeeded(target: StaffingTarget): StaffingResult {
  const traffic = offeredLoad(target.calls, target.intervalSeconds, target.ahtSeconds);
  assertNonNegative('thresholdSeconds', target.thresholdSeconds);
  if (!(target.targetServiceLevel > 0 && target.targetServiceLevel < 1)) {
    throw new InvalidArgumentError('targetServiceLevel', `must be strictly between 0 and 1, got ${target.targetServiceLevel}`);
  }
  if (traffic === 0) {
    return { agents: 0, trafficErlangs: 0, serviceLevel: 1, probabilityOfWaiting: 0, averageSpeedOfAnswerSeconds: 0, occupancy: 0 };
  }
  for (let agents = Math.floor(traffic) + 1; agents <= MAX_AGENTS; agents += 1) {
    const input = { trafficErlangs: traffic, agents, ahtSeconds: target.ahtSeconds };
    const serviceLevel = erlangCServiceLevel({ ...input, thresholdSeconds: target.thresholdSeconds });
    if (serviceLevel >= target.targetServiceLevel) {
      return {
        agents,
        trafficErlangs: traffic,
        serviceLevel,
        probabilityOfWaiting: erlangC(traffic, agents),
        averageSpeedOfAnswerSeconds: erlangCAverageSpeedOfAnswer(input),
        occupancy: traffic / agents,
      };
    }
  }
  throw new InvalidArgumentError('calls', `needs more than ${MAX_AGENTS} agents`);
}
