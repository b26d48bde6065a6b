import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { RedisAcdStore, RespLink, RespLinkError, RespReplyError, sentinelResolver } from '@ringwell/acd-redis';
import { createRedis } from '@ringwell/db';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCluster } from '../src/test-cluster.js';

/**
 * The lean link the telephony servers use for the ACD's hot path (telephony/acd-redis/src/link),
 * against the cluster's real Redis primary, replica and Sentinels.
 */
const ctx = testCluster();
let redis: Redis;
const links: RespLink[] = [];
const T0 = 1_800_000_000_000;

function link(over: Partial<ConstructorParameters<typeof RespLink>[0]> = {}): RespLink {
  const cfg = ctx.dataTier.redis;
  const l = new RespLink({
    resolve: sentinelResolver(cfg.sentinels, cfg.masterName),
    ...(cfg.password ? { password: cfg.password } : {}),
    ...over,
  });
  links.push(l);
  return l;
}

beforeAll(async () => {
  redis = createRedis(ctx.dataTier);
  await redis.set('rw:sys:heartbeat:ts-link', '{}', 'EX', 600);
});
afterAll(() => {
  for (const l of links) l.close();
  redis.disconnect();
});

describe('ACD hot-path link', () => {
  it('finds the primary through Sentinel and carries a whole call through the ACD scripts', async () => {
    const store = new RedisAcdStore(redis, { link: link({ clientName: 'rw-acd-link-test' }) });
    const t = `t${randomBytes(4).toString('hex')}`;
    await store.configureAcdGroup(t, { acdGroupId: 'g1', strategy: 'longest-idle', skillRelaxation: [], ringTimeoutMs: 20_000 });
    await store.configureAgent(t, 'a1', [{ acdGroupId: 'g1', penalty: 0 }], []);
    await store.login(t, 'a1', -1, T0);
    const r = await store.enqueue({ tenantId: t, callId: 'c1', acdGroupId: 'g1', priority: 0, enqueuedAt: T0 + 10, requiredSkills: [] }, 'ts-link');
    expect(r).toEqual({ outcome: 'offered', offer: { callId: 'c1', agentIds: ['a1'] } });
    expect((await store.getCall(t, 'c1'))?.state).toBe('offered');
    await store.acceptOffer(t, 'c1', 'a1', T0 + 20);
    expect((await store.getAgent(t, 'a1'))?.state).toBe('on-call');
    await store.agentEvent(t, 'a1', { type: 'hang-up', callId: 'c1', wrapUpSeconds: 0 }, T0 + 30);
    expect((await store.getAgent(t, 'a1'))?.state).toBe('available');
    // The link is the connection that ran them (named, so operators can see it).
    expect(String(await redis.call('CLIENT', 'LIST'))).toContain('name=rw-acd-link-test');
  });

  it('fails only the caller of a command Redis refuses, and stays usable', async () => {
    const l = link();
    await expect(l.call(['FCALL', 'no_such_function', '0'])).rejects.toBeInstanceOf(RespReplyError);
    expect(await l.call(['PING'])).toBe('PONG');
  });

  it('reconnects after its connection is killed, and fails nothing that was not in flight', async () => {
    const l = link({ clientName: 'rw-acd-link-kill' });
    expect(await l.call(['PING'])).toBe('PONG');
    const idOf = async (): Promise<string | undefined> => {
      const line = String(await redis.call('CLIENT', 'LIST')).split('\n').find((x) => x.includes('name=rw-acd-link-kill'));
      return line ? /id=(\d+)/.exec(line)?.[1] : undefined;
    };
    const before = await idOf();
    expect(before).toBeDefined();
    expect(await redis.call('CLIENT', 'KILL', 'ID', before ?? '0')).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    // The next command goes out on a fresh connection to the primary.
    expect(await l.call(['PING'])).toBe('PONG');
    const after = await idOf();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('refuses to use a replica as the primary, with a clear error', async () => {
    const role = (await redis.call('ROLE')) as [string, number, Array<[string, string, string]>];
    const replica = role[2][0];
    expect(replica).toBeDefined();
    const l = link({ resolve: async () => ({ host: replica?.[0] ?? '127.0.0.1', port: Number(replica?.[1]) }), reconnectWindowMs: 300 });
    const err = (await l.call(['SET', 'rw:test:link', 'x']).catch((e: unknown) => e)) as RespLinkError;
    expect(err).toBeInstanceOf(RespLinkError);
    expect(err.code).toBe('RW_ERR_REDIS_UNAVAILABLE');
    expect(err.message).toMatch(/not a primary/);
    expect(err.maybeRan).toBe(false);
  });

  it('fails within its reconnect window when no Redis answers, naming what it tried', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const l = link({ resolve: async () => ({ host: '127.0.0.1', port }), reconnectWindowMs: 400 });
    const t0 = Date.now();
    const err = (await l.call(['PING']).catch((e: unknown) => e)) as RespLinkError;
    expect(err).toBeInstanceOf(RespLinkError);
    expect(err.message).toMatch(/no Redis primary reachable within 400 ms/);
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('reports Sentinels that do not know the primary', async () => {
    const resolve = sentinelResolver(ctx.dataTier.redis.sentinels, 'no-such-master');
    await expect(resolve()).rejects.toThrow(/knows no primary "no-such-master"/);
  });
});
