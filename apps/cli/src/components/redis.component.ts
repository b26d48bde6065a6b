import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { renderRedisConfig, renderSentinelConfig } from '@ringwell/db';
import type { RedisNode, SentinelNode } from '@ringwell/lb';
import type { ClusterContext } from '../cluster/cluster-context.js';
import { redisProbe } from '../cluster/probes.js';
import type { Component, PrepareOptions, ProbeResult } from './component.js';

/**
 * Redis and Sentinel rewrite their own configs as roles change (failover), so
 * configs are rendered only on a cold start of the Redis tier; restarting a
 * single node keeps what Sentinel last wrote.
 */
function shouldRender(file: string, opts: PrepareOptions): boolean {
  return opts.coldTier || !existsSync(file);
}

export function redisComponent(node: RedisNode): Component {
  const confName = `${node.name}.conf`;
  return {
    name: node.name,
    kind: 'redis',
    port: node.port,
    defaultRole: node.replicaOf ? 'replica' : 'primary',
    stage: 0,
    startTimeoutMs: 15_000,
    stopGraceMs: 5_000,
    async prepare(ctx: ClusterContext, opts) {
      const dir = ctx.paths.redisDir(node.name);
      mkdirSync(dir, { recursive: true });
      const file = ctx.paths.confFile(confName);
      if (shouldRender(file, opts)) {
        writeFileSync(file, renderRedisConfig(ctx.topology, node, { dataDir: dir }, ctx.secrets.redisPassword), { mode: 0o600 });
      }
    },
    spawnSpec(ctx) {
      return { command: 'redis-server', args: [ctx.paths.confFile(confName)], logFile: ctx.paths.log(node.name) };
    },
    async probe(ctx): Promise<ProbeResult> {
      const reply = await redisProbe(node.host, node.port, [`AUTH ${ctx.secrets.redisPassword}`, 'INFO replication'], /role:\w+/);
      const role = reply ? /role:(\w+)/.exec(reply)?.[1] : undefined;
      return { up: role !== undefined, role: role === 'master' ? 'primary' : role === 'slave' ? 'replica' : 'redis' };
    },
  };
}

export function sentinelComponent(sentinel: SentinelNode): Component {
  const confName = `${sentinel.name}.conf`;
  return {
    name: sentinel.name,
    kind: 'sentinel',
    port: sentinel.port,
    defaultRole: 'sentinel',
    stage: 1,
    startTimeoutMs: 15_000,
    stopGraceMs: 5_000,
    async prepare(ctx: ClusterContext, opts) {
      const dir = ctx.paths.redisDir(sentinel.name);
      mkdirSync(dir, { recursive: true });
      const file = ctx.paths.confFile(confName);
      if (shouldRender(file, opts)) {
        writeFileSync(file, renderSentinelConfig(ctx.topology, sentinel, dir, ctx.secrets.redisPassword), { mode: 0o600 });
      }
    },
    spawnSpec(ctx) {
      return { command: 'redis-sentinel', args: [ctx.paths.confFile(confName)], logFile: ctx.paths.log(sentinel.name) };
    },
    async probe(ctx): Promise<ProbeResult> {
      const name = ctx.topology.redis.masterName;
      const reply = await redisProbe(sentinel.host, sentinel.port, [`SENTINEL get-master-addr-by-name ${name}`], /\r\n\d+\r\n$/);
      return { up: reply !== null, role: 'sentinel' };
    },
  };
}
