import type { ClusterContext } from '../cluster/cluster-context.js';
import type { SpawnSpec } from '../cluster/process-control.js';

export type ComponentKind =
  | 'mariadb'
  | 'redis'
  | 'sentinel'
  | 'haproxy'
  | 'samba'
  | 'kamailio'
  | 'rtpengine'
  | 'telephony-server'
  | 'web-server'
  | 'worker';

/** Facts gathered once per status round and shared by every component's probe. */
export interface StatusFacts {
  /** The master HAProxy's db_master sends connections to; null if HAProxy cannot tell. */
  readonly activeMaster: 'm1' | 'm2' | null;
}

export interface ProbeResult {
  readonly up: boolean;
  readonly role: string;
}

/**
 * One process of the local cluster: how to prepare its config and data, how
 * to start it, and how to tell that it really serves.
 */
export interface Component {
  readonly name: string;
  readonly kind: ComponentKind;
  /** The port it serves on (its main one). */
  readonly port: number;
  /** Role shown while the component is down (a live probe may refine it). */
  readonly defaultRole: string;
  /**
   * Start order: 0 data tier and SIP/media (no dependencies), 1 what needs the
   * data tier (Sentinel, HAProxy), 2 the Ringwell processes.
   */
  readonly stage: 0 | 1 | 2;
  readonly startTimeoutMs: number;
  readonly stopGraceMs: number;
  /** Renders and validates config, initialises data; idempotent. */
  prepare(ctx: ClusterContext, opts: PrepareOptions): Promise<void>;
  spawnSpec(ctx: ClusterContext): SpawnSpec;
  probe(ctx: ClusterContext, facts: StatusFacts): Promise<ProbeResult>;
}

export interface PrepareOptions {
  /** True when no process of the component's tier runs (full cold start). */
  readonly coldTier: boolean;
}

/** A component failed to prepare or start; names the log to read. */
export class ComponentError extends Error {
  override readonly name = 'ComponentError';
  readonly code = 'RW_ERR_COMPONENT';
  constructor(
    readonly component: string,
    message: string,
    readonly logFile: string,
  ) {
    super(`${component}: ${message}`);
  }
}
