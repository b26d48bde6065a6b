import { randomBytes } from 'node:crypto';
import type { RoutingStrategy, SkillLevel } from '@ringwell/acd';
import { ACD_TENANTS_KEY, AcdKeys, RedisAcdStore } from '@ringwell/acd-redis';
import { loadClusterContext, resolveClusterOptions } from '@ringwell/cli';
import { createRedis } from '@ringwell/db';
import { Redis as IORedis } from 'ioredis';
import type { Redis } from 'ioredis';
import { REPO_ROOT } from '../src/test-cluster.js';
import { numberArg, percentile, stringArg } from './bench-args.js';

/**
 * `npm run bench -- acd-routing [--agents N] [--groups N] [--decisions N] [--clients N] [--open-rate N] [--open-seconds S] [--warmup N] [--with-background] [--redis-url URL]`
 *
 * Routing decision latency against the dev cluster's Redis (through Sentinel, like the
 * telephony servers), at 10,000 agents in 1,000 ACD groups with skills by default:
 * - call arrives -> the Lua script picks the agent and marks the offer (one round trip);
 *   measured closed-loop (each client back to back: Redis saturated, the headline figures)
 *   and open-loop (calls arriving at --open-rate per second, default 200: about 4x the call rate of a 10,000-agent center);
 * - agent becomes free -> the script picks the longest-waiting call it may take;
 * - naive baseline, same data, same clients: read candidates, choose in TypeScript, then
 *   write the reservation with MULTI (three round trips, and not atomic).
 * Each client works sequentially; the clients run concurrently.
 */
const hr = (): number => Number(process.hrtime.bigint()) / 1e6;
const strategies: RoutingStrategy[] = ['longest-idle', 'skills-based', 'round-robin', 'longest-idle'];
const SKILLS = ['billing', 'sales', 'tech', 'french', 'german'];

interface Setup {
  readonly tenant: string;
  readonly groups: number;
  readonly agents: number;
}

async function populate(store: RedisAcdStore, s: Setup): Promise<void> {
  for (let g = 0; g < s.groups; g++) {
    await store.configureAcdGroup(s.tenant, {
      acdGroupId: `g${g}`,
      strategy: strategies[g % strategies.length] ?? 'longest-idle',
      skillRelaxation: [{ afterSeconds: 30, relaxBy: 1 }],
      ringTimeoutMs: 20_000,
    });
  }
  const now = Date.now();
  for (let a = 0; a < s.agents; a++) {
    const groups = [a % s.groups, (a * 7 + 1) % s.groups, (a * 31 + 2) % s.groups];
    await store.configureAgent(
      s.tenant,
      `a${a}`,
      [...new Set(groups)].map((g, i) => ({ acdGroupId: `g${g}`, penalty: i })),
      [
        { skill: SKILLS[a % 5] ?? 'billing', level: ((a % 5) + 1) as SkillLevel },
        { skill: SKILLS[(a + 2) % 5] ?? 'sales', level: ((a % 3) + 2) as SkillLevel },
      ],
    );
    await store.login(s.tenant, `a${a}`, -1, now - s.agents + a);
  }
}

/**
 * One call's life through the ACD scripts: it arrives (enqueue: the routing decision, timed),
 * is answered, and the agent hangs up (the script frees the agent and looks for a waiting
 * call at once: timed as `free`).
 */
async function callCycle(store: RedisAcdStore, s: Setup, i: number, callId: string): Promise<{ arrival: number; free: number | null }> {
  const g = (i * 37) % s.groups;
  const skill = i % 3 === 0 ? [{ skill: SKILLS[i % 5] ?? 'billing', level: 2 as SkillLevel }] : [];
  const t0 = hr();
  const res = await store.enqueue({ tenantId: s.tenant, callId, acdGroupId: `g${g}`, priority: 0, enqueuedAt: Date.now(), requiredSkills: skill }, 'bench');
  const arrival = hr() - t0;
  if (res.outcome !== 'offered') {
    await store.callerHangup(s.tenant, callId, Date.now());
    return { arrival, free: null };
  }
  const agent = res.offer.agentIds[0] ?? '';
  await store.acceptOffer(s.tenant, callId, agent, Date.now());
  const t1 = hr();
  await store.agentEvent(s.tenant, agent, { type: 'hang-up', callId, wrapUpSeconds: 0 }, Date.now());
  return { arrival, free: hr() - t1 };
}

/** Closed loop: each client runs call cycles back to back, the clients concurrently (saturation). */
async function luaRouting(clients: readonly Redis[], s: Setup, decisions: number): Promise<{ arrival: number[]; free: number[] }> {
  const arrival: number[] = [];
  const free: number[] = [];
  let next = 0;
  await Promise.all(
    clients.map(async (redis, c) => {
      const store = new RedisAcdStore(redis);
      while (next < decisions) {
        const i = next++;
        const r = await callCycle(store, s, i, `L${c}x${i}`);
        arrival.push(r.arrival);
        if (r.free !== null) free.push(r.free);
      }
    }),
  );
  return { arrival, free };
}

/**
 * Open loop: calls arrive at a fixed rate whatever the answers, as they do in a contact
 * center, spread over the clients. Arrivals due in one timer tick start together.
 */
async function openLoopRouting(clients: readonly Redis[], s: Setup, rate: number, seconds: number): Promise<number[]> {
  const stores = clients.map((c) => new RedisAcdStore(c));
  const arrival: number[] = [];
  const running = new Set<Promise<void>>();
  const total = Math.round(rate * seconds);
  const start = hr();
  for (let i = 0; i < total; ) {
    const due = Math.floor(((hr() - start) / 1000) * rate) + 1;
    for (; i < Math.min(due, total); i++) {
      const store = stores[i % stores.length];
      if (!store) continue;
      const p: Promise<void> = callCycle(store, s, i, `O${i}`).then((r) => void arrival.push(r.arrival));
      running.add(p);
      void p.finally(() => running.delete(p));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(running);
  return arrival;
}

/** The same reservation without a script: read, decide in Node, then write. */
async function naiveRouting(clients: readonly Redis[], s: Setup, decisions: number): Promise<number[]> {
  const k = new AcdKeys(s.tenant);
  const lat: number[] = [];
  let next = 0;
  await Promise.all(
    clients.map(async (redis, c) => {
      while (next < decisions) {
        const i = next++;
        const callId = `N${c}x${i}`;
        const g = `g${(i * 37) % s.groups}`;
        const need = i % 3 === 0 ? { skill: SKILLS[i % 5] ?? 'billing', level: 2 } : null;
        const now = Date.now();
        const t0 = hr();
        const cands = await redis.zrange(k.idleAgents(g), 0, 63);
        const pipe = redis.pipeline();
        for (const a of cands) pipe.hmget(k.agentConfig(a), 'groups', 'skills');
        const cfgs = ((await pipe.exec()) ?? []).map(([, v]) => v as [string | null, string | null]);
        let chosen = -1;
        for (let j = 0; j < cands.length && chosen < 0; j++) {
          const skills = cfgs[j]?.[1] ?? '';
          if (!need || skills.split(',').some((p) => p.startsWith(`${need.skill}=`) && Number(p.split('=')[1]) >= need.level)) chosen = j;
        }
        const agent = chosen >= 0 ? cands[chosen] : undefined;
        if (agent !== undefined) {
          const m = redis.multi();
          m.hset(k.agent(agent), { state: 'offered', since: String(now), lastOfferAt: String(now), callId, acdGroupId: g });
          m.hincrby(k.agent(agent), 'v', 1);
          for (const p of (cfgs[chosen]?.[0] ?? '').split(',')) m.zrem(k.idleAgents(p.split('=')[0] ?? ''), agent);
          m.hset(k.call(callId), { group: g, state: 'offered', agents: agent, enq: String(now) });
          m.zadd(k.offers, now + 20_000, callId);
          await m.exec();
        }
        lat.push(hr() - t0);
        if (agent !== undefined) {
          // Undo (not measured): the agent is idle again, the call gone.
          const m = redis.multi();
          m.hset(k.agent(agent), { state: 'available' });
          m.hincrby(k.agent(agent), 'v', 1);
          for (const p of (cfgs[chosen]?.[0] ?? '').split(',')) {
            const [grp, pen] = p.split('=');
            m.zadd(k.idleAgents(grp ?? ''), Number(pen) * 1e13 + now, agent);
          }
          m.del(k.call(callId));
          m.zrem(k.offers, callId);
          await m.exec();
        }
      }
    }),
  );
  return lat;
}

/**
 * The floor: the minimal Lua reservation (ZPOPMIN + HSET + ZADD, by EVALSHA) on the
 * same Redis with the same clients, closed loop. What any routing script on this Redis, with
 * its AOF and replica and its neighbours on these 2 cores, cannot beat.
 */
async function floorRouting(clients: readonly Redis[], tenant: string, decisions: number): Promise<number[]> {
  const k = new AcdKeys(tenant);
  const idle = `${k.prefix}floor:idle`;
  const lua = "local a = redis.call('ZPOPMIN', KEYS[1]) if a[1] then redis.call('HSET', KEYS[2] .. a[1], 'state', 'offered', 'callId', ARGV[1]) redis.call('ZADD', KEYS[1], ARGV[2], a[1]) end return a[1]";
  const first = clients[0];
  if (!first) return [];
  const sha = String(await first.script('LOAD', lua));
  for (let i = 0; i < 1000; i += 100) await first.zadd(idle, ...Array.from({ length: 100 }, (_, j) => [i + j, `a${i + j}`]).flat());
  const lat: number[] = [];
  let next = 0;
  await Promise.all(
    clients.map(async (redis) => {
      while (next < decisions) {
        const i = next++;
        const t0 = hr();
        await redis.evalsha(sha, 2, idle, `${k.prefix}floor:agent:`, `F${i}`, String(Date.now()));
        lat.push(hr() - t0);
      }
    }),
  );
  return lat;
}

/** Redis's cumulative latency histogram of FCALL: bucket upper bound (µs) -> calls at or below it. */
async function fcallHistogram(redis: Redis): Promise<Map<number, number>> {
  const reply = (await redis.call('LATENCY', 'HISTOGRAM', 'fcall')) as unknown[];
  const body = reply[1];
  const out = new Map<number, number>();
  if (!Array.isArray(body)) return out;
  const i = body.indexOf('histogram_usec');
  const buckets = body[i + 1];
  if (i < 0 || !Array.isArray(buckets)) return out;
  for (let j = 0; j + 1 < buckets.length; j += 2) out.set(Number(buckets[j]), Number(buckets[j + 1]));
  return out;
}

/** Calls per bucket between two cumulative histograms (cumulative again, by bucket). */
function histogramDelta(before: Map<number, number>, after: Map<number, number>): [number, number][] {
  const bounds = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  // a bucket missing from a reply holds the same cumulative count as the bucket below it
  let lastBefore = 0;
  let lastAfter = 0;
  return bounds.map((b) => {
    lastBefore = before.get(b) ?? lastBefore;
    lastAfter = after.get(b) ?? lastAfter;
    return [b, lastAfter - lastBefore];
  });
}

function bucketPercentile(cumulative: readonly [number, number][], p: number): number {
  const total = cumulative[cumulative.length - 1]?.[1] ?? 0;
  if (total === 0) return NaN;
  const want = (p / 100) * total;
  for (const [bound, count] of cumulative) if (count >= want) return bound;
  return NaN;
}

async function dropTenant(redis: Redis, tenant: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `rw:{${tenant}}:*`, 'COUNT', 2000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
  // Or every telephony server's housekeeping and the history forwarder keep visiting it.
  await redis.srem(ACD_TENANTS_KEY, tenant);
}

export async function run(args: readonly string[]): Promise<void> {
  const agents = numberArg(args, 'agents', 10_000);
  const groups = numberArg(args, 'groups', 1_000);
  const decisions = numberArg(args, 'decisions', 20_000);
  const nClients = numberArg(args, 'clients', 4);
  const openRate = numberArg(args, 'open-rate', 200);
  const openSeconds = numberArg(args, 'open-seconds', 10);
  const withBackground = args.includes('--with-background');
  const warmup = numberArg(args, 'warmup', Math.max(500, agents));
  const ctx = loadClusterContext(resolveClusterOptions(REPO_ROOT, {}), REPO_ROOT);
  // --redis-url: another Redis than the dev cluster's (e.g. a bare one without AOF and replica,
  // to see what the cluster's durability and neighbours cost). Default: the cluster, via Sentinel.
  const url = stringArg(args, 'redis-url');
  const connect = (): Redis => (url ? new IORedis(url) : createRedis(ctx.dataTier));
  const admin = url
    ? new IORedis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null })
    : createRedis(ctx.dataTier, { maxRetriesPerRequest: 1, retryStrategy: () => null, sentinelRetryStrategy: () => null });
  try {
    await admin.ping();
  } catch {
    throw new Error(url ? `no Redis answers at ${url}` : `no Redis for the cluster at base port ${ctx.options.basePort}: run ./ringwell up first`);
  }
  const tenant = `bench${randomBytes(3).toString('hex')}`;
  const s: Setup = { tenant, groups, agents };
  const clients = Array.from({ length: nClients }, connect);
  try {
    process.stdout.write(`acd-routing: ${agents} agents in ${groups} ACD groups (3 groups each, 2 skills each), ${decisions} decisions, ${nClients} clients, ` +
      `history forwarding to MariaDB ${withBackground ? 'ON (--with-background)' : 'off for the bench tenant'}\n`);
    let t0 = hr();
    await populate(new RedisAcdStore(admin), s);
    process.stdout.write(`populated in ${((hr() - t0) / 1000).toFixed(1)} s\n`);
    if (!withBackground) {
      // Out of the ACD tenant registry: the worker's history forwarder (and the telephony
      // servers' housekeeping) leave the bench tenant alone. Its agent history still goes to
      // the Redis stream inside every script (that cost is measured), but the forwarder would
      // move ~3 rows per call cycle into four MariaDB servers sharing these 2 cores with Redis;
      // in production they run on other hosts. `--with-background` keeps it in.
      await admin.srem(ACD_TENANTS_KEY, tenant);
    }
    // Warm up (connections, the function library, and its config cache: every agent's config
    // is parsed into the Lua cache the first time a script touches the agent, once per config
    // change), then measure the steady state. --warmup 500 measures with a cache still filling.
    await luaRouting(clients, s, warmup);
    await naiveRouting(clients, s, 500);
    const fcallStats = async (): Promise<{ calls: number; usec: number }> => {
      const line = (await admin.info('commandstats')).split('\n').find((l) => l.startsWith('cmdstat_fcall:')) ?? '';
      return { calls: Number(/calls=(\d+)/.exec(line)?.[1] ?? 0), usec: Number(/usec=(\d+)/.exec(line)?.[1] ?? 0) };
    };
    const before = await fcallStats();
    const histogramBefore = await fcallHistogram(admin);
    t0 = hr();
    const lua = await luaRouting(clients, s, decisions);
    const luaWall = hr() - t0;
    const after = await fcallStats();
    const serverLatency = histogramDelta(histogramBefore, await fcallHistogram(admin));
    const naive = await naiveRouting(clients, s, decisions);
    const open = [...(await openLoopRouting(clients, s, openRate, openSeconds))].sort((x, y) => x - y);
    const floor = [...(await floorRouting(clients, tenant, decisions))].sort((x, y) => x - y);
    const a = [...lua.arrival].sort((x, y) => x - y);
    const f = [...lua.free].sort((x, y) => x - y);
    const n = [...naive].sort((x, y) => x - y);
    const line = (k: string, v: number, unit: string): void => void process.stdout.write(`bench: ${k}=${Number.isFinite(v) ? v.toFixed(3) : 'n/a'} ${unit}\n`);
    line('routing_p50_ms', percentile(a, 50), 'ms');
    line('routing_p99_ms', percentile(a, 99), 'ms');
    line('routing_agent_free_p50_ms', percentile(f, 50), 'ms');
    line('routing_agent_free_p99_ms', percentile(f, 99), 'ms');
    line('routing_naive_p50_ms', percentile(n, 50), 'ms');
    line('routing_naive_p99_ms', percentile(n, 99), 'ms');
    line('routing_naive_over_lua_p99', percentile(n, 99) / percentile(a, 99), 'x');
    line('routing_floor_p50_ms', percentile(floor, 50), 'ms');
    line('routing_floor_p99_ms', percentile(floor, 99), 'ms');
    line('routing_lua_over_floor_p99', percentile(a, 99) / percentile(floor, 99), 'x');
    line('routing_call_cycles_per_s', (decisions / luaWall) * 1000, 'calls/s');
    // The same cycles offered at a fixed rate rather than back to back: latency when Redis is
    // not saturated. A 10,000-agent center with 180 s calls takes about 55 calls/s.
    line(`routing_open_loop_${openRate}cps_p50_ms`, percentile(open, 50), 'ms');
    line(`routing_open_loop_${openRate}cps_p99_ms`, percentile(open, 99), 'ms');
    // Redis's own accounting of time inside the ACD functions: what the script costs, without
    // the client, the network or queueing behind other clients.
    line('routing_script_server_us', (after.usec - before.usec) / Math.max(1, after.calls - before.calls), 'us/call');
    // ...and its distribution (LATENCY HISTOGRAM, power-of-2 buckets: each figure is the upper
    // bound of the bucket the percentile falls in). If this tail is short while routing_p99 is
    // long, the tail is outside the scripts: the client, the network stack, the scheduler.
    line('routing_script_server_p50_us_bucket', bucketPercentile(serverLatency, 50), 'us');
    line('routing_script_server_p99_us_bucket', bucketPercentile(serverLatency, 99), 'us');
    line('routing_script_server_p999_us_bucket', bucketPercentile(serverLatency, 99.9), 'us');
    process.stdout.write(`(one call cycle = enqueue+offer, answer, hang-up+re-route: 3 scripts and 3 reads; goal: routing p99 < 0.5 ms)\n`);
  } finally {
    await dropTenant(admin, tenant);
    admin.disconnect();
    for (const c of clients) c.disconnect();
  }
}
