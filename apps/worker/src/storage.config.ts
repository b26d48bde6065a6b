import { ConfigError, envPort, requireEnv } from '@ringwell/db';

type Env = Readonly<Record<string, string | undefined>>;

interface SpoolConfig {
  /** The local disk where recordings wait for upload (spool of this host). */
  readonly spoolDir: string;
  /** This host's name in `stored_file.spool_node`; its upload queue is `storage-upload-<node>`. */
  readonly spoolNode: string;
  /** How often retention runs (ms). */
  readonly retentionEveryMs: number;
}

export type StorageConfig =
  | { readonly driver: 'none' }
  | (SpoolConfig & {
      readonly driver: 'smb';
      readonly smb: { readonly host: string; readonly port: number; readonly share: string; readonly user: string; readonly password: string };
    })
  | (SpoolConfig & { readonly driver: 'local-dir'; readonly dir: string; readonly requireMountPoint: boolean });

/**
 * Reads the worker's storage settings once at start. Without
 * RINGWELL_STORAGE_DRIVER the storage jobs are off (the worker still serves
 * the `system` queue); with it, every variable it needs must be present.
 */
export function readStorageConfig(env: Env = process.env): StorageConfig {
  const driver = env['RINGWELL_STORAGE_DRIVER'];
  if (driver === undefined || driver === '' || driver === 'none') return { driver: 'none' };
  const everyRaw = env['RINGWELL_RETENTION_EVERY_MS'] ?? '86400000';
  const retentionEveryMs = Number(everyRaw);
  if (!Number.isInteger(retentionEveryMs) || retentionEveryMs < 1000) {
    throw new ConfigError(`RINGWELL_RETENTION_EVERY_MS must be an integer >= 1000, got "${everyRaw}"`);
  }
  const spool: SpoolConfig = {
    spoolDir: requireEnv(env, 'RINGWELL_SPOOL_DIR'),
    spoolNode: env['RINGWELL_SPOOL_NODE'] ?? requireEnv(env, 'RINGWELL_NAME'),
    retentionEveryMs,
  };
  if (driver === 'smb') {
    return {
      ...spool,
      driver,
      smb: {
        host: requireEnv(env, 'RINGWELL_SMB_HOST'),
        port: envPort(env, 'RINGWELL_SMB_PORT'),
        share: requireEnv(env, 'RINGWELL_SMB_SHARE'),
        user: requireEnv(env, 'RINGWELL_SMB_USER'),
        password: requireEnv(env, 'RINGWELL_SMB_PASSWORD'),
      },
    };
  }
  if (driver === 'local-dir') {
    return { ...spool, driver, dir: requireEnv(env, 'RINGWELL_STORAGE_DIR'), requireMountPoint: env['RINGWELL_STORAGE_REQUIRE_MOUNT'] === '1' };
  }
  throw new ConfigError(`RINGWELL_STORAGE_DRIVER must be smb, local-dir or none, got "${driver}"`);
}
