import { clusterDown, clusterUp, loadClusterContext } from '@ringwell/cli';
import { REPO_ROOT, testClusterOptions } from './test-cluster.js';

/**
 * Brings up one fresh cluster for the whole integration suite (own ports and
 * state dir, previous test state purged) and tears it down afterwards.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const options = testClusterOptions();
  await clusterDown(loadClusterContext(options, REPO_ROOT), { purge: true });
  const ctx = loadClusterContext(options, REPO_ROOT);
  const t0 = Date.now();
  const log = (m: string): void => void process.stdout.write(`[harness ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}\n`);
  log(`starting test cluster on ports ${options.basePort}.., state ${options.stateDir}`);
  try {
    await clusterUp(ctx, { info: log, componentUp: (c) => log(`${c.name} up`) });
  } catch (err) {
    log(`test cluster failed to start: ${(err as Error).message}`);
    await clusterDown(ctx);
    throw err;
  }
  log('test cluster up');
  return async () => {
    const { stopped } = await clusterDown(ctx);
    log(`test cluster stopped (${stopped.length} components)`);
  };
}
