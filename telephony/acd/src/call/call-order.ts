import type { WaitingCall } from './waiting-call.js';

/**
 * The one ordering of waiting calls, across all ACD groups of a tenant: higher priority first,
 * then the caller who has waited longest, then call id so the order is total and every server
 * computes the same one. Because it ignores the ACD group, an agent serving several groups
 * always takes the longest-waiting caller among them.
 */
export function compareWaitingCalls(a: WaitingCall, b: WaitingCall): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.enqueuedAt !== b.enqueuedAt) return a.enqueuedAt - b.enqueuedAt;
  return a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0;
}

/** Returns a new array in serving order; the input is left as it is. */
export function orderWaitingCalls(calls: readonly WaitingCall[]): WaitingCall[] {
  return [...calls].sort(compareWaitingCalls);
}

/**
 * 1-based position of a call among the calls an ACD group's agents could serve, for the
 * estimated wait announced to the caller. Null when the call is not waiting.
 */
export function queuePosition(calls: readonly WaitingCall[], callId: string, acdGroupIds?: ReadonlySet<string>): number | null {
  const relevant = acdGroupIds === undefined ? calls : calls.filter((call) => acdGroupIds.has(call.acdGroupId));
  const index = orderWaitingCalls(relevant).findIndex((call) => call.callId === callId);
  return index < 0 ? null : index + 1;
}
