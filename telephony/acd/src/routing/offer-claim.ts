import { transition, type AgentStateMachineOptions } from '../agent/agent-state.machine.js';
import type { AgentStatus } from '../agent/agent-state.js';
import { InvalidArgumentError } from '../errors/invalid-argument.error.js';
import type { AgentUpdate, OfferClaim } from '../ports/acd-store.port.js';
import type { RoutingPlan } from './router.js';
import type { RoutingSnapshot } from './routing-snapshot.js';

/**
 * Turns a routing plan into claims for `AcdStore.claimOffer`, running each offer through the
 * state machine so the store only has to compare versions and write. `plan` must come from
 * `routeCalls(snapshot)`.
 */
export function offerClaims(plan: RoutingPlan, snapshot: RoutingSnapshot, options?: AgentStateMachineOptions): OfferClaim[] {
  const agents = new Map<string, AgentStatus>(snapshot.agents.map((a) => [a.status.agentId, a.status]));
  return plan.offers.map((offer) => {
    const updates: AgentUpdate[] = offer.agentIds.map((agentId) => {
      const status = agents.get(agentId);
      if (status === undefined) throw new InvalidArgumentError('plan', `offers ${offer.call.callId} to ${agentId}, who is not in the snapshot`);
      const { agent, change } = transition(status, { type: 'offer', call: offer.call }, snapshot.now, options);
      return { expectedVersion: status.version, next: agent, change };
    });
    return { tenantId: snapshot.tenantId, callId: offer.call.callId, updates };
  });
}
