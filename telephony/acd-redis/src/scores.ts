import type { RoutingStrategy } from '@ringwell/acd';

/**
 * Sorted-set scores that encode the domain's orderings, so Redis keeps every list in routing
 * order and a script only reads its head. Mirrored exactly in the Lua library (lua/acd.lib.ts);
 * the differential test checks both against the pure router.
 */

/** Width of one priority or penalty tier: above any epoch-ms timestamp (until year 2286). */
export const TIER = 1e13;
/** Priorities the score can order: higher is served first. */
export const MIN_PRIORITY = -100;
export const MAX_PRIORITY = 100;
/** Penalties the score can order: lower is offered first. */
export const MAX_PENALTY = 99;

/** Waiting-call order: priority (higher first), then longest wait; ties by callId (ZSET member order). */
export function callScore(priority: number, enqueuedAt: number): number {
  return (MAX_PRIORITY - priority) * TIER + enqueuedAt;
}

/**
 * Idle-agent order inside one ACD group: penalty tier first; then longest idle, or for round
 * robin least recently offered (never offered first, by idle time).
 */
export function idleScore(strategy: RoutingStrategy, penalty: number, idleSince: number, lastOfferAt: number | null): number {
  const key = strategy === 'round-robin' ? (lastOfferAt ?? idleSince - 2e12) : idleSince;
  return penalty * TIER + key;
}
