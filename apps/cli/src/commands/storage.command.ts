import { createDbPools } from '@ringwell/db';
import {
  RetentionRuleRepository,
  RetentionRunner,
  SmbStorageDriver,
  StoredFileRepository,
  formatRetentionReport,
  formatUsageReport,
  measureUsage,
} from '@ringwell/storage';
import type { ClusterContext } from '../cluster/cluster-context.js';

/** The cluster's share, reached the way every server reaches it: through HAProxy. */
function shareOf(ctx: ClusterContext): SmbStorageDriver {
  const t = ctx.topology;
  return new SmbStorageDriver({ host: t.haproxy.host, port: t.haproxy.smbPort, share: t.samba.share, user: t.samba.user, password: ctx.secrets.smbPassword });
}

/** `ringwell storage-usage`: used space per tenant and kind, and the recording projection at 110 MB per recorded hour. */
export async function storageUsageCommand(ctx: ClusterContext): Promise<number> {
  const share = shareOf(ctx);
  try {
    process.stdout.write(formatUsageReport(await measureUsage(share)));
    return 0;
  } finally {
    await share.close();
  }
}

/** `ringwell retention [--dry-run]`: applies every tenant's retention rules now (or only reports them). */
export async function retentionCommand(ctx: ClusterContext, dryRun: boolean): Promise<number> {
  const share = shareOf(ctx);
  const pools = createDbPools(ctx.dataTier, 2);
  try {
    const runner = new RetentionRunner(share, new RetentionRuleRepository(pools.master), new StoredFileRepository(pools.master));
    process.stdout.write(formatRetentionReport(await runner.run({ dryRun })));
    return 0;
  } finally {
    await share.close();
    await pools.end();
  }
}
