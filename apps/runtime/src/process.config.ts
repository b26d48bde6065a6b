import { ConfigError, envPort, readDataTierConfig, requireEnv } from '@ringwell/db';
import type { DataTierConfig } from '@ringwell/db';

export type ProcessKind = 'telephony-server' | 'web-server' | 'worker';

/** What every Ringwell server process reads from its environment at start. */
export interface ProcessConfig {
  readonly kind: ProcessKind;
  /** Instance name, unique in the cluster (ts1, web2, worker1). */
  readonly name: string;
  readonly host: string;
  readonly httpPort: number;
  readonly logLevel: string;
  readonly dataTier: DataTierConfig;
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

export function readProcessConfig(kind: ProcessKind, env: Readonly<Record<string, string | undefined>> = process.env): ProcessConfig {
  const logLevel = env['RINGWELL_LOG_LEVEL'] ?? 'info';
  if (!LOG_LEVELS.has(logLevel)) throw new ConfigError(`RINGWELL_LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}`);
  return {
    kind,
    name: requireEnv(env, 'RINGWELL_NAME'),
    host: env['RINGWELL_HOST'] ?? '127.0.0.1',
    httpPort: envPort(env, 'RINGWELL_HTTP_PORT'),
    logLevel,
    dataTier: readDataTierConfig(env),
  };
}
