import type { AgentStateChange } from '../agent/agent-state-change.js';
import type { AgentStatus } from '../agent/agent-state.js';
import type { WaitingCall } from '../call/waiting-call.js';
import type { RoutingSnapshot } from '../routing/routing-snapshot.js';

/**
 * A state change the domain computed, to be written only if nobody changed the agent since it
 * was read (compare-and-set on `version`). The store writes `next` and appends `change` to the
 * tenant's agent history in the same atomic step, so the statistics writer never sees a state
 * without its history entry or the reverse.
 */
export interface AgentUpdate {
  readonly expectedVersion: number;
  readonly next: AgentStatus;
  readonly change: AgentStateChange | null;
}

/** An offer of one call to one or more agents (ring-all), computed by the router and state machine. */
export interface OfferClaim {
  readonly tenantId: string;
  readonly callId: string;
  readonly updates: readonly AgentUpdate[];
}

/** The end of an offer that did not become a call: the call goes back to waiting, agents move on. */
export interface OfferRelease {
  readonly tenantId: string;
  readonly callId: string;
  readonly updates: readonly AgentUpdate[];
}

/**
 * Live ACD state of all tenants, shared by every telephony server (Redis in production, keys
 * `rw:{tenant}:...`). Kept small and free of policy: the routing and state rules stay in this
 * package, and the store only guarantees atomicity, so a Lua script never re-implements them.
 * Every method is scoped by tenant.
 */
export interface AcdStore {
  /** Adds a call to its ACD group's waiting list. Idempotent on `callId`. */
  enqueueCall(call: WaitingCall): Promise<void>;

  /**
   * Takes a call out of the ACD for good (answered, abandoned, overflowed). Returns false when it
   * was not there, so a caller hanging up during an answer is detected by exactly one side.
   */
  removeCall(tenantId: string, callId: string): Promise<boolean>;

  /** The agent's live status, or null when the agent has never logged in on this cluster. */
  getAgent(tenantId: string, agentId: string): Promise<AgentStatus | null>;

  /** Writes one agent update if the version still matches; false means re-read and retry. */
  setAgentState(update: AgentUpdate): Promise<boolean>;

  /** Consistent view of the tenant's waiting calls (not those being offered), agents and ACD groups. */
  loadRoutingSnapshot(tenantId: string, now: number): Promise<RoutingSnapshot>;

  /**
   * The atomic offer. In one step: checks the call is still waiting and not offered and that
   * every agent's version is unchanged, then marks the call offered and writes the agents as
   * offered. Returns false and changes nothing otherwise; two servers routing the same tenant
   * concurrently therefore never offer one agent two calls or one call twice.
   */
  claimOffer(claim: OfferClaim): Promise<boolean>;

  /**
   * Returns an offered call to waiting (keeping its `enqueuedAt`, so the caller keeps their
   * place) and writes the agents' updates, atomically. False when versions no longer match.
   */
  releaseOffer(release: OfferRelease): Promise<boolean>;
}
