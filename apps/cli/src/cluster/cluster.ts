import { setTimeout as sleep } from 'node:timers/promises';
import { rmSync } from 'node:fs';
import { HaproxyRuntimeClient } from '@ringwell/lb';
import type { Component, StatusFacts } from '../components/component.js';
import { ComponentError } from '../components/component.js';
import { clusterComponents } from '../components/registry.js';
import type { ClusterContext } from './cluster-context.js';
import { bootstrapMariaDb } from './mariadb.bootstrap.js';
import { isRunning, rssBytes, sessionMembers, spawnDetached, stopProcess } from './process-control.js';
import type { RecordedProcess } from './process-control.js';
import { ProcessTable } from './process-table.js';
import { runMigrations, seedDemo } from './schema.step.js';

/** Receives progress while the cluster starts or stops. */
export interface ProgressReporter {
  info(message: string): void;
  componentUp(component: Component, pid: number, tookMs: number, alreadyRunning: boolean): void;
}

export const silentReporter: ProgressReporter = { info: () => undefined, componentUp: () => undefined };

/** One row of `ringwell status`. */
export interface ComponentStatus {
  readonly name: string;
  readonly kind: Component['kind'];
  readonly status: 'up' | 'down';
  readonly role: string;
  readonly port: number;
  readonly pid: number | null;
}

const NO_FACTS: StatusFacts = { activeMaster: null };

/** Waits until the component's probe says it serves; fails at once if its process dies. */
async function waitReady(ctx: ClusterContext, c: Component, rec: RecordedProcess): Promise<void> {
  const deadline = Date.now() + c.startTimeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(rec)) throw new ComponentError(c.name, 'process exited while starting', ctx.paths.log(c.name));
    if ((await c.probe(ctx, NO_FACTS)).up) return;
    await sleep(100);
  }
  throw new ComponentError(c.name, `did not come up within ${c.startTimeoutMs / 1000} s`, ctx.paths.log(c.name));
}

/**
 * Starts every component that is not running, stage by stage, then sets up
 * replication, runs the migrations through db-master and seeds the demo
 * tenant. Idempotent: on a running cluster it only restarts what is down.
 */
export async function clusterUp(ctx: ClusterContext, reporter: ProgressReporter = silentReporter): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error('ringwell up must run as root: it runs smbd and MariaDB as root and creates the Samba Unix user');
  }
  const table = new ProcessTable(ctx.paths.processTable);
  const components = clusterComponents(ctx);
  const running = (c: Component): boolean => {
    const rec = table.get(c.name);
    return rec !== undefined && isRunning(rec);
  };
  const redisTierCold = components.filter((c) => c.kind === 'redis' || c.kind === 'sentinel').every((c) => !running(c));

  const startOne = async (c: Component): Promise<void> => {
    const t0 = Date.now();
    const existing = table.get(c.name);
    if (existing && isRunning(existing)) {
      await waitReady(ctx, c, existing);
      reporter.componentUp(c, existing.pid, Date.now() - t0, true);
      return;
    }
    if (existing) {
      // The leader died; forks it left behind (Kamailio workers, smbd children) may still hold its ports.
      await stopProcess(existing, 2000);
    }
    await c.prepare(ctx, { coldTier: (c.kind === 'redis' || c.kind === 'sentinel') && redisTierCold });
    const rec = await spawnDetached(c.spawnSpec(ctx));
    table.set(c.name, rec);
    await waitReady(ctx, c, rec);
    reporter.componentUp(c, rec.pid, Date.now() - t0, false);
  };

  for (const stage of [0, 1, 2] as const) {
    const results = await Promise.allSettled(components.filter((c) => c.stage === stage).map(startOne));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (stage === 0) {
      reporter.info('setting up MariaDB users and replication (m1<->m2, s1<-m1, s2<-m2)');
      await bootstrapMariaDb(ctx);
    }
    if (stage === 1) {
      const mig = await runMigrations(ctx);
      reporter.info(
        mig.applied.length > 0 ? `migrations applied through db-master: ${mig.applied.join(', ')}` : `schema up to date (${mig.alreadyApplied} migrations)`,
      );
      const seed = await seedDemo(ctx);
      reporter.info(seed.created.length > 0 ? `demo tenant seeded (id ${seed.tenantId})` : `demo tenant present (id ${seed.tenantId})`);
    }
  }
}

/** Stops exactly the recorded processes (and their forks), Ringwell processes first, MariaDB last. */
export async function clusterDown(
  ctx: ClusterContext,
  opts: { purge?: boolean } = {},
  reporter: ProgressReporter = silentReporter,
): Promise<{ stopped: string[]; forced: string[] }> {
  const table = new ProcessTable(ctx.paths.processTable);
  const components = new Map(clusterComponents(ctx).map((c) => [c.name, c]));
  const stageOf = (name: string): number => components.get(name)?.stage ?? 3;
  const entries = table.all();
  const stopped: string[] = [];
  const forced: string[] = [];
  for (const stage of [3, 2, 1, 0]) {
    await Promise.all(
      entries
        .filter(([name]) => stageOf(name) === stage)
        .map(async ([name, rec]) => {
          const grace = components.get(name)?.stopGraceMs ?? 5000;
          const { killed } = await stopProcess(rec, grace);
          if (killed.length > 0) forced.push(name);
          stopped.push(name);
          table.delete(name);
          reporter.info(`${name} stopped${killed.length > 0 ? ' (had to SIGKILL)' : ''}`);
        }),
    );
  }
  if (opts.purge) rmSync(ctx.paths.root, { recursive: true, force: true });
  return { stopped, forced };
}

/** Probes every component; a process that is gone shows `down` at once. */
export async function clusterStatus(ctx: ClusterContext): Promise<ComponentStatus[]> {
  const table = new ProcessTable(ctx.paths.processTable);
  const components = clusterComponents(ctx);
  const haproxyRec = table.get('haproxy');
  let activeMaster: StatusFacts['activeMaster'] = null;
  if (haproxyRec && isRunning(haproxyRec)) {
    try {
      activeMaster = await new HaproxyRuntimeClient(ctx.paths.haproxySocket, 1000).activeMaster();
    } catch {
      activeMaster = null;
    }
  }
  const facts: StatusFacts = { activeMaster };
  return Promise.all(
    components.map(async (c): Promise<ComponentStatus> => {
      const rec = table.get(c.name);
      const alive = rec !== undefined && isRunning(rec);
      const probe = alive ? await c.probe(ctx, facts) : { up: false, role: c.defaultRole };
      return { name: c.name, kind: c.kind, status: alive && probe.up ? 'up' : 'down', role: probe.role, port: c.port, pid: rec?.pid ?? null };
    }),
  );
}

/** Total resident memory of every recorded process and its forks, in bytes. */
export function clusterRssBytes(ctx: ClusterContext): { total: number; byComponent: Record<string, number> } {
  const table = new ProcessTable(ctx.paths.processTable);
  const byComponent: Record<string, number> = {};
  let total = 0;
  for (const [name, rec] of table.all()) {
    const pids = new Set([rec.pid, ...sessionMembers(rec.pid)]);
    let sum = 0;
    for (const pid of pids) sum += rssBytes(pid);
    byComponent[name] = sum;
    total += sum;
  }
  return { total, byComponent };
}
