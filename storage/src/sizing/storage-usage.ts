import type { StorageDriver } from '../drivers/storage.driver.js';
import { walkFiles } from '../drivers/storage.helpers.js';
import { SYSTEM_FILE_KINDS, TENANT_FILE_KINDS } from '../storage-path.js';
import type { SystemFileKind, TenantFileKind } from '../storage-path.js';
import { projectRecordings } from './recording.projection.js';
import type { RecordingProjection } from './recording.projection.js';

export interface UsageRow {
  /** null for `system/`. */
  readonly tenantId: number | null;
  readonly kind: TenantFileKind | SystemFileKind;
  readonly files: number;
  readonly bytes: number;
  /** Bytes of files modified within the sample window (the current rate). */
  readonly recentBytes: number;
}

export interface UsageReport {
  readonly at: Date;
  readonly windowDays: number;
  readonly rows: readonly UsageRow[];
  /** Per tenant with recordings: the projection at its current recording rate. */
  readonly recordings: ReadonlyArray<{ readonly tenantId: number; readonly projection: RecordingProjection }>;
}

/**
 * Walks the share once: used space per tenant and kind, plus what each tenant
 * recorded over the last `windowDays` days, projected forward.
 */
export async function measureUsage(share: StorageDriver, options: { now?: Date; windowDays?: number } = {}): Promise<UsageReport> {
  const now = options.now ?? new Date();
  const windowDays = options.windowDays ?? 7;
  const since = now.getTime() - windowDays * 86_400_000;
  const rows: UsageRow[] = [];
  const sum = async (tenantId: number | null, kind: TenantFileKind | SystemFileKind): Promise<void> => {
    let files = 0;
    let bytes = 0;
    let recentBytes = 0;
    const walk =
      tenantId === null
        ? walkFiles(share, { scope: 'system', kind: kind as SystemFileKind })
        : walkFiles(share, { scope: 'tenant', tenantId, kind: kind as TenantFileKind });
    for await (const f of walk) {
      files++;
      bytes += f.size;
      if (f.modifiedAt.getTime() >= since) recentBytes += f.size;
    }
    if (files > 0) rows.push({ tenantId, kind, files, bytes, recentBytes });
  };
  const tenantIds = (await share.list({ scope: 'tenants' }))
    .filter((e) => e.type === 'dir' && /^[1-9][0-9]{0,15}$/.test(e.name))
    .map((e) => Number(e.name))
    .sort((a, b) => a - b);
  for (const id of tenantIds) for (const kind of TENANT_FILE_KINDS) await sum(id, kind);
  for (const kind of SYSTEM_FILE_KINDS) await sum(null, kind);
  const recordings = rows
    .filter((r): r is UsageRow & { tenantId: number } => r.kind === 'recordings' && r.tenantId !== null)
    .map((r) => ({ tenantId: r.tenantId, projection: projectRecordings(r.recentBytes, windowDays) }));
  return { at: now, windowDays, rows, recordings };
}

const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;

/** The report as a table for `ringwell storage-usage`. */
export function formatUsageReport(r: UsageReport): string {
  const lines = [`storage usage at ${r.at.toISOString()}`, 'scope        kind            files        used  last ' + `${r.windowDays} d`];
  let total = 0;
  for (const row of r.rows) {
    total += row.bytes;
    const scope = row.tenantId === null ? 'system' : `tenant ${row.tenantId}`;
    lines.push(`${scope.padEnd(12)} ${row.kind.padEnd(13)} ${String(row.files).padStart(7)} ${mb(row.bytes).padStart(11)} ${mb(row.recentBytes).padStart(10)}`);
  }
  lines.push(`total${' '.repeat(29)}${mb(total).padStart(11)}`);
  for (const { tenantId, projection: p } of r.recordings) {
    const growth = p.growth.map((g) => `+${mb(g.bytes)} in ${g.days} d`).join(', ');
    lines.push(
      `tenant ${tenantId} recordings: ${mb(p.bytesPerDay)}/day = ${p.hoursPerDay.toFixed(2)} recorded h/day at 110 MB/h; projection: ${growth}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
