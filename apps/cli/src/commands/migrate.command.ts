import type { ClusterContext } from '../cluster/cluster-context.js';
import { runMigrations } from '../cluster/schema.step.js';

/** `ringwell migrate`: apply pending migrations through db-master. */
export async function migrateCommand(ctx: ClusterContext): Promise<number> {
  const res = await runMigrations(ctx);
  process.stdout.write(
    res.applied.length > 0 ? `applied: ${res.applied.join(', ')}\n` : `schema up to date (${res.alreadyApplied} migrations)\n`,
  );
  return 0;
}
