/**
 * The one typed model of a Ringwell cluster: which component listens where and
 * plays which role. Every config (HAProxy, Kamailio, MariaDB, Redis, Samba) is
 * rendered from it, by the local CLI today and by the Ansible roles later, so
 * the knowledge of the topology lives in exactly one place.
 */

export type MariaDbNodeName = 'm1' | 'm2' | 's1' | 's2';
export type MasterName = 'm1' | 'm2';

/** A MariaDB server. Masters replicate from each other; each slave from one master. */
export interface MariaDbNode {
  readonly name: MariaDbNodeName;
  readonly role: 'master' | 'slave';
  readonly host: string;
  readonly port: number;
  readonly serverId: number;
  /** Distinct per master so that master-master GTID replication never collides. */
  readonly gtidDomainId: number;
  /** Masters interleave auto-increment ids (increment 2, offsets 1 and 2). */
  readonly autoIncrementOffset: number;
  readonly replicatesFrom: MariaDbNodeName;
  readonly readOnly: boolean;
}

export interface RedisNode {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** The node this one starts as a replica of; Sentinel may change it later. */
  readonly replicaOf?: string;
}

export interface SentinelNode {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export interface TelephonyServerNode {
  readonly name: string;
  readonly host: string;
  readonly sipPort: number;
  readonly httpPort: number;
}

export interface HttpNode {
  readonly name: string;
  readonly host: string;
  readonly httpPort: number;
}

export interface HaproxyModel {
  readonly host: string;
  readonly dbMasterPort: number;
  readonly dbStatsPort: number;
  readonly dbReportPort: number;
  readonly webPort: number;
  readonly smbPort: number;
  readonly statsPort: number;
  /**
   * The master that takes writes while both are up. The other is only a
   * backup, and HAProxy never fails back to this one by itself.
   */
  readonly preferredMaster: MasterName;
  /** Sticky-session cookie for the web servers. */
  readonly webCookie: string;
  /** User HAProxy's mysql-check logs in as (no password, no privileges). */
  readonly mysqlCheckUser: string;
}

export interface SambaModel {
  readonly host: string;
  readonly port: number;
  readonly share: string;
  readonly user: string;
}

export interface KamailioModel {
  readonly host: string;
  readonly sipPort: number;
  readonly children: number;
  readonly sharedMemoryMb: number;
  readonly privateMemoryMb: number;
  /** Dispatcher set id that holds the telephony servers. */
  readonly dispatcherSetId: number;
}

export interface RtpengineModel {
  readonly host: string;
  readonly ngPort: number;
  readonly rtpPortMin: number;
  readonly rtpPortMax: number;
}

export interface Topology {
  readonly clusterName: string;
  readonly mariadb: {
    readonly nodes: readonly MariaDbNode[];
    readonly database: string;
    readonly appUser: string;
    readonly replicationUser: string;
    readonly bufferPoolMb: number;
  };
  readonly redis: {
    readonly masterName: string;
    readonly nodes: readonly RedisNode[];
    readonly sentinels: readonly SentinelNode[];
    readonly quorum: number;
    readonly downAfterMs: number;
    readonly failoverTimeoutMs: number;
  };
  readonly haproxy: HaproxyModel;
  readonly samba: SambaModel;
  readonly kamailio: KamailioModel;
  readonly rtpengine: RtpengineModel;
  readonly telephonyServers: readonly TelephonyServerNode[];
  readonly webServers: readonly HttpNode[];
  readonly workers: readonly HttpNode[];
}
