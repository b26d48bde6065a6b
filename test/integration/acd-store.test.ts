import { randomBytes } from 'node:crypto';
import { routeCalls } from '@ringwell/acd';
import type { AcdGroupMembership, AgentSkill, RoutingStrategy, SkillLevel, WaitingCall } from '@ringwell/acd';
import { ACD_TENANTS_KEY, AcdStoreError, decodeHistoryEntry, RedisAcdStore, subscribeAcdEvents } from '@ringwell/acd-redis';
import type { AcdEvent } from '@ringwell/acd-redis';
import { createRedis } from '@ringwell/db';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, testCluster } from '../src/test-cluster.js';

const ctx = testCluster();
let redis: Redis;
const T0 = 1_800_000_000_000;

beforeAll(async () => {
  redis = createRedis(ctx.dataTier);
  // Calls of owner "ts-test" count as alive unless a test says otherwise.
  await redis.set('rw:sys:heartbeat:ts-test', '{}', 'EX', 600);
});
afterAll(() => redis.disconnect());

const newTenant = (): string => `t${randomBytes(4).toString('hex')}`;
const call = (tenantId: string, callId: string, acdGroupId: string, enqueuedAt: number, priority = 0, requiredSkills: WaitingCall['requiredSkills'] = []): WaitingCall => ({
  tenantId, callId, acdGroupId, enqueuedAt, priority, requiredSkills,
});

async function setup(store: RedisAcdStore, tenant: string, strategy: RoutingStrategy, agents: Array<[string, AcdGroupMembership[], AgentSkill[]]>, groups: string[] = ['g1']): Promise<void> {
  for (const g of groups) await store.configureAcdGroup(tenant, { acdGroupId: g, strategy, skillRelaxation: [], ringTimeoutMs: 20_000 });
  for (const [id, m, s] of agents) await store.configureAgent(tenant, id, m, s);
}

describe('Redis ACD store', () => {
  it('logs agents in against the seat pool, offers a call to the longest-idle agent, and runs a call to the end', async () => {
    const store = new RedisAcdStore(redis);
    const t = newTenant();
    await setup(store, t, 'longest-idle', ['a1', 'a2', 'a3'].map((a) => [a, [{ acdGroupId: 'g1', penalty: 0 }], []]));
    // This test reads the tenant's history stream itself: keep the cluster worker, which
    // forwards that stream to MariaDB and trims it, away from this tenant.
    await redis.srem(ACD_TENANTS_KEY, t);
    await store.login(t, 'a2', 2, T0 + 1);
    await store.login(t, 'a1', 2, T0 + 2);
    await expect(store.login(t, 'a3', 2, T0 + 3)).rejects.toMatchObject({ code: 'RW_ERR_ACD_SEATS_FULL' });
    expect((await store.getAgent(t, 'a3'))).toBeNull();

    const res = await store.enqueue(call(t, 'c1', 'g1', T0 + 10), 'ts-test');
    expect(res).toEqual({ outcome: 'offered', offer: { callId: 'c1', agentIds: ['a2'] } });
    expect((await store.getAgent(t, 'a2'))?.state).toBe('offered');

    await store.acceptOffer(t, 'c1', 'a2', T0 + 20);
    expect(await store.getCall(t, 'c1')).toBeNull();
    expect((await store.getAgent(t, 'a2'))?.state).toBe('on-call');
    await store.agentEvent(t, 'a2', { type: 'hang-up', callId: 'c1', wrapUpSeconds: 5 }, T0 + 30);
    expect((await store.getAgent(t, 'a2'))?.state).toBe('wrap-up');
    await store.agentEvent(t, 'a2', { type: 'wrap-up-ended', by: 'agent' }, T0 + 40);
    expect((await store.getAgent(t, 'a2'))?.state).toBe('available');

    // Logging out frees the seat for a3.
    await store.agentEvent(t, 'a1', { type: 'logout' }, T0 + 50);
    await store.login(t, 'a3', 2, T0 + 60);

    const history = await redis.xrange(`rw:{${t}}:acd:history`, '-', '+');
    const entries = history.map(([, f]) => decodeHistoryEntry(t, Object.fromEntries(f.reduce<Array<[string, string]>>((acc, v, i, arr) => (i % 2 === 0 ? [...acc, [v, arr[i + 1] ?? '']] : acc), []))));
    const a2 = entries.filter((h) => h.agentId === 'a2');
    expect(a2.map((h) => `${h.from}>${h.to}`)).toEqual(['logged-out>available', 'available>offered', 'offered>on-call', 'on-call>wrap-up', 'wrap-up>available']);
    // The offer (built by the script) and the answer (encoded by the store) carry the call and group.
    expect(a2[1]).toMatchObject({ tenantId: t, event: 'offer', reason: 'offer', callId: 'c1', pauseReason: null });
    expect(a2[1]?.acdGroupId).toBeTruthy();
    expect(a2[1]?.at).toBeGreaterThanOrEqual(T0);
    expect(a2[2]?.fromSince).toBe(a2[1]?.at);
  });

  it('serves the longest waiting caller across ACD groups, and priority before wait', async () => {
    const store = new RedisAcdStore(redis);
    const t = newTenant();
    await setup(store, t, 'longest-idle', [['a1', [{ acdGroupId: 'gA', penalty: 0 }, { acdGroupId: 'gB', penalty: 0 }], []]], ['gA', 'gB']);
    await store.enqueue(call(t, 'newer-in-A', 'gA', T0 + 200), 'ts-test');
    await store.enqueue(call(t, 'older-in-B', 'gB', T0 + 100), 'ts-test');
    await store.enqueue(call(t, 'vip-newest-in-A', 'gA', T0 + 300, 5), 'ts-test');
    const first = await store.login(t, 'a1', -1, T0 + 400);
    expect(first.offers).toEqual([{ callId: 'vip-newest-in-A', agentIds: ['a1'] }]);
    await store.acceptOffer(t, 'vip-newest-in-A', 'a1', T0 + 410);
    const second = await store.agentEvent(t, 'a1', { type: 'hang-up', callId: 'vip-newest-in-A', wrapUpSeconds: 0 }, T0 + 420);
    expect(second.offers).toEqual([{ callId: 'older-in-B', agentIds: ['a1'] }]);
  });

  it('a declined offer goes to the next agent and the caller keeps their place', async () => {
    const store = new RedisAcdStore(redis);
    const t = newTenant();
    await setup(store, t, 'longest-idle', ['a1', 'a2'].map((a) => [a, [{ acdGroupId: 'g1', penalty: 0 }], []]));
    await store.login(t, 'a1', -1, T0 + 1);
    await store.enqueue(call(t, 'c1', 'g1', T0 + 10), 'ts-test');
    await store.enqueue(call(t, 'c2', 'g1', T0 + 20), 'ts-test');
    const declined = await store.declineOffer(t, 'c1', 'a1', 'offer-no-answer', T0 + 30);
    // a1 is free again but c1 is first in line: it is offered again (only agent), with a missed offer counted.
    expect(declined.offers).toEqual([{ callId: 'c1', agentIds: ['a1'] }]);
    expect((await store.getAgent(t, 'a1'))?.consecutiveMissedOffers).toBe(1);
    await store.login(t, 'a2', -1, T0 + 40);
    await store.declineOffer(t, 'c1', 'a1', 'offer-rejected', T0 + 50);
    // c2 went to a2 at login; c1 keeps its place ahead of anything newer.
    expect((await store.getAgent(t, 'a2'))).toMatchObject({ state: 'offered', call: { callId: 'c2' } });
    expect((await store.getAgent(t, 'a1'))).toMatchObject({ state: 'offered', call: { callId: 'c1' } });
  });

  it('ring-all rings every eligible agent; the first answer withdraws the others', async () => {
    const store = new RedisAcdStore(redis);
    const t = newTenant();
    await setup(store, t, 'ring-all', [
      ['a1', [{ acdGroupId: 'g1', penalty: 0 }], []],
      ['a2', [{ acdGroupId: 'g1', penalty: 0 }], []],
      ['a3', [{ acdGroupId: 'g1', penalty: 1 }], []],
    ]);
    for (const a of ['a3', 'a2', 'a1']) await store.login(t, a, -1, T0);
    const res = await store.enqueue(call(t, 'c1', 'g1', T0 + 10), 'ts-test');
    expect(res).toEqual({ outcome: 'offered', offer: { callId: 'c1', agentIds: ['a1', 'a2'] } });
    await store.acceptOffer(t, 'c1', 'a2', T0 + 20);
    expect((await store.getAgent(t, 'a1'))?.state).toBe('available');
    expect((await store.getAgent(t, 'a1'))?.consecutiveMissedOffers).toBe(0);
    expect((await store.getAgent(t, 'a2'))?.state).toBe('on-call');
  });

  it('skills-based: the best skilled agent; requirements relax as the caller waits', async () => {
    const store = new RedisAcdStore(redis);
    const t = newTenant();
    await store.configureAcdGroup(t, { acdGroupId: 'g1', strategy: 'skills-based', skillRelaxation: [{ afterSeconds: 10, relaxBy: 2 }], ringTimeoutMs: 20_000 });
    await store.configureAgent(t, 'novice', [{ acdGroupId: 'g1', penalty: 0 }], [{ skill: 'billing', level: 2 }]);
    await store.login(t, 'novice', -1, T0);
    const res = await store.enqueue(call(t, 'c1', 'g1', T0 + 1000, 0, [{ skill: 'billing', level: 4 }]), 'ts-test');
    expect(res.outcome).toBe('waiting');
    expect(await store.routePass(t, T0 + 5000)).toEqual([]);
    expect(await store.routePass(t, T0 + 11_001)).toEqual([{ callId: 'c1', agentIds: ['novice'] }]);
  });


  it("the scripts' config cache keeps each agent's own levels (one-byte ids, ids sharing a cache bucket) and follows a config edit", async () => {
    const store = new RedisAcdStore(redis);
    const t = newTenant();
    // 'p11' and 'q11' end in the same two bytes, so they share one bucket of the Lua cache.
    await setup(store, t, 'skills-based', [
      ['x', [{ acdGroupId: 'g1', penalty: 0 }], [{ skill: 'billing', level: 2 }]],
      ['p11', [{ acdGroupId: 'g1', penalty: 0 }], [{ skill: 'billing', level: 1 }]],
      ['q11', [{ acdGroupId: 'g1', penalty: 0 }], [{ skill: 'billing', level: 4 }]],
    ]);
    for (const a of ['x', 'p11', 'q11']) await store.login(t, a, -1, T0);
    const first = await store.enqueue(call(t, 'c1', 'g1', T0 + 1000, 0, [{ skill: 'billing', level: 4 }]), 'ts-test');
    expect(first.outcome === 'offered' ? first.offer.agentIds : []).toEqual(['q11']);
    // Nobody free has billing 5 until an admin raises x's level; the edit must reach the cache.
    const second = await store.enqueue(call(t, 'c2', 'g1', T0 + 2000, 0, [{ skill: 'billing', level: 5 }]), 'ts-test');
    expect(second.outcome).toBe('waiting');
    await store.agentEvent(t, 'x', { type: 'logout' }, T0 + 3000);
    await store.configureAgent(t, 'x', [{ acdGroupId: 'g1', penalty: 0 }], [{ skill: 'billing', level: 5 }]);
    expect((await store.login(t, 'x', -1, T0 + 4000)).offers).toEqual([{ callId: 'c2', agentIds: ['x'] }]);
    // The functions VM's collector is paced for latency (docs/acd-store.md): a probe library in
    // the same VM reads the step multiplier (setting it returns the previous value).
    const probe = "#!lua name=rwtest_gcprobe\nredis.register_function('rwtest_gcprobe', function() return collectgarbage('setstepmul', 20) end)";
    await redis.call('FUNCTION', 'LOAD', 'REPLACE', probe);
    expect(await redis.call('FCALL', 'rwtest_gcprobe', '0')).toBe(20);
    await redis.call('FUNCTION', 'DELETE', 'rwtest_gcprobe');
  });
  it('the reaper frees agents of lost offers: no-answer if the owner lives, withdrawn if the owner died', async () => {
    const store = new RedisAcdStore(redis, { offerGraceMs: 100 });
    const t = newTenant();
    await store.configureAcdGroup(t, { acdGroupId: 'g1', strategy: 'longest-idle', skillRelaxation: [], ringTimeoutMs: 1000 });
    for (const a of ['a1', 'a2']) {
      await store.configureAgent(t, a, [{ acdGroupId: 'g1', penalty: 0 }], []);
      await store.login(t, a, -1, T0);
    }
    await store.enqueue(call(t, 'alive', 'g1', T0 + 10), 'ts-test');
    await store.enqueue(call(t, 'orphan', 'g1', T0 + 20), 'ts-dead-server');
    expect(await store.expireOffers(t, T0 + 500)).toEqual([]);
    const made = await store.expireOffers(t, T0 + 2000);
    expect(await store.getCall(t, 'orphan')).toBeNull();
    const a1 = await store.getAgent(t, 'a1');
    const a2 = await store.getAgent(t, 'a2');
    // Deadlines come in order: the live call rang out on a1 (a miss) and, a2 still ringing for
    // the orphan, was offered again to a1, the only free agent. Then the orphan's owner is found
    // dead: the call is removed and a2 freed without a miss.
    expect(made).toEqual([{ callId: 'alive', agentIds: ['a1'] }]);
    expect(a1).toMatchObject({ state: 'offered', consecutiveMissedOffers: 1, call: { callId: 'alive' } });
    expect(a2).toMatchObject({ state: 'available', consecutiveMissedOffers: 0 });
  });

  it('publishes every change on the tenant channel', async () => {
    const store = new RedisAcdStore(redis);
    const t = newTenant();
    await setup(store, t, 'longest-idle', [['a1', [{ acdGroupId: 'g1', penalty: 0 }], []]]);
    const sub = createRedis(ctx.dataTier);
    const seen: AcdEvent[] = [];
    const stop = await subscribeAcdEvents(sub, t, (evs) => seen.push(...evs));
    try {
      await store.login(t, 'a1', -1, T0);
      await store.enqueue(call(t, 'c1', 'g1', T0 + 1), 'ts-test');
      await eventually(async () => seen.some((e) => e.type === 'offer' && e.callId === 'c1'), 3000);
      expect(seen).toContainEqual({ type: 'agent', agentId: 'a1', state: 'available', version: 1 });
    } finally {
      await stop();
      sub.disconnect();
    }
  });

  it('rejects bad input with typed errors and writes nothing', async () => {
    const store = new RedisAcdStore(redis);
    const t = newTenant();
    await expect(store.enqueue(call(t, 'c1', 'nope', T0), 'ts-test')).rejects.toMatchObject({ code: 'RW_ERR_ACD_BAD_CONFIG' });
    await expect(store.enqueue(call(t, 'bad id', 'g1', T0), 'ts-test')).rejects.toBeInstanceOf(AcdStoreError);
    await expect(store.enqueue(call(t, 'c1', 'g1', T0, 1000), 'ts-test')).rejects.toMatchObject({ code: 'RW_ERR_ACD_BAD_CONFIG' });
    await expect(store.agentEvent(t, 'a1', { type: 'logout' }, T0)).rejects.toMatchObject({ name: 'IllegalTransitionError' });
    expect(await redis.keys(`rw:{${t}}:*`)).toEqual([]);
  });
});

describe('Redis ACD store against the pure router (differential)', () => {
  const strategies: RoutingStrategy[] = ['longest-idle', 'round-robin', 'ring-all', 'skills-based'];
  for (const strategy of strategies) {
    it(`${strategy}: every event-driven offer is the one the pure router makes from the same state`, async () => {
      const store = new RedisAcdStore(redis);
      const t = newTenant();
      let seed = strategies.indexOf(strategy) + 7;
      const rnd = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      const groups = ['g1', 'g2', 'g3'];
      for (const g of groups) await store.configureAcdGroup(t, { acdGroupId: g, strategy, skillRelaxation: [{ afterSeconds: 30, relaxBy: 1 }], ringTimeoutMs: 20_000 });
      const agents = Array.from({ length: 12 }, (_, i) => `a${i}`);
      for (const a of agents) {
        const memberships = groups.filter(() => rnd(2) === 0).map((g) => ({ acdGroupId: g, penalty: rnd(3) }));
        const skills: AgentSkill[] = ['billing', 'sales'].filter(() => rnd(3) > 0).map((s) => ({ skill: s, level: (1 + rnd(5)) as SkillLevel }));
        await store.configureAgent(t, a, memberships.length ? memberships : [{ acdGroupId: 'g1', penalty: 0 }], skills);
      }
      let now = T0;
      let checked = 0;
      for (let step = 0; step < 120; step++) {
        now += 1 + rnd(3000);
        // The periodic pass that offers calls whose skill requirements relaxed meanwhile.
        await store.routePass(t, now);
        const before = await store.loadRoutingSnapshot(t, now);
        const kind = rnd(10);
        if (kind < 4) {
          const c: WaitingCall = call(t, `c${step}`, groups[rnd(3)] ?? 'g1', now, rnd(3), rnd(2) ? [{ skill: 'billing', level: (1 + rnd(4)) as SkillLevel }] : []);
          const expected = routeCalls({ ...before, calls: [...before.calls, c] }).offers.find((o) => o.call.callId === c.callId);
          const res = await store.enqueue(c, 'ts-test', now);
          expect(res.outcome === 'offered' ? res.offer.agentIds : [], `enqueue ${c.callId}`).toEqual(expected ? [...expected.agentIds] : []);
          checked++;
        } else {
          const a = agents[rnd(agents.length)] ?? 'a0';
          const status = before.agents.find((x) => x.status.agentId === a)?.status;
          const state = status?.state ?? 'logged-out';
          if (state === 'logged-out' || state === 'paused') {
            const res = state === 'logged-out' ? await store.login(t, a, -1, now) : await store.agentEvent(t, a, { type: 'unpause' }, now);
            // What the pure router does with the same waiting calls once this agent is free.
            const config = (await store.loadRoutingSnapshot(t, now)).agents.find((x) => x.status.agentId === a);
            if (!config) throw new Error(`${a} missing after login`);
            const freedAgent = { ...config, status: { ...res.status, state: 'available' as const, idleSince: now } };
            const freed = { ...before, agents: [...before.agents.filter((x) => x.status.agentId !== a), freedAgent] };
            const expected = routeCalls(freed).offers.find((o) => o.agentIds.includes(a));
            expect(res.offers.map((o) => o.callId), `${a} becomes available`).toEqual(expected ? [expected.call.callId] : []);
            checked++;
          } else if (status?.state === 'offered') {
            await store.acceptOffer(t, status.call.callId, a, now);
          } else if (status?.state === 'on-call') {
            await store.agentEvent(t, a, { type: 'hang-up', callId: status.call.callId, wrapUpSeconds: 0 }, now);
          } else if (state === 'available' && rnd(3) === 0) {
            await store.agentEvent(t, a, { type: 'pause', reason: 'break' }, now);
          }
        }
        // Invariant after every event (no relaxation has passed a threshold unseen): nothing left to route.
        const after = await store.loadRoutingSnapshot(t, now);
        expect(routeCalls(after).offers.map((o) => o.call.callId), `step ${step}: idle agent and eligible waiting call left apart`).toEqual([]);
      }
      expect(checked).toBeGreaterThan(40);
    });
  }
});
