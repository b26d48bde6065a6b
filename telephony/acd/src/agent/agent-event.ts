import type { PauseReason } from './agent-state.js';

/**
 * Everything that can happen to an agent. Events that concern a call name it (`callId`) so a
 * late event from an earlier call is refused instead of ending the current one.
 */
export type AgentEvent =
  | { readonly type: 'login' }
  | { readonly type: 'logout' }
  | { readonly type: 'offer'; readonly call: { readonly tenantId: string; readonly callId: string; readonly acdGroupId: string } }
  /** The agent answered the offered call. */
  | { readonly type: 'offer-accepted'; readonly callId: string }
  /** The agent declined the offer explicitly. */
  | { readonly type: 'offer-rejected'; readonly callId: string }
  /** The offer rang out (RONA). */
  | { readonly type: 'offer-no-answer'; readonly callId: string }
  /** The offer ended through no fault of the agent: caller hung up, or ring-all answered elsewhere. */
  | { readonly type: 'offer-withdrawn'; readonly callId: string }
  /** The call ended. `wrapUpSeconds` comes from the call's ACD group (0: no wrap-up). */
  | { readonly type: 'hang-up'; readonly callId: string; readonly wrapUpSeconds: number }
  /** Wrap-up ended by the agent (any time) or by its timer (which must name the call it was set for). */
  | { readonly type: 'wrap-up-ended'; readonly by: 'agent' }
  | { readonly type: 'wrap-up-ended'; readonly by: 'timer'; readonly callId: string }
  | { readonly type: 'pause'; readonly reason: PauseReason }
  | { readonly type: 'unpause' };

export type AgentEventType = AgentEvent['type'];
