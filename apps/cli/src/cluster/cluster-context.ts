import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildLocalTopology } from '@ringwell/lb';
import type { Topology } from '@ringwell/lb';
import type { DataTierConfig } from '@ringwell/db';
import { StatePaths } from './state-paths.js';
import { loadOrCreateSecrets } from './secrets.js';
import type { ClusterSecrets } from './secrets.js';

/** How to find a local cluster: its port block and its state folder. */
export interface ClusterOptions {
  readonly basePort: number;
  readonly stateDir: string;
}

/** Everything the CLI knows about one local cluster. */
export interface ClusterContext {
  readonly options: ClusterOptions;
  readonly topology: Topology;
  readonly paths: StatePaths;
  readonly secrets: ClusterSecrets;
  /** How server processes (and tests) reach the data tier of this cluster. */
  readonly dataTier: DataTierConfig;
  /** Repo root: where the Node apps' built entry points are. */
  readonly repoRoot: string;
}

export const DEFAULT_BASE_PORT = 20000;

/**
 * Resolves options from flags, then RINGWELL_BASE_PORT / RINGWELL_STATE_DIR,
 * then defaults (port 20000, `<repo>/.ringwell`).
 */
export function resolveClusterOptions(
  repoRoot: string,
  flags: { basePort?: string | undefined; stateDir?: string | undefined },
  env: Readonly<Record<string, string | undefined>> = process.env,
): ClusterOptions {
  const rawPort = flags.basePort ?? env['RINGWELL_BASE_PORT'] ?? String(DEFAULT_BASE_PORT);
  const basePort = Number(rawPort);
  if (!Number.isInteger(basePort)) throw new Error(`base port must be an integer, got "${rawPort}" (--base-port or RINGWELL_BASE_PORT)`);
  const stateDir = resolve(flags.stateDir ?? env['RINGWELL_STATE_DIR'] ?? resolve(repoRoot, '.ringwell'));
  return { basePort, stateDir };
}

/** Loads (creating on first use) the context of a cluster. */
export function loadClusterContext(options: ClusterOptions, repoRoot: string): ClusterContext {
  const topology = buildLocalTopology({ basePort: options.basePort });
  const paths = new StatePaths(options.stateDir);
  for (const dir of [paths.root, paths.conf, paths.data, paths.run, paths.logs, paths.tmp]) mkdirSync(dir, { recursive: true });
  const secrets = loadOrCreateSecrets(paths.secrets);
  const h = topology.haproxy;
  const dataTier: DataTierConfig = {
    db: {
      host: h.host,
      masterPort: h.dbMasterPort,
      statsPort: h.dbStatsPort,
      reportPort: h.dbReportPort,
      user: topology.mariadb.appUser,
      password: secrets.dbAppPassword,
      database: topology.mariadb.database,
    },
    redis: {
      sentinels: topology.redis.sentinels.map((s) => ({ host: s.host, port: s.port })),
      masterName: topology.redis.masterName,
      password: secrets.redisPassword,
    },
  };
  return { options, topology, paths, secrets, dataTier, repoRoot };
}
