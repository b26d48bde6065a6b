import { randomInt } from 'node:crypto';
import { RedisAcdStore } from '@ringwell/acd-redis';
import { createDbPools, createRedis } from '@ringwell/db';
import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { eventually, testCluster } from '../src/test-cluster.js';

const ctx = testCluster();

describe('agent state history: ACD store -> Redis stream -> worker -> MariaDB', () => {
  it('every state change of an agent reaches stat_agent_state_change once, through the cluster worker', async () => {
    const redis = createRedis(ctx.dataTier);
    const pools = createDbPools(ctx.dataTier, 2);
    const tenant = String(randomInt(100_000_000, 900_000_000));
    const store = new RedisAcdStore(redis);
    const t0 = Date.now();
    try {
      await redis.set('rw:sys:heartbeat:ts-hist', '{}', 'EX', 120);
      await store.configureAcdGroup(tenant, { acdGroupId: '501', strategy: 'longest-idle', skillRelaxation: [], ringTimeoutMs: 20_000 });
      await store.configureAgent(tenant, '1001', [{ acdGroupId: '501', penalty: 0 }], []);
      await store.login(tenant, '1001', -1, t0);
      await store.enqueue({ tenantId: tenant, callId: 'call-1', acdGroupId: '501', priority: 0, enqueuedAt: t0 + 10, requiredSkills: [] }, 'ts-hist');
      await store.acceptOffer(tenant, 'call-1', '1001', t0 + 20);
      await store.agentEvent(tenant, '1001', { type: 'hang-up', callId: 'call-1', wrapUpSeconds: 5 }, t0 + 30);
      await store.agentEvent(tenant, '1001', { type: 'wrap-up-ended', by: 'agent' }, t0 + 40);
      await store.agentEvent(tenant, '1001', { type: 'logout' }, t0 + 50);
      const rows = await eventually(async () => {
        const [r] = await pools.master.query<RowDataPacket[]>(
          'SELECT from_state, to_state, event, call_id, acd_group_id FROM stat_agent_state_change WHERE tenant_id = ? ORDER BY at, id',
          [tenant],
        );
        return r.length >= 6 ? r : null;
      }, 15_000, 200);
      expect(rows.map((r) => `${r['from_state']}>${r['to_state']}:${r['event']}`)).toEqual([
        'logged-out>available:login',
        'available>offered:offer',
        'offered>on-call:offer-accepted',
        'on-call>wrap-up:hang-up',
        'wrap-up>available:wrap-up-ended',
        'available>logged-out:logout',
      ]);
      expect(rows[1]?.['call_id']).toBe('call-1');
      expect(String(rows[1]?.['acd_group_id'])).toBe('501');
      // Acknowledged after the commit: nothing left pending for the statistics consumer group.
      await eventually(async () => {
        const pending = (await redis.xpending(`rw:{${tenant}}:acd:history`, 'statistics')) as [number, ...unknown[]];
        return pending[0] === 0;
      }, 5000);
      // ...and what is in MariaDB leaves Redis: the stream holds only what is still to forward.
      await eventually(async () => (await redis.xlen(`rw:{${tenant}}:acd:history`)) === 0, 5000);
      // A change made now is forwarded too, after the trim (the group still delivers new entries).
      await store.login(tenant, '1001', -1, t0 + 60);
      await eventually(async () => {
        const [r] = await pools.master.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM stat_agent_state_change WHERE tenant_id = ?', [tenant]);
        return Number(r[0]?.['n']) === 7;
      }, 15_000, 200);
    } finally {
      await pools.master.query('DELETE FROM stat_agent_state_change WHERE tenant_id = ?', [tenant]);
      await pools.end();
      redis.disconnect();
    }
  });
});
