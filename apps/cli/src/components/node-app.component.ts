import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataTierEnv } from '@ringwell/db';
import type { ClusterContext } from '../cluster/cluster-context.js';
import { httpGet, sipOptionsProbe } from '../cluster/probes.js';
import type { Component, ComponentKind, ProbeResult } from './component.js';
import { ComponentError } from './component.js';

interface NodeAppSpec {
  readonly name: string;
  readonly kind: Extract<ComponentKind, 'telephony-server' | 'web-server' | 'worker'>;
  readonly host: string;
  readonly httpPort: number;
  readonly app: string;
  readonly role: string;
  readonly extraEnv?: Record<string, string>;
  /** A telephony server's SIP port: it is only up when SIP OPTIONS are answered there too. */
  readonly sipPort?: number;
}

/**
 * A Ringwell Node process (telephony server, web server, worker), checked by its /healthz and,
 * for a telephony server, by SIP OPTIONS on its SIP port (what Kamailio's dispatcher checks).
 */
export function nodeAppComponent(spec: NodeAppSpec): Component {
  const entry = (c: ClusterContext): string => join(c.repoRoot, 'apps', spec.app, 'dist', 'main.js');
  return {
    name: spec.name,
    kind: spec.kind,
    port: spec.httpPort,
    defaultRole: spec.role,
    stage: 2,
    startTimeoutMs: 15_000,
    stopGraceMs: 5_000,
    async prepare(c) {
      if (!existsSync(entry(c))) {
        throw new ComponentError(spec.name, `${entry(c)} is missing: build first (npm run build)`, c.paths.log(spec.name));
      }
    },
    spawnSpec(c) {
      return {
        command: process.execPath,
        args: [entry(c)],
        env: {
          ...dataTierEnv(c.dataTier),
          RINGWELL_NAME: spec.name,
          RINGWELL_HOST: spec.host,
          RINGWELL_HTTP_PORT: String(spec.httpPort),
          ...spec.extraEnv,
        },
        logFile: c.paths.log(spec.name),
      };
    },
    async probe(): Promise<ProbeResult> {
      const res = await httpGet(spec.host, spec.httpPort, '/healthz');
      if (!res || res.status !== 200) return { up: false, role: spec.role };
      let status = 'ok';
      try {
        status = String((JSON.parse(res.body) as { status?: unknown }).status ?? 'ok');
      } catch {
        status = 'bad health body';
      }
      if (spec.sipPort !== undefined && (await sipOptionsProbe(spec.host, spec.sipPort, 1000)) !== 'SIP/2.0 200 OK') {
        return { up: false, role: `${spec.role} (SIP :${spec.sipPort} not answering)` };
      }
      return { up: true, role: status === 'ok' ? spec.role : `${spec.role} (${status})` };
    },
  };
}

/** Every Ringwell Node process of the topology. */
export function nodeAppComponents(ctx: ClusterContext): Component[] {
  const t = ctx.topology;
  return [
    ...t.telephonyServers.map((ts) =>
      nodeAppComponent({
        name: ts.name, kind: 'telephony-server', host: ts.host, httpPort: ts.httpPort, app: 'telephony-server', role: 'telephony',
        extraEnv: { RINGWELL_SIP_PORT: String(ts.sipPort) }, sipPort: ts.sipPort,
      }),
    ),
    ...t.webServers.map((w) =>
      nodeAppComponent({ name: w.name, kind: 'web-server', host: w.host, httpPort: w.httpPort, app: 'web-server', role: 'web' }),
    ),
    ...t.workers.map((w) =>
      nodeAppComponent({
        name: w.name, kind: 'worker', host: w.host, httpPort: w.httpPort, app: 'worker', role: 'worker',
        // The worker uploads spooled recordings to the share through HAProxy's smb frontend.
        extraEnv: {
          RINGWELL_STORAGE_DRIVER: 'smb',
          RINGWELL_SPOOL_DIR: join(ctx.paths.data, 'spool', w.name),
          RINGWELL_SMB_HOST: t.haproxy.host,
          RINGWELL_SMB_PORT: String(t.haproxy.smbPort),
          RINGWELL_SMB_SHARE: t.samba.share,
          RINGWELL_SMB_USER: t.samba.user,
          RINGWELL_SMB_PASSWORD: ctx.secrets.smbPassword,
          RINGWELL_STATS_SPOOL_DIR: join(ctx.paths.data, 'spool', `${w.name}-statistics`),
        },
      }),
    ),
  ];
}
