/** Every state an agent can be in. `offered`: a call rings on the agent's phone. */
export type AgentState = 'logged-out' | 'available' | 'offered' | 'on-call' | 'wrap-up' | 'paused';

/** All states, in display order (for tables, filters and exhaustive tests). */
export const AGENT_STATES: readonly AgentState[] = ['logged-out', 'available', 'offered', 'on-call', 'wrap-up', 'paused'];

/**
 * Why an agent is paused. Tenants define their own reasons (lunch, training, back-office), so
 * this is an open string; the statistics report time per reason.
 */
export type PauseReason = string;

/** The call an agent is busy with, kept on the agent so late events can be matched to it. */
export interface AgentCallRef {
  readonly callId: string;
  readonly acdGroupId: string;
}

/** Fields every agent status carries, whatever the state. */
interface AgentStatusBase {
  readonly tenantId: string;
  readonly agentId: string;
  /** When the current state began (ms since epoch); history durations are measured from it. */
  readonly since: number;
  /**
   * Incremented on every accepted event. Stores compare it before writing (compare-and-set),
   * so two servers acting on the same agent cannot both win.
   */
  readonly version: number;
  /** When the agent was last offered a call: round robin serves the least recently offered. */
  readonly lastOfferAt: number | null;
  /** Offers missed in a row (no answer, and rejections when configured); drives auto-pause. */
  readonly consecutiveMissedOffers: number;
}

/** Busy states can remember a pause the agent asked for, applied when the work is done. */
interface BusyStatus extends AgentStatusBase {
  readonly call: AgentCallRef;
  readonly pendingPause: PauseReason | null;
}

/**
 * An agent's live status. A discriminated union so that impossible combinations (a paused
 * agent without a reason, an on-call agent without a call) cannot be represented.
 */
export type AgentStatus =
  | (AgentStatusBase & { readonly state: 'logged-out' })
  /** `idleSince`: when the agent became free; longest-idle routing serves the smallest. */
  | (AgentStatusBase & { readonly state: 'available'; readonly idleSince: number })
  /** `idleSince` is kept while ringing so a withdrawn offer puts the agent back in place. */
  | (BusyStatus & { readonly state: 'offered'; readonly idleSince: number })
  | (BusyStatus & { readonly state: 'on-call' })
  /** `wrapUpEndsAt`: when the wrap-up timer fires; the adapter schedules it. */
  | (BusyStatus & { readonly state: 'wrap-up'; readonly wrapUpEndsAt: number })
  | (AgentStatusBase & { readonly state: 'paused'; readonly pauseReason: PauseReason });

/** A freshly provisioned agent: logged out, never offered anything. */
export function newAgentStatus(tenantId: string, agentId: string, now: number): AgentStatus {
  return { tenantId, agentId, state: 'logged-out', since: now, version: 0, lastOfferAt: null, consecutiveMissedOffers: 0 };
}
