/** How a Ringwell process reaches the data tier: MariaDB through HAProxy, Redis through Sentinel. */
export interface DataTierConfig {
  readonly db: {
    readonly host: string;
    /** HAProxy db-master: the active master, writes and config reads. */
    readonly masterPort: number;
    /** HAProxy db-stats: realtime statistics slave. */
    readonly statsPort: number;
    /** HAProxy db-report: reporting slave. */
    readonly reportPort: number;
    readonly user: string;
    readonly password: string;
    readonly database: string;
  };
  readonly redis: {
    readonly sentinels: ReadonlyArray<{ readonly host: string; readonly port: number }>;
    readonly masterName: string;
    readonly password: string;
  };
}

/** A configuration value is missing or malformed; names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'RW_ERR_CONFIG';
}

type Env = Readonly<Record<string, string | undefined>>;

export function requireEnv(env: Env, name: string): string {
  const v = env[name];
  if (v === undefined || v === '') throw new ConfigError(`environment variable ${name} is required`);
  return v;
}

export function envPort(env: Env, name: string): number {
  const raw = requireEnv(env, name);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ConfigError(`${name} must be a port number, got "${raw}"`);
  return n;
}

/** Parses `host:port,host:port`. */
export function parseHostPorts(name: string, raw: string): Array<{ host: string; port: number }> {
  return raw.split(',').map((item) => {
    const m = /^([^:]+):(\d+)$/.exec(item.trim());
    const port = Number(m?.[2]);
    if (!m?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ConfigError(`${name} must be a list of host:port, got "${raw}"`);
    }
    return { host: m[1], port };
  });
}

/** Reads RINGWELL_DB_* and RINGWELL_REDIS_* once at start; fails fast naming the variable. */
export function readDataTierConfig(env: Env = process.env): DataTierConfig {
  return {
    db: {
      host: env['RINGWELL_DB_HOST'] ?? '127.0.0.1',
      masterPort: envPort(env, 'RINGWELL_DB_MASTER_PORT'),
      statsPort: envPort(env, 'RINGWELL_DB_STATS_PORT'),
      reportPort: envPort(env, 'RINGWELL_DB_REPORT_PORT'),
      user: requireEnv(env, 'RINGWELL_DB_USER'),
      password: requireEnv(env, 'RINGWELL_DB_PASSWORD'),
      database: env['RINGWELL_DB_NAME'] ?? 'ringwell',
    },
    redis: {
      sentinels: parseHostPorts('RINGWELL_REDIS_SENTINELS', requireEnv(env, 'RINGWELL_REDIS_SENTINELS')),
      masterName: env['RINGWELL_REDIS_MASTER_NAME'] ?? 'ringwell',
      password: requireEnv(env, 'RINGWELL_REDIS_PASSWORD'),
    },
  };
}

/** The inverse of {@link readDataTierConfig}: the environment a child process needs. */
export function dataTierEnv(cfg: DataTierConfig): Record<string, string> {
  return {
    RINGWELL_DB_HOST: cfg.db.host,
    RINGWELL_DB_MASTER_PORT: String(cfg.db.masterPort),
    RINGWELL_DB_STATS_PORT: String(cfg.db.statsPort),
    RINGWELL_DB_REPORT_PORT: String(cfg.db.reportPort),
    RINGWELL_DB_USER: cfg.db.user,
    RINGWELL_DB_PASSWORD: cfg.db.password,
    RINGWELL_DB_NAME: cfg.db.database,
    RINGWELL_REDIS_SENTINELS: cfg.redis.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
    RINGWELL_REDIS_MASTER_NAME: cfg.redis.masterName,
    RINGWELL_REDIS_PASSWORD: cfg.redis.password,
  };
}
