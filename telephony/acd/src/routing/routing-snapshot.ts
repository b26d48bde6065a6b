import type { AgentStatus } from '../agent/agent-state.js';
import type { SkillLevel, WaitingCall } from '../call/waiting-call.js';

/** How an ACD group chooses among the agents that could take a call. */
export type RoutingStrategy = 'longest-idle' | 'round-robin' | 'ring-all' | 'skills-based';

export const ROUTING_STRATEGIES: readonly RoutingStrategy[] = ['longest-idle', 'round-robin', 'ring-all', 'skills-based'];

/**
 * After a caller has waited `afterSeconds`, every required skill level drops by `relaxBy`
 * (never below 1): better a less expert agent than an ever-longer wait.
 */
export interface SkillRelaxationStep {
  readonly afterSeconds: number;
  readonly relaxBy: number;
}

/** Routing configuration of one ACD group. */
export interface AcdGroupRouting {
  readonly acdGroupId: string;
  readonly strategy: RoutingStrategy;
  /** Empty: required skills never relax. */
  readonly skillRelaxation: readonly SkillRelaxationStep[];
}

/** An agent's membership of an ACD group. Lower penalty is offered calls first. */
export interface AcdGroupMembership {
  readonly acdGroupId: string;
  readonly penalty: number;
}

export interface AgentSkill {
  readonly skill: string;
  readonly level: SkillLevel;
}

/** An agent as routing sees it: live status (state, idle-since, last offer) plus configuration. */
export interface RoutingAgent {
  readonly status: AgentStatus;
  readonly memberships: readonly AcdGroupMembership[];
  readonly skills: readonly AgentSkill[];
}

/**
 * Everything routing needs for one tenant at one instant. The store builds it; the router is a
 * pure function of it, so a decision can be replayed in a test from a logged snapshot.
 * `calls` holds only calls not currently being offered.
 */
export interface RoutingSnapshot {
  readonly tenantId: string;
  /** The instant the snapshot describes (ms since epoch); wait times are measured to it. */
  readonly now: number;
  readonly calls: readonly WaitingCall[];
  readonly agents: readonly RoutingAgent[];
  readonly acdGroups: readonly AcdGroupRouting[];
}
