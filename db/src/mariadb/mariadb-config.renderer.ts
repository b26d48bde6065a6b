import type { MariaDbNode } from '@ringwell/lb';

/** Host-specific paths of one MariaDB server. */
export interface MariaDbPaths {
  readonly dataDir: string;
  readonly socket: string;
  readonly pidFile: string;
  /** Own tmpdir per server: parallel install-db runs sharing /tmp corrupted a datadir once. */
  readonly tmpDir: string;
}

export interface MariaDbTuning {
  readonly bufferPoolMb: number;
  /** Local clusters run as root; production hosts run as mysql. */
  readonly osUser: string;
}

/**
 * Durability and binlog settings by role (docs/operations.md, "MariaDB durability by role").
 * - Both masters: fsync per commit (redo and binlog). m1 is the active master; m2 takes
 *   over on failover and is the source of s2, so it must hold every commit it acknowledged.
 * - Read slaves (s1, s2) are leaves: nobody replicates from them and they are rebuilt from a
 *   master, never promoted. They keep no binlog of what they apply (log_slave_updates OFF;
 *   being read_only, their binlog stays empty), and flush the redo log once a second.
 *   An OS crash can lose their last second of applied transactions, but MariaDB keeps the
 *   GTID position (mysql.gtid_slave_pos) in the same InnoDB transaction as the applied rows,
 *   so they lose the position with the rows and fetch both again from their master.
 *   This saves two fsyncs and a binlog write per replicated transaction on each slave.
 */
function durabilitySettings(node: MariaDbNode): string[] {
  if (node.role === 'master') {
    return ['log_slave_updates = ON', 'sync_binlog = 1', 'innodb_flush_log_at_trx_commit = 1'];
  }
  return ['log_slave_updates = OFF', 'sync_binlog = 0', 'innodb_flush_log_at_trx_commit = 2'];
}

/**
 * Renders my.cnf for one server of the master-master pair or a slave.
 * Durability on the masters is production-grade (fsync per commit, sync binlog) even
 * locally, so that statistics-ingest figures measured here mean something.
 */
export function renderMariaDbConfig(node: MariaDbNode, paths: MariaDbPaths, tuning: MariaDbTuning): string {
  return [
    '# Rendered by Ringwell from the cluster topology. Do not edit: re-render instead.',
    '[mariadbd]',
    `user = ${tuning.osUser}`,
    `datadir = ${paths.dataDir}`,
    `socket = ${paths.socket}`,
    `pid-file = ${paths.pidFile}`,
    `tmpdir = ${paths.tmpDir}`,
    `port = ${node.port}`,
    `bind-address = ${node.host}`,
    'skip-name-resolve',
    'character-set-server = utf8mb4',
    'collation-server = utf8mb4_unicode_ci',
    `server_id = ${node.serverId}`,
    `gtid_domain_id = ${node.gtidDomainId}`,
    'gtid_strict_mode = ON',
    'log_bin = binlog',
    'binlog_format = ROW',
    ...durabilitySettings(node),
    'auto_increment_increment = 2',
    `auto_increment_offset = ${node.autoIncrementOffset}`,
    `read_only = ${node.readOnly ? 'ON' : 'OFF'}`,
    `innodb_buffer_pool_size = ${tuning.bufferPoolMb}M`,
    // A redo log that holds a few seconds of statistics ingest (~500 bytes of redo per event)
    // lets InnoDB write pages back lazily; 16M forced a checkpoint flush every second at
    // 20,000 events/s. 128M is near MariaDB's own default (96M).
    'innodb_log_file_size = 128M',
    'performance_schema = OFF',
    'max_connections = 300',
    'slave_net_timeout = 10',
    '',
  ].join('\n');
}

/**
 * SQL run once on every fresh server, with the binlog off so that each server
 * creates its own users and the schema database without replicating them.
 * Passwords are generated hex strings (no quoting issues); the SQL travels on
 * stdin, never on a command line.
 */
export function renderMariaDbBootstrapSql(params: {
  readonly database: string;
  readonly appUser: string;
  readonly appPassword: string;
  readonly replicationUser: string;
  readonly replicationPassword: string;
  readonly checkUser: string;
  readonly clientHost: string;
}): string {
  for (const [k, v] of Object.entries(params)) {
    if (!/^[A-Za-z0-9_.]+$/.test(v)) throw new Error(`bootstrap parameter ${k} has characters outside [A-Za-z0-9_.]`);
  }
  const p = params;
  return [
    'SET SESSION sql_log_bin = 0;',
    `CREATE DATABASE IF NOT EXISTS \`${p.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
    `CREATE USER IF NOT EXISTS '${p.replicationUser}'@'${p.clientHost}' IDENTIFIED BY '${p.replicationPassword}';`,
    `GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '${p.replicationUser}'@'${p.clientHost}';`,
    `CREATE USER IF NOT EXISTS '${p.checkUser}'@'${p.clientHost}';`,
    `CREATE USER IF NOT EXISTS '${p.appUser}'@'${p.clientHost}' IDENTIFIED BY '${p.appPassword}';`,
    `GRANT ALL PRIVILEGES ON \`${p.database}\`.* TO '${p.appUser}'@'${p.clientHost}';`,
    `GRANT REPLICATION CLIENT, SLAVE MONITOR ON *.* TO '${p.appUser}'@'${p.clientHost}';`,
    'FLUSH PRIVILEGES;',
    '',
  ].join('\n');
}

/** SQL that points a server at its replication source (GTID, reconnect every second). */
export function renderReplicationSql(params: {
  readonly sourceHost: string;
  readonly sourcePort: number;
  readonly replicationUser: string;
  readonly replicationPassword: string;
}): string {
  const p = params;
  if (!/^[A-Za-z0-9_.]+$/.test(p.replicationPassword) || !/^[A-Za-z0-9_.]+$/.test(p.replicationUser)) {
    throw new Error('replication credentials have characters outside [A-Za-z0-9_.]');
  }
  return [
    'STOP SLAVE;',
    `CHANGE MASTER TO MASTER_HOST='${p.sourceHost}', MASTER_PORT=${p.sourcePort}, MASTER_USER='${p.replicationUser}', ` +
      `MASTER_PASSWORD='${p.replicationPassword}', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1;`,
    'START SLAVE;',
    '',
  ].join('\n');
}
