import type { RedisNode, SentinelNode, Topology } from '@ringwell/lb';

export interface RedisPaths {
  readonly dataDir: string;
}

/**
 * Renders redis.conf for a data node. Append-only with fsync every second:
 * Redis carries job queues and ACD state, which must survive a restart.
 */
export function renderRedisConfig(topology: Topology, node: RedisNode, paths: RedisPaths, password: string): string {
  const lines = [
    '# Rendered by Ringwell from the cluster topology.',
    `bind ${node.host}`,
    `port ${node.port}`,
    'protected-mode no',
    'daemonize no',
    `dir ${paths.dataDir}`,
    'appendonly yes',
    'appendfsync everysec',
    'save ""',
    `requirepass ${password}`,
    `masterauth ${password}`,
    // Without this the replica waits 5 s before its first sync.
    'repl-diskless-sync-delay 0',
    'maxmemory-policy noeviction',
  ];
  if (node.replicaOf) {
    const primary = topology.redis.nodes.find((n) => n.name === node.replicaOf);
    if (!primary) throw new Error(`redis node ${node.name} replicates from unknown node ${node.replicaOf}`);
    lines.push(`replicaof ${primary.host} ${primary.port}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Renders sentinel.conf. Sentinel rewrites this file as it learns the cluster,
 * so it is rendered only when no sentinel of the cluster is running.
 */
export function renderSentinelConfig(topology: Topology, sentinel: SentinelNode, dataDir: string, password: string): string {
  const r = topology.redis;
  const primary = r.nodes.find((n) => !n.replicaOf);
  if (!primary) throw new Error('redis topology has no primary');
  return [
    '# Rendered by Ringwell from the cluster topology; Sentinel rewrites it at run time.',
    `bind ${sentinel.host}`,
    `port ${sentinel.port}`,
    'protected-mode no',
    'daemonize no',
    `dir ${dataDir}`,
    'sentinel resolve-hostnames no',
    `sentinel monitor ${r.masterName} ${primary.host} ${primary.port} ${r.quorum}`,
    `sentinel auth-pass ${r.masterName} ${password}`,
    `sentinel down-after-milliseconds ${r.masterName} ${r.downAfterMs}`,
    `sentinel failover-timeout ${r.masterName} ${r.failoverTimeoutMs}`,
    `sentinel parallel-syncs ${r.masterName} 1`,
    '',
  ].join('\n');
}
