import type { ProcessKind } from './process.config.js';
import type { DataTierHealth } from './data-tier.monitor.js';

/** The body of every process's GET /healthz. */
export interface HealthReport {
  readonly name: string;
  readonly kind: ProcessKind;
  /** `degraded` while Redis or db-master is unreachable: the process still serves what it can. */
  readonly status: 'ok' | 'degraded';
  readonly pid: number;
  readonly uptimeS: number;
  readonly redis: DataTierHealth['redis'];
  readonly db: DataTierHealth['db'];
}

export function healthReport(name: string, kind: ProcessKind, dataTier: DataTierHealth): HealthReport {
  return {
    name,
    kind,
    status: dataTier.redis === 'up' && dataTier.db === 'up' ? 'ok' : 'degraded',
    pid: process.pid,
    uptimeS: Math.round(process.uptime()),
    redis: dataTier.redis,
    db: dataTier.db,
  };
}
