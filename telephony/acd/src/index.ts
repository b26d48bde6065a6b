// Public API of @ringwell/acd: the pure ACD domain. No I/O; adapters implement the ports.

export { ACD_ERRORS, type AcdErrorCode } from './errors/acd-error.codes.js';
export { AcdError } from './errors/acd.error.js';
export { CallMismatchError } from './errors/call-mismatch.error.js';
export { IllegalTransitionError } from './errors/illegal-transition.error.js';
export { InvalidArgumentError } from './errors/invalid-argument.error.js';
export { TenantMismatchError } from './errors/tenant-mismatch.error.js';

export { AGENT_STATES, newAgentStatus, type AgentCallRef, type AgentState, type AgentStatus, type PauseReason } from './agent/agent-state.js';
export type { AgentEvent, AgentEventType } from './agent/agent-event.js';
export type { AgentStateChange, StateChangeReason } from './agent/agent-state-change.js';
export {
  DEFAULT_AGENT_STATE_MACHINE_OPTIONS,
  transition,
  type AgentStateMachineOptions,
  type AutoPauseOptions,
  type TransitionResult,
} from './agent/agent-state.machine.js';

export type { RequiredSkill, SkillLevel, WaitingCall } from './call/waiting-call.js';
export { compareWaitingCalls, orderWaitingCalls, queuePosition } from './call/call-order.js';

export {
  ROUTING_STRATEGIES,
  type AcdGroupMembership,
  type AcdGroupRouting,
  type AgentSkill,
  type RoutingAgent,
  type RoutingSnapshot,
  type RoutingStrategy,
  type SkillRelaxationStep,
} from './routing/routing-snapshot.js';
export { agentSkillLevel, meetsSkills, relaxationAfter, relaxedLevel, skillScore } from './routing/skill-relaxation.js';
export {
  longestIdlePolicy,
  ringAllPolicy,
  ROUTING_POLICIES,
  roundRobinPolicy,
  skillsBasedPolicy,
  type RoutingCandidate,
  type RoutingPolicy,
} from './routing/routing.policy.js';
export { eligibleCandidates } from './routing/eligibility.js';
export { routeCalls, type PlannedOffer, type RoutingPlan, type SkippedCall } from './routing/router.js';
export { offerClaims } from './routing/offer-claim.js';

export type { AcdStore, AgentUpdate, OfferClaim, OfferRelease } from './ports/acd-store.port.js';
export type { Clock } from './ports/clock.port.js';
export { AcdDispatcher, type DispatchResult } from './dispatch/acd.dispatcher.js';

export {
  addQueueCallTotals,
  assertQueueCallTotals,
  EMPTY_QUEUE_CALL_TOTALS,
  totalQueueCalls,
  type QueueCallRecord,
  type QueueCallTotals,
  type ServiceLevelThresholds,
} from './metrics/queue-call-totals.js';
export { SERVICE_LEVEL_VARIANTS, serviceLevel, type ServiceLevelVariant } from './metrics/service-level.metric.js';
export { abandonRate, averageHandleTime, averageSpeedOfAnswer } from './metrics/call-handling.metric.js';
export { occupancy, timeInStates, type StateDurations } from './metrics/occupancy.metric.js';
export { estimatedWaitSeconds, type EstimatedWaitInput } from './metrics/estimated-wait.metric.js';
export {
  agentsNeeded,
  erlangB,
  erlangC,
  erlangCAverageSpeedOfAnswer,
  erlangCServiceLevel,
  offeredLoad,
  type ErlangCInput,
  type StaffingResult,
  type StaffingTarget,
} from './metrics/erlang-c.js';
