import type { AgentEventType } from './agent-event.js';
import type { AgentState, PauseReason } from './agent-state.js';

/**
 * Why the agent ended up in the new state. Usually the event itself; `deferred-pause` when a
 * pause asked for during a call took effect, `auto-pause` when missed offers paused the agent.
 */
export type StateChangeReason = AgentEventType | 'deferred-pause' | 'auto-pause';

/**
 * One history entry per state change. The statistics writer persists these as they are; they
 * hold everything needed to compute time-in-state without joining other tables.
 */
export interface AgentStateChange {
  readonly tenantId: string;
  readonly agentId: string;
  readonly from: AgentState;
  /** When the `from` state began, so its duration is `at - fromSince`. */
  readonly fromSince: number;
  readonly to: AgentState;
  readonly at: number;
  /** The event that was applied. */
  readonly event: AgentEventType;
  readonly reason: StateChangeReason;
  /** Set when `to` is `paused`. */
  readonly pauseReason: PauseReason | null;
  /** The call the change concerns, if any. */
  readonly callId: string | null;
  readonly acdGroupId: string | null;
}
