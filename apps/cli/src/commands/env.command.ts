import { dataTierEnv } from '@ringwell/db';
import type { ClusterContext } from '../cluster/cluster-context.js';

/** `ringwell env`: shell exports to reach this cluster's data tier from other tools. */
export function envCommand(ctx: ClusterContext): number {
  const env = {
    ...dataTierEnv(ctx.dataTier),
    RINGWELL_BASE_PORT: String(ctx.options.basePort),
    RINGWELL_STATE_DIR: ctx.paths.root,
  };
  for (const [k, v] of Object.entries(env)) process.stdout.write(`export ${k}='${v}'\n`);
  return 0;
}
