import { orderWaitingCalls } from '../call/call-order.js';
import type { WaitingCall } from '../call/waiting-call.js';
import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { eligibleCandidates } from './eligibility.js';
import { ROUTING_POLICIES } from './routing.policy.js';
import type { RoutingAgent, RoutingSnapshot, RoutingStrategy } from './routing-snapshot.js';

/** Offer `call` to `agentIds` (several only for ring-all). */
export interface PlannedOffer {
  readonly call: WaitingCall;
  readonly agentIds: readonly string[];
  readonly strategy: RoutingStrategy;
}

/** A call routing could not consider, reported rather than thrown so one bad call does not stop a tenant. */
export interface SkippedCall {
  readonly callId: string;
  readonly acdGroupId: string;
  readonly reason: 'unknown-acd-group';
}

export interface RoutingPlan {
  readonly offers: readonly PlannedOffer[];
  readonly skipped: readonly SkippedCall[];
}

/**
 * Matches waiting calls with free agents for one tenant. Calls are taken in the tenant-wide
 * order (priority, then longest wait, across all ACD groups); each takes its pick of the agents
 * still free according to its group's policy. Greedy on purpose: the caller first in line gets
 * the agent its policy prefers, even when another assignment would serve more calls at once.
 */
export function routeCalls(snapshot: RoutingSnapshot): RoutingPlan {
  const groups = new Map(snapshot.acdGroups.map((g) => [g.acdGroupId, g]));
  let free: RoutingAgent[] = snapshot.agents.filter((a) => {
    if (a.status.tenantId !== snapshot.tenantId) throw new TenantMismatchError(snapshot.tenantId, a.status.tenantId);
    return a.status.state === 'available';
  });
  const offers: PlannedOffer[] = [];
  const skipped: SkippedCall[] = [];
  for (const call of orderWaitingCalls(snapshot.calls)) {
    if (call.tenantId !== snapshot.tenantId) throw new TenantMismatchError(snapshot.tenantId, call.tenantId);
    const group = groups.get(call.acdGroupId);
    if (group === undefined) {
      skipped.push({ callId: call.callId, acdGroupId: call.acdGroupId, reason: 'unknown-acd-group' });
      continue;
    }
    if (free.length === 0) continue;
    const chosen = ROUTING_POLICIES[group.strategy](eligibleCandidates(call, group, free, snapshot.now));
    if (chosen.length === 0) continue;
    const agentIds = chosen.map((c) => c.agentId);
    offers.push({ call, agentIds, strategy: group.strategy });
    const taken = new Set(agentIds);
    free = free.filter((a) => !taken.has(a.status.agentId));
  }
  return { offers, skipped };
}
