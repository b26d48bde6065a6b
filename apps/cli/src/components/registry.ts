import type { ClusterContext } from '../cluster/cluster-context.js';
import type { Component } from './component.js';
import { haproxyComponent } from './haproxy.component.js';
import { mariadbComponent } from './mariadb.component.js';
import { nodeAppComponents } from './node-app.component.js';
import { redisComponent, sentinelComponent } from './redis.component.js';
import { sambaComponent } from './samba.component.js';
import { kamailioComponent, rtpengineComponent } from './sip-media.component.js';

/** Every component of a local cluster, in the order `status` lists them. */
export function clusterComponents(ctx: ClusterContext): Component[] {
  const t = ctx.topology;
  return [
    ...t.mariadb.nodes.map(mariadbComponent),
    ...t.redis.nodes.map(redisComponent),
    ...t.redis.sentinels.map(sentinelComponent),
    haproxyComponent(ctx),
    sambaComponent(ctx),
    kamailioComponent(ctx),
    rtpengineComponent(ctx),
    ...nodeAppComponents(ctx),
  ];
}
