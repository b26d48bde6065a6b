import { writeFileSync } from 'node:fs';
import { HaproxyRuntimeClient, renderHaproxyConfig } from '@ringwell/lb';
import type { ClusterContext } from '../cluster/cluster-context.js';
import { execCapture } from '../cluster/probes.js';
import type { Component, ProbeResult } from './component.js';
import { ComponentError } from './component.js';

/** The LB tier's HAProxy: db-master, db-stats, db-report, web and smb frontends. */
export function haproxyComponent(ctx: ClusterContext): Component {
  const h = ctx.topology.haproxy;
  return {
    name: 'haproxy',
    kind: 'haproxy',
    port: h.dbMasterPort,
    defaultRole: 'load balancer',
    stage: 1,
    startTimeoutMs: 10_000,
    stopGraceMs: 5_000,
    async prepare(c) {
      const file = c.paths.confFile('haproxy.cfg');
      writeFileSync(file, renderHaproxyConfig(c.topology, { statsSocket: c.paths.haproxySocket }));
      const check = await execCapture('haproxy', ['-c', '-f', file]);
      if (check.code !== 0) {
        writeFileSync(c.paths.log('haproxy'), `${check.stdout}${check.stderr}`, { flag: 'a' });
        throw new ComponentError('haproxy', `rendered config fails "haproxy -c": ${check.stderr.trim().split('\n').pop() ?? ''}`, c.paths.log('haproxy'));
      }
    },
    spawnSpec(c) {
      return { command: 'haproxy', args: ['-db', '-f', c.paths.confFile('haproxy.cfg')], logFile: c.paths.log('haproxy') };
    },
    async probe(c): Promise<ProbeResult> {
      try {
        const info = await new HaproxyRuntimeClient(c.paths.haproxySocket, 1000).command('show info');
        return { up: info.includes('Name: HAProxy'), role: 'load balancer' };
      } catch {
        return { up: false, role: 'load balancer' };
      }
    },
  };
}
