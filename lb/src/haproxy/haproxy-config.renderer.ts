import type { MariaDbNodeName, Topology } from '../topology/topology.model.js';
import { mariaDbNode } from '../topology/local-topology.js';

/** Host-specific paths the HAProxy config needs besides the topology. */
export interface HaproxyPaths {
  /** Runtime-API socket (admin level): status, failover, switch-back. */
  readonly statsSocket: string;
}

/** Names of the HAProxy proxies, shared by the renderer and the runtime-API client. */
export const HAPROXY_PROXIES = {
  dbMaster: 'db_master',
  dbStats: 'db_stats',
  dbReport: 'db_report',
  web: 'web',
  smb: 'smb',
  stats: 'stats',
} as const;

/** Fixed HAProxy server ids, so a stick-table entry names the same master after every reload. */
export const MASTER_SERVER_IDS: Readonly<Record<'m1' | 'm2', number>> = { m1: 1, m2: 2 };

const DB_CHECK = 'check inter 500ms fall 2 rise 2';

/**
 * Renders haproxy.cfg for the LB tier:
 * - db_master: one active master, the other only as backup. The stick table
 *   (size 2: size 1 silently fails back) pins every connection to whichever
 *   master served first, so after a failover traffic stays on the backup even
 *   when the preferred master returns (no automatic failback, as jtel demands).
 * - db_stats / db_report: `balance first` over the slaves, realtime statistics
 *   on s1 first, reporting on s2 first, each falling back to the other and
 *   returning automatically.
 * - web: cookie-sticky HTTP over the web servers.
 * - smb: TCP to the Samba share.
 */
export function renderHaproxyConfig(topology: Topology, paths: HaproxyPaths): string {
  const h = topology.haproxy;
  const checkUser = h.mysqlCheckUser;
  const preferred = h.preferredMaster;
  const backup: MariaDbNodeName = preferred === 'm1' ? 'm2' : 'm1';
  const masterLine = (name: 'm1' | 'm2', isBackup: boolean): string => {
    const n = mariaDbNode(topology, name);
    return `    server ${name} ${n.host}:${n.port} id ${MASTER_SERVER_IDS[name]} ${DB_CHECK} on-marked-down shutdown-sessions${isBackup ? ' backup' : ''}`;
  };
  const slaveLines = (order: readonly MariaDbNodeName[]): string[] =>
    order.map((name, i) => {
      const n = mariaDbNode(topology, name);
      return `    server ${name} ${n.host}:${n.port} id ${i + 1} ${DB_CHECK} maxconn 500`;
    });

  const lines: string[] = [
    '# Rendered by Ringwell from the cluster topology. Do not edit: re-render instead.',
    'global',
    '    maxconn 4096',
    `    stats socket ${paths.statsSocket} mode 600 level admin`,
    '    log stderr format raw local0 notice',
    '',
    'defaults',
    '    log global',
    '    mode tcp',
    '    option dontlognull',
    '    timeout connect 3s',
    '    timeout client 1h',
    '    timeout server 1h',
    '',
    `listen ${HAPROXY_PROXIES.dbMaster}`,
    `    bind ${h.host}:${h.dbMasterPort}`,
    `    option mysql-check user ${checkUser} post-41`,
    '    stick-table type integer size 2 nopurge',
    '    stick on int(1)',
    masterLine(preferred, false),
    masterLine(backup as 'm1' | 'm2', true),
    '',
    `listen ${HAPROXY_PROXIES.dbStats}`,
    `    bind ${h.host}:${h.dbStatsPort}`,
    '    balance first',
    `    option mysql-check user ${checkUser} post-41`,
    ...slaveLines(['s1', 's2']),
    '',
    `listen ${HAPROXY_PROXIES.dbReport}`,
    `    bind ${h.host}:${h.dbReportPort}`,
    '    balance first',
    `    option mysql-check user ${checkUser} post-41`,
    ...slaveLines(['s2', 's1']),
    '',
    `listen ${HAPROXY_PROXIES.web}`,
    `    bind ${h.host}:${h.webPort}`,
    '    mode http',
    '    balance roundrobin',
    '    option forwardfor',
    '    option httpchk GET /healthz',
    '    http-check expect status 200',
    `    cookie ${h.webCookie} insert indirect nocache httponly`,
    '    timeout client 60s',
    '    timeout server 60s',
    // socket.io upgrades to WebSocket; a tunnel may stay idle for long.
    '    timeout tunnel 1h',
    ...topology.webServers.map(
      (w) => `    server ${w.name} ${w.host}:${w.httpPort} check inter 1s fall 2 rise 2 cookie ${w.name}`,
    ),
    '',
    `listen ${HAPROXY_PROXIES.smb}`,
    `    bind ${h.host}:${h.smbPort}`,
    `    server samba ${topology.samba.host}:${topology.samba.port} check inter 2s fall 2 rise 2`,
    '',
    `listen ${HAPROXY_PROXIES.stats}`,
    `    bind ${h.host}:${h.statsPort}`,
    '    mode http',
    '    timeout client 30s',
    '    timeout server 30s',
    '    stats enable',
    '    stats uri /',
    '    stats refresh 5s',
    '',
  ];
  return lines.join('\n');
}
