import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import type { RoutingStrategy, SkillLevel } from '@ringwell/acd';
import { isSettledConcurrently, RedisAcdStore, subscribeAcdEvents } from '@ringwell/acd-redis';
import type { AcdEvent } from '@ringwell/acd-redis';
import { createRedis } from '@ringwell/db';
import { describe, expect, it } from 'vitest';
import { testCluster } from '../src/test-cluster.js';

/**
 * Four telephony servers ("routers"), each with its own Redis connections, route 10,000 calls
 * over 500 agents of one tenant, with random arrivals, answers, no-answers, rejections,
 * callers hanging up while waiting or ringing, pauses, and offers a server simply loses (the
 * reaper must settle those). A monitor checks the invariants atomically (one Lua read) all
 * along; at the end every agent must be free and nothing may be left offered.
 */
const ctx = testCluster();
const ROUTERS = 4;
const AGENTS = 500;
const CALLS = 10_000;
const GROUPS = 20;
const RING_MS = 200;
const GRACE_MS = 100;

const MONITOR_LUA = `
local P = 'rw:{' .. ARGV[1] .. '}:acd:'
local errs = {}
local function split(s) local out = {} if not s then return out end for x in string.gmatch(s, '[^,]+') do out[#out + 1] = x end return out end
local ringing = {}
for _, c in ipairs(redis.call('ZRANGE', P .. 'offers', 0, -1)) do
  local h = redis.call('HMGET', P .. 'call:' .. c, 'state', 'agents')
  if h[1] ~= 'offered' then errs[#errs + 1] = 'call ' .. c .. ' has an offer deadline but is ' .. tostring(h[1]) end
  for _, a in ipairs(split(h[2])) do
    if ringing[a] then errs[#errs + 1] = 'agent ' .. a .. ' rung for two calls: ' .. ringing[a] .. ' and ' .. c end
    ringing[a] = c
  end
end
for _, a in ipairs(redis.call('SMEMBERS', P .. 'agents')) do
  local h = redis.call('HMGET', P .. 'agent:' .. a, 'state', 'callId')
  if h[1] == 'offered' then
    if ringing[a] ~= h[2] then errs[#errs + 1] = 'agent ' .. a .. ' offered ' .. tostring(h[2]) .. ' but that call does not ring it' end
  elseif ringing[a] then
    errs[#errs + 1] = 'call ' .. ringing[a] .. ' rings agent ' .. a .. ' who is ' .. tostring(h[1])
  end
  local groups = redis.call('HGET', P .. 'agent:' .. a .. ':cfg', 'groups')
  for item in string.gmatch(groups or '', '[^,]+') do
    local g = string.match(item, '^([^=]+)=')
    local idle = redis.call('ZSCORE', P .. 'grp:' .. g .. ':idle', a)
    if (h[1] == 'available') ~= (idle ~= false) then errs[#errs + 1] = 'agent ' .. a .. ' is ' .. tostring(h[1]) .. ' but idle-listed=' .. tostring(idle ~= false) .. ' in ' .. g end
  end
end
return errs
`;


describe('ACD routing under concurrency (4 routers, real Redis)', () => {
  it(`routes ${CALLS} calls over ${AGENTS} agents without double offers, and ends with every agent free`, async () => {
    const tenant = `tc${randomBytes(4).toString('hex')}`;
    const admin = createRedis(ctx.dataTier);
    const setup = new RedisAcdStore(admin, { offerGraceMs: GRACE_MS });
    const strategies: RoutingStrategy[] = ['longest-idle', 'round-robin', 'skills-based', 'ring-all'];
    for (let g = 0; g < GROUPS; g++) {
      await setup.configureAcdGroup(tenant, {
        acdGroupId: `g${g}`,
        strategy: strategies[g % strategies.length] ?? 'longest-idle',
        skillRelaxation: [{ afterSeconds: 1, relaxBy: 2 }],
        ringTimeoutMs: RING_MS,
      });
    }
    for (let a = 0; a < AGENTS; a++) {
      const groups = new Set([a % GROUPS, (a * 7 + 3) % GROUPS, (a * 13 + 5) % GROUPS]);
      await setup.configureAgent(
        tenant,
        `a${a}`,
        [...groups].map((g, i) => ({ acdGroupId: `g${g}`, penalty: i })),
        [{ skill: 'billing', level: ((a % 5) + 1) as SkillLevel }],
      );
      await setup.login(tenant, `a${a}`, AGENTS, Date.now());
    }
    const routerNames = Array.from({ length: ROUTERS }, (_, i) => `ts-conc-${i}`);
    for (const n of routerNames) await admin.set(`rw:sys:heartbeat:${n}`, '{}', 'EX', 600);

    const stats = { answered: 0, abandonedWaiting: 0, hungUpRinging: 0, declined: 0, lost: 0, races: 0, monitorChecks: 0, maxRingingSeen: 0 };
    const violations: string[] = [];
    let finished = false;

    const monitor = (async () => {
      const conn = createRedis(ctx.dataTier);
      try {
        while (!finished) {
          const errs = (await conn.eval(MONITOR_LUA, 0, tenant)) as string[];
          stats.monitorChecks++;
          violations.push(...errs.slice(0, 5));
          await sleep(100);
        }
      } finally {
        conn.disconnect();
      }
    })();

    const rand = Math.random;
    const routers = routerNames.map(async (name, r) => {
      const redis = createRedis(ctx.dataTier);
      const sub = createRedis(ctx.dataTier);
      const store = new RedisAcdStore(redis, { offerGraceMs: GRACE_MS });
      const owned = new Set<string>();
      const done = new Set<string>();
      const lostOnce = new Set<string>();
      const pending: Promise<void>[] = [];
      const track = (p: Promise<void>): void => {
        pending.push(
          p.catch((err: unknown) => {
            if (isSettledConcurrently(err)) stats.races++;
            else violations.push(`router ${name}: ${(err as Error).stack ?? String(err)}`);
          }),
        );
      };
      const finishCall = (callId: string): void => {
        done.add(callId);
      };

      const talk = async (callId: string, agentId: string): Promise<void> => {
        await sleep(rand() * 10);
        if (rand() < 0.03) await store.agentEvent(tenant, agentId, { type: 'pause', reason: 'coffee' }, Date.now());
        const wrapUp = rand() < 0.5 ? 0 : 0.02;
        await store.agentEvent(tenant, agentId, { type: 'hang-up', callId, wrapUpSeconds: wrapUp }, Date.now());
        finishCall(callId);
        stats.answered++;
        if (wrapUp > 0 && rand() < 0.8) {
          // Most wrap-up timers fire on this server; the rest are left to the reapers.
          await sleep(20);
          await store.agentEvent(tenant, agentId, { type: 'wrap-up-ended', by: 'timer', callId }, Date.now());
        }
        const status = await store.getAgent(tenant, agentId);
        if (status?.state === 'paused') {
          await sleep(rand() * 30);
          await store.agentEvent(tenant, agentId, { type: 'unpause' }, Date.now());
        }
      };

      const onOffer = async (callId: string, agents: readonly string[]): Promise<void> => {
        stats.maxRingingSeen = Math.max(stats.maxRingingSeen, agents.length);
        await sleep(rand() * 5);
        const roll = rand();
        if (roll < 0.05 && !lostOnce.has(callId)) {
          lostOnce.add(callId);
          stats.lost++;
          return; // this server "forgets" the offer: the reaper settles it after ring timeout + grace
        }
        if (roll < 0.12) {
          const { removed } = await store.callerHangup(tenant, callId, Date.now());
          if (removed) {
            stats.hungUpRinging++;
            finishCall(callId);
          }
          return;
        }
        if (roll < 0.3) {
          for (const a of agents) await store.declineOffer(tenant, callId, a, rand() < 0.5 ? 'offer-rejected' : 'offer-no-answer', Date.now());
          stats.declined++;
          return;
        }
        const agentId = agents[Math.floor(rand() * agents.length)] ?? '';
        await store.acceptOffer(tenant, callId, agentId, Date.now());
        await talk(callId, agentId);
      };

      const stop = await subscribeAcdEvents(sub, tenant, (events: readonly AcdEvent[]) => {
        for (const e of events) if (e.type === 'offer' && owned.has(e.callId) && !done.has(e.callId)) track(onOffer(e.callId, e.agents));
      });

      const reaper = (async () => {
        while (!finished) {
          const now = Date.now();
          try {
            await store.expireOffers(tenant, now);
            await store.expireWrapUps(tenant, now, 50);
            await store.routePass(tenant, now);
          } catch (err) {
            if (isSettledConcurrently(err)) stats.races++;
            else violations.push(`reaper ${name}: ${(err as Error).message}`);
          }
          await sleep(50);
        }
      })();

      const share = CALLS / ROUTERS;
      for (let i = 0; i < share; i++) {
        const callId = `r${r}c${i}`;
        owned.add(callId);
        const res = await store.enqueue(
          {
            tenantId: tenant,
            callId,
            acdGroupId: `g${Math.floor(rand() * GROUPS)}`,
            priority: rand() < 0.1 ? 5 : 0,
            enqueuedAt: Date.now(),
            requiredSkills: rand() < 0.3 ? [{ skill: 'billing', level: (2 + Math.floor(rand() * 3)) as SkillLevel }] : [],
          },
          name,
        );
        if (res.outcome === 'offered') track(onOffer(callId, res.offer.agentIds));
        if (rand() < 0.08) {
          // Some callers give up while waiting.
          track(
            (async () => {
              await sleep(rand() * 200);
              const call = await store.getCall(tenant, callId);
              if (call?.state === 'waiting') {
                const { removed } = await store.callerHangup(tenant, callId, Date.now());
                if (removed) {
                  stats.abandonedWaiting++;
                  finishCall(callId);
                }
              }
            })(),
          );
        }
        if (i % 25 === 0) await sleep(1);
      }
      const deadline = Date.now() + 120_000;
      while (done.size < share && Date.now() < deadline) {
        await Promise.all(pending.splice(0));
        await sleep(20);
      }
      await Promise.all(pending.splice(0));
      return { name, store, redis, sub, stop, reaper, done: done.size, share };
    });

    const results = await Promise.all(routers);
    // Let the reapers end leftover wrap-ups, then stop everything.
    await sleep(300);
    finished = true;
    await monitor;
    for (const r of results) {
      await r.reaper;
      await r.stop();
      r.sub.disconnect();
    }
    const store = results[0]?.store ?? setup;
    await store.expireWrapUps(tenant, Date.now() + 60_000, 0);

    // Agents asked for pauses during the run (applied after their calls); a supervisor ends them.
    let unpaused = 0;
    for (let a = 0; a < AGENTS; a++) {
      if ((await store.getAgent(tenant, `a${a}`))?.state === 'paused') {
        await store.agentEvent(tenant, `a${a}`, { type: 'unpause' }, Date.now());
        unpaused++;
      }
    }
    const prefix = `rw:{${tenant}}:acd:`;
    const states: Record<string, number> = {};
    for (let a = 0; a < AGENTS; a++) {
      const s = await store.getAgent(tenant, `a${a}`);
      states[s?.state ?? 'missing'] = (states[s?.state ?? 'missing'] ?? 0) + 1;
    }
    process.stdout.write(`acd concurrency: ${JSON.stringify({ ...stats, unpausedAtEnd: unpaused, agentStates: states, done: results.map((r) => r.done) })}\n`);

    expect(violations.slice(0, 10)).toEqual([]);
    expect(results.map((r) => r.done)).toEqual(results.map((r) => r.share));
    expect(stats.monitorChecks).toBeGreaterThan(20);
    expect(stats.lost).toBeGreaterThan(50);
    expect(stats.maxRingingSeen).toBeGreaterThan(1);
    expect(Object.keys(states).filter((s) => s !== 'available' && s !== 'logged-out')).toEqual([]);
    expect(await admin.zcard(`${prefix}offers`)).toBe(0);
    expect(await admin.scard(`${prefix}waiting-groups`)).toBe(0);
    expect(await admin.zcard(`${prefix}wrapups`)).toBe(0);
    expect(await admin.keys(`${prefix}call:*`)).toEqual([]);
    expect(await admin.scard(`${prefix}seats`)).toBe(AGENTS);
    for (const r of results) r.redis.disconnect();
    admin.disconnect();
  }, 240_000);
});
