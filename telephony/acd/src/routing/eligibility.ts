import type { WaitingCall } from '../call/waiting-call.js';
import type { RoutingCandidate } from './routing.policy.js';
import type { AcdGroupRouting, RoutingAgent } from './routing-snapshot.js';
import { meetsSkills, relaxationAfter, skillScore } from './skill-relaxation.js';

/**
 * The agents that may be offered `call` at `now`: available, members of its ACD group, meeting
 * its (relaxed) skill requirements, and only those of the lowest penalty among them, so higher
 * penalty agents are a backup used when no lower penalty agent is free.
 */
export function eligibleCandidates(call: WaitingCall, acdGroup: AcdGroupRouting, agents: readonly RoutingAgent[], now: number): RoutingCandidate[] {
  const waitedSeconds = Math.max(0, (now - call.enqueuedAt) / 1000);
  const relaxBy = relaxationAfter(acdGroup.skillRelaxation, waitedSeconds);
  const candidates: RoutingCandidate[] = [];
  for (const agent of agents) {
    const status = agent.status;
    if (status.state !== 'available') continue;
    const membership = agent.memberships.find((m) => m.acdGroupId === call.acdGroupId);
    if (membership === undefined) continue;
    if (!meetsSkills(agent.skills, call.requiredSkills, relaxBy)) continue;
    candidates.push({
      agentId: status.agentId,
      idleSince: status.idleSince,
      lastOfferAt: status.lastOfferAt,
      penalty: membership.penalty,
      skillScore: skillScore(agent.skills, call.requiredSkills),
    });
  }
  const lowest = Math.min(...candidates.map((c) => c.penalty));
  return candidates.filter((c) => c.penalty === lowest);
}
