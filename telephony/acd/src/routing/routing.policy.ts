import type { RoutingStrategy } from './routing-snapshot.js';

/**
 * An available agent that may take a given call: member of its ACD group, skilled enough, and
 * in the lowest penalty tier present. Policies only order these; eligibility is decided once.
 */
export interface RoutingCandidate {
  readonly agentId: string;
  readonly idleSince: number;
  readonly lastOfferAt: number | null;
  readonly penalty: number;
  /** Sum of the agent's levels in the call's required skills. */
  readonly skillScore: number;
}

/** Picks the agent(s) to offer the call to: one, or all for ring-all. Empty when none. */
export type RoutingPolicy = (candidates: readonly RoutingCandidate[]) => readonly RoutingCandidate[];

const byAgentId = (a: RoutingCandidate, b: RoutingCandidate): number => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0);
const byIdleSince = (a: RoutingCandidate, b: RoutingCandidate): number => a.idleSince - b.idleSince || byAgentId(a, b);

function first(candidates: readonly RoutingCandidate[], compare: (a: RoutingCandidate, b: RoutingCandidate) => number): RoutingCandidate[] {
  let best: RoutingCandidate | undefined;
  for (const candidate of candidates) {
    if (best === undefined || compare(candidate, best) < 0) best = candidate;
  }
  return best === undefined ? [] : [best];
}

/** The agent free for the longest time: spreads work evenly by time. */
export const longestIdlePolicy: RoutingPolicy = (candidates) => first(candidates, byIdleSince);

/**
 * The agent offered a call least recently (never offered comes first): spreads offers evenly by
 * count, independent of how long calls last. Ties fall back to longest idle.
 */
export const roundRobinPolicy: RoutingPolicy = (candidates) =>
  first(candidates, (a, b) => {
    if (a.lastOfferAt === b.lastOfferAt) return byIdleSince(a, b);
    if (a.lastOfferAt === null) return -1;
    if (b.lastOfferAt === null) return 1;
    return a.lastOfferAt - b.lastOfferAt;
  });

/** Every candidate rings; the first to answer takes the call. Sorted for stable output. */
export const ringAllPolicy: RoutingPolicy = (candidates) => [...candidates].sort(byAgentId);

/**
 * The best skilled agent (highest sum of levels in the required skills), then longest idle.
 * Expert first is the classic skills-based rule: the caller gets the best help available now.
 */
export const skillsBasedPolicy: RoutingPolicy = (candidates) => first(candidates, (a, b) => b.skillScore - a.skillScore || byIdleSince(a, b));

export const ROUTING_POLICIES: Readonly<Record<RoutingStrategy, RoutingPolicy>> = {
  'longest-idle': longestIdlePolicy,
  'round-robin': roundRobinPolicy,
  'ring-all': ringAllPolicy,
  'skills-based': skillsBasedPolicy,
};
