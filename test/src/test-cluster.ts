import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClusterContext } from '@ringwell/cli';
import type { ClusterContext, ClusterOptions } from '@ringwell/cli';

/** The repo root: the nearest folder upwards that holds the `ringwell` command. */
function findRepoRoot(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'ringwell')) && existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no Ringwell repo root above ${start}`);
}

export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

/**
 * The integration suite's own cluster: its own port block and state dir, so it
 * runs beside a developer's `ringwell up` cluster without touching it.
 */
export function testClusterOptions(env: NodeJS.ProcessEnv = process.env): ClusterOptions {
  return {
    basePort: Number(env['RINGWELL_TEST_BASE_PORT'] ?? 22000),
    stateDir: resolve(env['RINGWELL_TEST_STATE_DIR'] ?? resolve(REPO_ROOT, '.ringwell-test')),
  };
}

export function testCluster(): ClusterContext {
  return loadClusterContext(testClusterOptions(), REPO_ROOT);
}

/** Polls `fn` until it returns a truthy value or the time is up. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastErr ? `: ${(lastErr as Error).message}` : ''}`);
}
