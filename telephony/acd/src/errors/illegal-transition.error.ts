import type { AgentEventType } from '../agent/agent-event.js';
import type { AgentState } from '../agent/agent-state.js';
import { AcdError } from './acd.error.js';

/**
 * The agent state machine refused an event. Carries the state and event so the caller can log
 * them and, for races (a wrap-up timer firing after the agent already ended wrap-up), ignore
 * the refusal deliberately instead of by accident.
 */
export class IllegalTransitionError extends AcdError {
  override readonly name = 'IllegalTransitionError';
  readonly state: AgentState;
  readonly event: AgentEventType;

  constructor(state: AgentState, event: AgentEventType, detail?: string) {
    super('ACD_ERR_ILLEGAL_TRANSITION', `${event} in state ${state}${detail === undefined ? '' : ` (${detail})`}`);
    this.state = state;
    this.event = event;
  }
}
