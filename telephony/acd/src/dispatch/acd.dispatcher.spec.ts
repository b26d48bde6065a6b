import { describe, expect, it } from 'vitest';
import { transition } from '../agent/agent-state.machine.js';
import { newAgentStatus, type AgentStatus } from '../agent/agent-state.js';
import type { WaitingCall } from '../call/waiting-call.js';
import type { AcdStore, AgentUpdate, OfferClaim, OfferRelease } from '../ports/acd-store.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { AcdGroupRouting, RoutingAgent, RoutingSnapshot } from '../routing/routing-snapshot.js';
import { AcdDispatcher } from './acd.dispatcher.js';

/** In-memory AcdStore with the same compare-and-set contract the Redis adapter must honour. */
class FakeAcdStore implements AcdStore {
  readonly calls = new Map<string, { call: WaitingCall; offered: boolean }>();
  readonly agents = new Map<string, { status: AgentStatus; config: Omit<RoutingAgent, 'status'> }>();
  readonly history: unknown[] = [];
  acdGroups: AcdGroupRouting[] = [];
  /** Simulates another server acting between snapshot and claim. */
  beforeClaim: (() => void) | null = null;

  async enqueueCall(call: WaitingCall): Promise<void> {
    if (!this.calls.has(call.callId)) this.calls.set(call.callId, { call, offered: false });
  }
  async removeCall(_tenantId: string, callId: string): Promise<boolean> {
    return this.calls.delete(callId);
  }
  async getAgent(_tenantId: string, agentId: string): Promise<AgentStatus | null> {
    return this.agents.get(agentId)?.status ?? null;
  }
  async setAgentState(update: AgentUpdate): Promise<boolean> {
    if (!this.versionsMatch([update])) return false;
    this.write([update]);
    return true;
  }
  async loadRoutingSnapshot(tenantId: string, now: number): Promise<RoutingSnapshot> {
    return {
      tenantId,
      now,
      calls: [...this.calls.values()].filter((c) => !c.offered).map((c) => c.call),
      agents: [...this.agents.values()].map((a) => ({ status: a.status, ...a.config })),
      acdGroups: this.acdGroups,
    };
  }
  async claimOffer(claim: OfferClaim): Promise<boolean> {
    this.beforeClaim?.();
    const entry = this.calls.get(claim.callId);
    if (entry === undefined || entry.offered || !this.versionsMatch(claim.updates)) return false;
    entry.offered = true;
    this.write(claim.updates);
    return true;
  }
  async releaseOffer(release: OfferRelease): Promise<boolean> {
    const entry = this.calls.get(release.callId);
    if (entry === undefined || !this.versionsMatch(release.updates)) return false;
    entry.offered = false;
    this.write(release.updates);
    return true;
  }
  private versionsMatch(updates: readonly AgentUpdate[]): boolean {
    return updates.every((u) => this.agents.get(u.next.agentId)?.status.version === u.expectedVersion);
  }
  private write(updates: readonly AgentUpdate[]): void {
    for (const u of updates) {
      const agent = this.agents.get(u.next.agentId);
      if (agent === undefined) throw new Error('unknown agent');
      agent.status = u.next;
      if (u.change !== null) this.history.push(u.change);
    }
  }
}

const T0 = 1_700_000_000_000;

function setup() {
  const store = new FakeAcdStore();
  let now = T0;
  const clock: Clock = { now: () => now };
  store.acdGroups = [{ acdGroupId: 'sales', strategy: 'longest-idle', skillRelaxation: [] }];
  for (const [agentId, loginAt] of [['x', T0 - 60_000], ['y', T0 - 30_000]] as const) {
    const status = transition(newAgentStatus('t1', agentId, loginAt), { type: 'login' }, loginAt).agent;
    store.agents.set(agentId, { status, config: { memberships: [{ acdGroupId: 'sales', penalty: 0 }], skills: [] } });
  }
  return { store, dispatcher: new AcdDispatcher(store, clock), advance: (ms: number) => (now += ms) };
}

const call = (callId: string, enqueuedAt: number): WaitingCall => ({ callId, tenantId: 't1', acdGroupId: 'sales', priority: 0, enqueuedAt, requiredSkills: [] });

describe('AcdDispatcher', () => {
  it('offers waiting calls to free agents and records the offers in history', async () => {
    const { store, dispatcher } = setup();
    await store.enqueueCall(call('c1', T0 - 5000));
    const result = await dispatcher.dispatch('t1');
    expect(result.offered.map((c) => [c.callId, c.updates[0]?.next.agentId])).toEqual([['c1', 'x']]);
    expect(store.agents.get('x')?.status).toMatchObject({ state: 'offered', call: { callId: 'c1' } });
    expect(store.history).toEqual([expect.objectContaining({ agentId: 'x', from: 'available', to: 'offered', callId: 'c1' })]);
  });

  it('does not offer an offered call again', async () => {
    const { store, dispatcher } = setup();
    await store.enqueueCall(call('c1', T0 - 5000));
    await dispatcher.dispatch('t1');
    const second = await dispatcher.dispatch('t1');
    expect(second.offered).toEqual([]);
    expect(store.agents.get('y')?.status.state).toBe('available');
  });

  it('loses the claim when the agent changed after the snapshot, and wins on the next pass', async () => {
    const { store, dispatcher, advance } = setup();
    await store.enqueueCall(call('c1', T0 - 5000));
    store.beforeClaim = () => {
      const x = store.agents.get('x');
      if (x === undefined) throw new Error('fixture');
      x.status = transition(x.status, { type: 'pause', reason: 'lunch' }, T0).agent;
      store.beforeClaim = null;
    };
    const first = await dispatcher.dispatch('t1');
    expect(first.offered).toEqual([]);
    expect(first.lost.map((c) => c.callId)).toEqual(['c1']);
    expect(store.agents.get('x')?.status.state).toBe('paused');
    advance(100);
    const second = await dispatcher.dispatch('t1');
    expect(second.offered.map((c) => c.updates[0]?.next.agentId)).toEqual(['y']);
  });

  it('puts a released call back in line with its original place', async () => {
    const { store, dispatcher, advance } = setup();
    await store.enqueueCall(call('old', T0 - 50_000));
    const [claim] = (await dispatcher.dispatch('t1')).offered;
    const x = store.agents.get('x')?.status;
    if (claim === undefined || x === undefined) throw new Error('fixture');
    const missed = transition(x, { type: 'offer-no-answer', callId: 'old' }, T0 + 15_000);
    expect(await store.releaseOffer({ tenantId: 't1', callId: 'old', updates: [{ expectedVersion: x.version, next: missed.agent, change: missed.change }] })).toBe(true);
    await store.enqueueCall(call('new', T0 - 1000));
    advance(15_000);
    const result = await dispatcher.dispatch('t1');
    // y is now the longest idle (x went to the back after missing); "old" is still first in line.
    expect(result.offered.map((c) => [c.callId, c.updates[0]?.next.agentId])).toEqual([
      ['old', 'y'],
      ['new', 'x'],
    ]);
  });
});
