import type { ClusterContext } from '../cluster/cluster-context.js';
import { clusterDown } from '../cluster/cluster.js';

/** `ringwell down [--purge]`: stop exactly the processes this cluster started. */
export async function downCommand(ctx: ClusterContext, purge: boolean): Promise<number> {
  const { stopped, forced } = await clusterDown(ctx, { purge }, { info: (m) => void process.stdout.write(`${m}\n`), componentUp: () => undefined });
  process.stdout.write(
    `${stopped.length === 0 ? 'nothing was running' : `stopped ${stopped.length} components`}` +
      `${forced.length > 0 ? ` (${forced.join(', ')} needed SIGKILL)` : ''}${purge ? `; removed ${ctx.paths.root}` : ''}\n`,
  );
  return 0;
}
