import { CallMismatchError } from '../errors/call-mismatch.error.js';
import { IllegalTransitionError } from '../errors/illegal-transition.error.js';
import { InvalidArgumentError } from '../errors/invalid-argument.error.js';
import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { assertInteger, assertNonNegative } from '../shared/assert-number.js';
import type { AgentEvent } from './agent-event.js';
import type { AgentStateChange, StateChangeReason } from './agent-state-change.js';
import type { AgentCallRef, AgentStatus, PauseReason } from './agent-state.js';

/**
 * Pauses an agent who keeps missing offers, so callers stop ringing an empty desk. Off unless a
 * tenant configures it; `countRejections` decides whether a deliberate reject counts as a miss.
 */
export interface AutoPauseOptions {
  readonly afterMissedOffers: number;
  readonly reason: PauseReason;
  readonly countRejections: boolean;
}

/** Tenant-level knobs of the state machine. */
export interface AgentStateMachineOptions {
  readonly autoPause: AutoPauseOptions | null;
}

export const DEFAULT_AGENT_STATE_MACHINE_OPTIONS: AgentStateMachineOptions = { autoPause: null };

/**
 * The outcome of one accepted event. `change` is null when the event was recorded without a
 * state change (a pause asked for during a call is remembered, not applied).
 */
export interface TransitionResult {
  readonly agent: AgentStatus;
  readonly change: AgentStateChange | null;
}

type BusyAgent = Extract<AgentStatus, { state: 'offered' | 'on-call' | 'wrap-up' }>;

/**
 * The one place where an agent changes state. Pure: returns the new status and the history
 * entry, and throws `IllegalTransitionError` (or a more specific `AcdError`) for anything the
 * table in docs/acd-domain.md does not allow. The input status is never modified.
 */
export function transition(
  agent: AgentStatus,
  event: AgentEvent,
  now: number,
  options: AgentStateMachineOptions = DEFAULT_AGENT_STATE_MACHINE_OPTIONS,
): TransitionResult {
  assertNonNegative('now', now);
  if (options.autoPause !== null) {
    assertInteger('autoPause.afterMissedOffers', options.autoPause.afterMissedOffers, 1);
    assertPauseReason('autoPause.reason', options.autoPause.reason);
  }
  switch (agent.state) {
    case 'logged-out':
      if (event.type === 'login') {
        return changed(agent, { ...common(agent, now), consecutiveMissedOffers: 0, state: 'available', idleSince: now }, event, event.type);
      }
      break;
    case 'available':
      switch (event.type) {
        case 'offer': {
          if (event.call.tenantId !== agent.tenantId) throw new TenantMismatchError(agent.tenantId, event.call.tenantId);
          const call: AgentCallRef = { callId: event.call.callId, acdGroupId: event.call.acdGroupId };
          return changed(
            agent,
            { ...common(agent, now), lastOfferAt: now, state: 'offered', call, pendingPause: null, idleSince: agent.idleSince },
            event,
            event.type,
          );
        }
        case 'pause':
          assertPauseReason('reason', event.reason);
          return changed(agent, paused(agent, now, event.reason), event, event.type);
        case 'logout':
          return changed(agent, loggedOut(agent, now), event, event.type);
        default:
          break;
      }
      break;
    case 'offered':
      switch (event.type) {
        case 'offer-accepted':
          assertSameCall(agent, event.callId);
          return changed(
            agent,
            { ...common(agent, now), consecutiveMissedOffers: 0, state: 'on-call', call: agent.call, pendingPause: agent.pendingPause },
            event,
            event.type,
          );
        case 'offer-rejected':
        case 'offer-no-answer': {
          assertSameCall(agent, event.callId);
          const counts = event.type === 'offer-no-answer' || options.autoPause?.countRejections === true;
          const missed = agent.consecutiveMissedOffers + (counts ? 1 : 0);
          // Back of the longest-idle line: otherwise the same call would ring the same desk again at once.
          return changed(agent, freeAfterWork(agent, now, now, missed, options), event, event.type);
        }
        case 'offer-withdrawn':
          assertSameCall(agent, event.callId);
          // Not the agent's fault: keep the place in the longest-idle line and the miss count.
          return changed(agent, freeAfterWork(agent, now, agent.idleSince, agent.consecutiveMissedOffers, options), event, event.type);
        case 'pause':
        case 'unpause':
          return rememberPause(agent, event);
        default:
          break;
      }
      break;
    case 'on-call':
      switch (event.type) {
        case 'hang-up': {
          assertSameCall(agent, event.callId);
          assertNonNegative('wrapUpSeconds', event.wrapUpSeconds);
          if (event.wrapUpSeconds > 0) {
            return changed(
              agent,
              { ...common(agent, now), state: 'wrap-up', call: agent.call, pendingPause: agent.pendingPause, wrapUpEndsAt: now + event.wrapUpSeconds * 1000 },
              event,
              event.type,
            );
          }
          return changed(agent, freeAfterWork(agent, now, now, agent.consecutiveMissedOffers, options), event, event.type);
        }
        case 'pause':
        case 'unpause':
          return rememberPause(agent, event);
        default:
          break;
      }
      break;
    case 'wrap-up':
      switch (event.type) {
        case 'wrap-up-ended':
          if (event.by === 'timer') assertSameCall(agent, event.callId);
          return changed(agent, freeAfterWork(agent, now, now, agent.consecutiveMissedOffers, options), event, event.type);
        case 'logout':
          return changed(agent, loggedOut(agent, now), event, event.type);
        case 'pause':
        case 'unpause':
          return rememberPause(agent, event);
        default:
          break;
      }
      break;
    case 'paused':
      switch (event.type) {
        case 'pause':
          assertPauseReason('reason', event.reason);
          if (event.reason === agent.pauseReason) {
            throw new IllegalTransitionError(agent.state, event.type, `already paused for ${event.reason}`);
          }
          return changed(agent, paused(agent, now, event.reason), event, event.type);
        case 'unpause':
          return changed(agent, { ...common(agent, now), state: 'available', idleSince: now }, event, event.type);
        case 'logout':
          return changed(agent, loggedOut(agent, now), event, event.type);
        default:
          break;
      }
      break;
  }
  throw new IllegalTransitionError(agent.state, event.type);
}

/** Fields carried over to the next status; `since` and `version` move on. */
function common(agent: AgentStatus, now: number) {
  return {
    tenantId: agent.tenantId,
    agentId: agent.agentId,
    since: now,
    version: agent.version + 1,
    lastOfferAt: agent.lastOfferAt,
    consecutiveMissedOffers: agent.consecutiveMissedOffers,
  };
}

/** Any pause (or logout) resets the miss count: the desk is known to be unattended. */
function paused(agent: AgentStatus, now: number, pauseReason: PauseReason): AgentStatus {
  return { ...common(agent, now), consecutiveMissedOffers: 0, state: 'paused', pauseReason };
}

function loggedOut(agent: AgentStatus, now: number): AgentStatus {
  return { ...common(agent, now), consecutiveMissedOffers: 0, state: 'logged-out' };
}

/**
 * Where an agent goes when an offer or a call is over: the pause they asked for first, then an
 * auto-pause if they missed too many offers, otherwise available again.
 */
function freeAfterWork(agent: BusyAgent, now: number, idleSince: number, missed: number, options: AgentStateMachineOptions): AgentStatus {
  if (agent.pendingPause !== null) return paused(agent, now, agent.pendingPause);
  const autoPause = options.autoPause;
  if (autoPause !== null && missed >= autoPause.afterMissedOffers) return paused(agent, now, autoPause.reason);
  return { ...common(agent, now), consecutiveMissedOffers: missed, state: 'available', idleSince };
}

/** Pause and unpause while busy only set or clear the remembered pause; the state stays. */
function rememberPause(agent: BusyAgent, event: Extract<AgentEvent, { type: 'pause' | 'unpause' }>): TransitionResult {
  if (event.type === 'unpause' && agent.pendingPause === null) {
    throw new IllegalTransitionError(agent.state, event.type, 'no pause is pending');
  }
  let pendingPause: PauseReason | null = null;
  if (event.type === 'pause') {
    assertPauseReason('reason', event.reason);
    pendingPause = event.reason;
  }
  return { agent: { ...agent, version: agent.version + 1, pendingPause }, change: null };
}

function changed(agent: AgentStatus, next: AgentStatus, event: AgentEvent, eventReason: StateChangeReason): TransitionResult {
  let reason = eventReason;
  if (next.state === 'paused' && event.type !== 'pause') {
    reason = isBusy(agent) && agent.pendingPause !== null ? 'deferred-pause' : 'auto-pause';
  }
  const call = isBusy(agent) ? agent.call : isBusy(next) ? next.call : null;
  const change: AgentStateChange = {
    tenantId: agent.tenantId,
    agentId: agent.agentId,
    from: agent.state,
    fromSince: agent.since,
    to: next.state,
    at: next.since,
    event: event.type,
    reason,
    pauseReason: next.state === 'paused' ? next.pauseReason : null,
    callId: call?.callId ?? null,
    acdGroupId: call?.acdGroupId ?? null,
  };
  return { agent: next, change };
}

function isBusy(agent: AgentStatus): agent is BusyAgent {
  return agent.state === 'offered' || agent.state === 'on-call' || agent.state === 'wrap-up';
}

function assertSameCall(agent: BusyAgent, callId: string): void {
  if (agent.call.callId !== callId) throw new CallMismatchError(agent.call.callId, callId);
}

function assertPauseReason(argument: string, reason: PauseReason): void {
  if (reason.trim() === '') throw new InvalidArgumentError(argument, 'must be a non-empty pause reason');
}
