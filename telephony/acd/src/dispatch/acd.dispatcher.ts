import { DEFAULT_AGENT_STATE_MACHINE_OPTIONS, type AgentStateMachineOptions } from '../agent/agent-state.machine.js';
import type { AcdStore, OfferClaim } from '../ports/acd-store.port.js';
import type { Clock } from '../ports/clock.port.js';
import { offerClaims } from '../routing/offer-claim.js';
import { routeCalls, type SkippedCall } from '../routing/router.js';

/** What one routing pass did; the caller rings the agents of `offered`. */
export interface DispatchResult {
  readonly offered: readonly OfferClaim[];
  /** Claims another server or an agent event beat; they are retried on the next pass. */
  readonly lost: readonly OfferClaim[];
  readonly skipped: readonly SkippedCall[];
}

/**
 * Runs routing passes for a tenant: snapshot, route, claim. Optimistic by design: every
 * telephony server may dispatch any tenant, and the store's atomic claim decides who wins, so
 * there is no leader to elect and nothing to fail over. Run a pass when a call is enqueued or
 * an agent becomes available, and on a short timer for skill relaxation.
 */
export class AcdDispatcher {
  constructor(
    private readonly store: AcdStore,
    private readonly clock: Clock,
    private readonly options: AgentStateMachineOptions = DEFAULT_AGENT_STATE_MACHINE_OPTIONS,
  ) {}

  async dispatch(tenantId: string): Promise<DispatchResult> {
    const snapshot = await this.store.loadRoutingSnapshot(tenantId, this.clock.now());
    const plan = routeCalls(snapshot);
    const offered: OfferClaim[] = [];
    const lost: OfferClaim[] = [];
    for (const claim of offerClaims(plan, snapshot, this.options)) {
      if (await this.store.claimOffer(claim)) offered.push(claim);
      else lost.push(claim);
    }
    return { offered, lost, skipped: plan.skipped };
  }
}
