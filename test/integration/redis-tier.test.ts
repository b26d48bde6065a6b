import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedis } from '@ringwell/db';
import { Queue, QueueEvents } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { eventually, testCluster } from '../src/test-cluster.js';

const ctx = testCluster();

describe('Redis with Sentinel', () => {
  it('a SET through the Sentinel-aware client works and reaches the replica', async () => {
    const redis = createRedis(ctx.dataTier);
    const key = `rw:it:${randomBytes(4).toString('hex')}`;
    try {
      expect(await redis.set(key, 'hello', 'EX', 60)).toBe('OK');
      expect(await redis.get(key)).toBe('hello');
      const replicaNode = ctx.topology.redis.nodes.find((n) => n.replicaOf);
      if (!replicaNode) throw new Error('topology has no replica');
      const replica = new Redis({ host: replicaNode.host, port: replicaNode.port, password: ctx.secrets.redisPassword, lazyConnect: true });
      try {
        await replica.connect();
        expect(await eventually(() => replica.get(key), 3000)).toBe('hello');
      } finally {
        replica.disconnect();
      }
    } finally {
      await redis.del(key);
      redis.disconnect();
    }
  });

  it('every server process keeps a heartbeat in Redis', async () => {
    const redis = createRedis(ctx.dataTier);
    try {
      const names = [...ctx.topology.telephonyServers, ...ctx.topology.webServers, ...ctx.topology.workers].map((n) => n.name);
      for (const name of names) {
        const raw = await eventually(() => redis.get(`rw:sys:heartbeat:${name}`), 5000);
        expect(JSON.parse(raw)).toMatchObject({ name });
      }
    } finally {
      redis.disconnect();
    }
  });

  it('a job queued in BullMQ is run by the worker', async () => {
    const connection = createRedis(ctx.dataTier);
    const queue = new Queue('system', { connection, prefix: 'rw:sys:bull' });
    const events = new QueueEvents('system', { connection: createRedis(ctx.dataTier), prefix: 'rw:sys:bull' });
    try {
      await events.waitUntilReady();
      // Kept a minute after completion: with removeOnComplete: true the worker may delete the job
      // before waitUntilFinished looks it up ("Missing key for job"), a race in the test, not the worker.
      const job = await queue.add('ping', {}, { removeOnComplete: { age: 60 } });
      const result = (await job.waitUntilFinished(events, 10_000)) as { pong: boolean; by: string };
      expect(result.pong).toBe(true);
      expect(ctx.topology.workers.map((w) => w.name)).toContain(result.by);
    } finally {
      await events.close();
      await queue.close();
    }
  });
});
