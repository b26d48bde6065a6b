import { randomBytes } from 'node:crypto';
import { RedisAcdStore } from '@ringwell/acd-redis';
import { createRedis } from '@ringwell/db';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, testCluster } from '../src/test-cluster.js';

/**
 * The cluster's telephony servers (ts1, ts2) run the ACD housekeeping against the shared Redis
 * store. Nothing in these tests settles offers, wrap-ups or relaxations itself: only the
 * running servers can make the asserted changes happen. The servers use the store's default
 * offer grace (5 s) and wrap-up grace (5 s) and pass every second.
 */
const ctx = testCluster();
let redis: Redis;
let store: RedisAcdStore;

beforeAll(async () => {
  redis = createRedis(ctx.dataTier);
  store = new RedisAcdStore(redis);
  await redis.set('rw:sys:heartbeat:ts-hk-alive', '{}', 'EX', 600);
});
afterAll(() => redis.disconnect());

async function tenantWithAgent(ringTimeoutMs: number, skillRelaxation: Array<{ afterSeconds: number; relaxBy: number }> = [], level: 1 | 2 | 3 | 4 | 5 = 5): Promise<string> {
  const t = `thk${randomBytes(4).toString('hex')}`;
  await store.configureAcdGroup(t, { acdGroupId: 'g1', strategy: 'longest-idle', skillRelaxation, ringTimeoutMs });
  await store.configureAgent(t, 'a1', [{ acdGroupId: 'g1', penalty: 0 }], [{ skill: 'french', level }]);
  await store.login(t, 'a1', -1, Date.now());
  return t;
}

describe('ACD housekeeping on the telephony servers', () => {
  it.concurrent('removes the call of a telephony server that died with an offer out, and frees the agent', async () => {
    const t = await tenantWithAgent(300);
    const res = await store.enqueue({ tenantId: t, callId: 'c1', acdGroupId: 'g1', priority: 0, enqueuedAt: Date.now(), requiredSkills: [] }, 'ts-hk-gone');
    expect(res.outcome).toBe('offered');
    // Ring timeout 0.3 s + grace 5 s, then the next pass of ts1 or ts2.
    await eventually(async () => (await store.getCall(t, 'c1')) === null, 12_000, 200);
    const a1 = await store.getAgent(t, 'a1');
    expect(a1?.state).toBe('available');
    // The caller went with the server: not the agent's fault, no missed offer.
    expect(a1?.consecutiveMissedOffers).toBe(0);
  });

  it.concurrent('counts an unanswered offer of a live server as no-answer; the caller waits again in place', async () => {
    const t = await tenantWithAgent(300);
    await store.enqueue({ tenantId: t, callId: 'c1', acdGroupId: 'g1', priority: 0, enqueuedAt: Date.now(), requiredSkills: [] }, 'ts-hk-alive');
    // After the deadline the offer is settled as no-answer; the only agent is free again, so the
    // call is offered to it once more (a fresh offer with a new deadline).
    const a1 = await eventually(async () => {
      const a = await store.getAgent(t, 'a1');
      return a !== null && a.consecutiveMissedOffers >= 1 ? a : null;
    }, 12_000, 200);
    expect(['available', 'offered']).toContain(a1.state);
    const call = await store.getCall(t, 'c1');
    expect(call?.owner).toBe('ts-hk-alive');
  });

  it.concurrent('offers a waiting call once its skill requirement has relaxed, with no event to trigger it', async () => {
    const t = await tenantWithAgent(20_000, [{ afterSeconds: 1, relaxBy: 1 }], 2);
    const res = await store.enqueue({ tenantId: t, callId: 'c1', acdGroupId: 'g1', priority: 0, enqueuedAt: Date.now(), requiredSkills: [{ skill: 'french', level: 3 }] }, 'ts-hk-alive');
    expect(res.outcome).toBe('waiting');
    const call = await eventually(async () => {
      const c = await store.getCall(t, 'c1');
      return c?.state === 'offered' ? c : null;
    }, 8_000, 100);
    expect(call.agentIds).toEqual(['a1']);
    expect((await store.getAgent(t, 'a1'))?.state).toBe('offered');
  });

  it.concurrent('ends a wrap-up whose timer the owning server never fired', async () => {
    const t = await tenantWithAgent(20_000);
    await store.enqueue({ tenantId: t, callId: 'c1', acdGroupId: 'g1', priority: 0, enqueuedAt: Date.now(), requiredSkills: [] }, 'ts-hk-alive');
    await store.acceptOffer(t, 'c1', 'a1', Date.now());
    await store.agentEvent(t, 'a1', { type: 'hang-up', callId: 'c1', wrapUpSeconds: 1 }, Date.now());
    expect((await store.getAgent(t, 'a1'))?.state).toBe('wrap-up');
    // 1 s of wrap-up + 5 s grace, then a pass.
    await eventually(async () => (await store.getAgent(t, 'a1'))?.state === 'available', 12_000, 200);
  });
});
