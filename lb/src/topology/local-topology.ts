import type { MasterName, Topology } from './topology.model.js';

/** Options for a cluster whose every component runs on one host. */
export interface LocalTopologyOptions {
  /** First port of the cluster's block; the cluster uses `basePort` .. `basePort + 999`. */
  readonly basePort: number;
  readonly host?: string;
  readonly preferredMaster?: MasterName;
  readonly clusterName?: string;
}

/** Ports the cluster reserves above its base port. */
export const PORT_BLOCK_SIZE = 1000;

/**
 * Port offsets inside a cluster's block. Documented in docs/architecture.md;
 * RTP takes the top of the block so that the fixed ports stay readable.
 */
export const PORT_OFFSETS = {
  dbMaster: 0,
  dbStats: 1,
  dbReport: 2,
  web: 3,
  smb: 4,
  haproxyStats: 5,
  m1: 10,
  m2: 11,
  s1: 12,
  s2: 13,
  redis1: 20,
  redis2: 21,
  sentinel1: 26,
  sentinel2: 27,
  sentinel3: 28,
  samba: 30,
  kamailio: 40,
  rtpengineNg: 41,
  telephony1Sip: 50,
  telephony2Sip: 51,
  telephony1Http: 52,
  telephony2Http: 53,
  web1: 60,
  web2: 61,
  worker1: 70,
  rtpMin: 200,
  rtpMax: 999,
} as const;

/** Builds the production-shaped topology with every component on one host. */
export function buildLocalTopology(options: LocalTopologyOptions): Topology {
  const base = options.basePort;
  if (!Number.isInteger(base) || base < 1024 || base + PORT_BLOCK_SIZE > 65536) {
    throw new RangeError(`basePort must be an integer in 1024..${65536 - PORT_BLOCK_SIZE}, got ${base}`);
  }
  const host = options.host ?? '127.0.0.1';
  const p = (offset: number): number => base + offset;
  const o = PORT_OFFSETS;
  return {
    clusterName: options.clusterName ?? 'ringwell',
    mariadb: {
      nodes: [
        { name: 'm1', role: 'master', host, port: p(o.m1), serverId: 1, gtidDomainId: 1, autoIncrementOffset: 1, replicatesFrom: 'm2', readOnly: false },
        { name: 'm2', role: 'master', host, port: p(o.m2), serverId: 2, gtidDomainId: 2, autoIncrementOffset: 2, replicatesFrom: 'm1', readOnly: false },
        { name: 's1', role: 'slave', host, port: p(o.s1), serverId: 3, gtidDomainId: 3, autoIncrementOffset: 1, replicatesFrom: 'm1', readOnly: true },
        { name: 's2', role: 'slave', host, port: p(o.s2), serverId: 4, gtidDomainId: 4, autoIncrementOffset: 2, replicatesFrom: 'm2', readOnly: true },
      ],
      database: 'ringwell',
      appUser: 'ringwell',
      replicationUser: 'repl',
      bufferPoolMb: 128,
    },
    redis: {
      masterName: 'ringwell',
      nodes: [
        { name: 'redis1', host, port: p(o.redis1) },
        { name: 'redis2', host, port: p(o.redis2), replicaOf: 'redis1' },
      ],
      sentinels: [
        { name: 'sentinel1', host, port: p(o.sentinel1) },
        { name: 'sentinel2', host, port: p(o.sentinel2) },
        { name: 'sentinel3', host, port: p(o.sentinel3) },
      ],
      quorum: 2,
      downAfterMs: 1000,
      failoverTimeoutMs: 5000,
    },
    haproxy: {
      host,
      dbMasterPort: p(o.dbMaster),
      dbStatsPort: p(o.dbStats),
      dbReportPort: p(o.dbReport),
      webPort: p(o.web),
      smbPort: p(o.smb),
      statsPort: p(o.haproxyStats),
      preferredMaster: options.preferredMaster ?? 'm1',
      webCookie: 'RWSRV',
      mysqlCheckUser: 'haproxy_check',
    },
    samba: { host, port: p(o.samba), share: 'ringwell', user: 'ringwell' },
    kamailio: { host, sipPort: p(o.kamailio), children: 2, sharedMemoryMb: 64, privateMemoryMb: 8, dispatcherSetId: 1 },
    rtpengine: { host, ngPort: p(o.rtpengineNg), rtpPortMin: p(o.rtpMin), rtpPortMax: p(o.rtpMax) },
    telephonyServers: [
      { name: 'ts1', host, sipPort: p(o.telephony1Sip), httpPort: p(o.telephony1Http) },
      { name: 'ts2', host, sipPort: p(o.telephony2Sip), httpPort: p(o.telephony2Http) },
    ],
    webServers: [
      { name: 'web1', host, httpPort: p(o.web1) },
      { name: 'web2', host, httpPort: p(o.web2) },
    ],
    workers: [{ name: 'worker1', host, httpPort: p(o.worker1) }],
  };
}

/** Looks a MariaDB node up by name; the model guarantees all four exist. */
export function mariaDbNode(topology: Topology, name: string): Topology['mariadb']['nodes'][number] {
  const node = topology.mariadb.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`topology has no MariaDB node named ${name}`);
  return node;
}
