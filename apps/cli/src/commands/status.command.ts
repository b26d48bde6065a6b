import type { ClusterContext } from '../cluster/cluster-context.js';
import { clusterStatus } from '../cluster/cluster.js';
import { statusTable } from '../output/format.js';

/** `ringwell status [--json]`: one row per component; exit code 3 if any is down. */
export async function statusCommand(ctx: ClusterContext, json: boolean): Promise<number> {
  const rows = await clusterStatus(ctx);
  if (json) {
    process.stdout.write(`${JSON.stringify(rows.map(({ name, status, role, port, pid }) => ({ name, status, role, port, pid })), null, 2)}\n`);
  } else {
    process.stdout.write(`${statusTable(rows)}\n`);
  }
  return rows.every((r) => r.status === 'up') ? 0 : 3;
}
