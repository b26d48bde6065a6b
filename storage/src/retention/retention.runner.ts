import type { StorageDriver } from '../drivers/storage.driver.js';
import { walkFiles } from '../drivers/storage.helpers.js';
import { keyPath } from '../storage-path.js';
import type { StorageKey, TenantFileKind } from '../storage-path.js';
import type { StoredFileRepository } from '../upload/stored-file.repository.js';
import { isExpired, retentionCutoff } from './retention.policy.js';
import type { RetentionRule } from './retention.policy.js';
import type { RetentionRuleRepository } from './retention-rule.repository.js';

export interface ExpiredFile {
  readonly path: string;
  readonly size: number;
  readonly modifiedAt: Date;
}

export interface RetentionRuleReport {
  readonly tenantId: number;
  readonly kind: TenantFileKind;
  readonly keepDays: number;
  readonly cutoff: Date;
  readonly expired: readonly ExpiredFile[];
  readonly bytes: number;
  /** How many were deleted: 0 in a dry run. */
  readonly deleted: number;
}

export interface RetentionReport {
  readonly dryRun: boolean;
  readonly at: Date;
  readonly rules: readonly RetentionRuleReport[];
}

/**
 * Applies each tenant's retention rules to the share. A dry run lists exactly
 * what a real run would delete. A real run deletes file by file and marks the
 * matching `stored_file` row `expired`; stopped half-way (the share went
 * away), it is simply run again.
 */
export class RetentionRunner {
  constructor(
    private readonly share: StorageDriver,
    private readonly rules: RetentionRuleRepository,
    private readonly files: StoredFileRepository,
  ) {}

  async run(options: { dryRun: boolean; now?: Date; tenantId?: number }): Promise<RetentionReport> {
    const now = options.now ?? new Date();
    const reports: RetentionRuleReport[] = [];
    for (const rule of await this.rules.list(options.tenantId)) reports.push(await this.apply(rule, now, options.dryRun));
    return { dryRun: options.dryRun, at: now, rules: reports };
  }

  private async apply(rule: RetentionRule, now: Date, dryRun: boolean): Promise<RetentionRuleReport> {
    const cutoff = retentionCutoff(rule, now);
    const expired: ExpiredFile[] = [];
    let deleted = 0;
    for await (const f of walkFiles(this.share, { scope: 'tenant', tenantId: rule.tenantId, kind: rule.kind })) {
      if (!isExpired(f, cutoff)) continue;
      const key: StorageKey = { scope: 'tenant', tenantId: rule.tenantId, kind: rule.kind, dir: f.dir, name: f.name };
      const path = keyPath(key);
      expired.push({ path, size: f.size, modifiedAt: f.modifiedAt });
      if (dryRun) continue;
      if (await this.share.delete(key)) deleted++;
      await this.files.markExpired(rule.tenantId, path);
    }
    return { ...rule, cutoff, expired, bytes: expired.reduce((n, f) => n + f.size, 0), deleted };
  }
}

/** The report as text lines for the CLI and the worker log. */
export function formatRetentionReport(r: RetentionReport): string {
  const lines = [`retention ${r.dryRun ? '(dry run) ' : ''}at ${r.at.toISOString()}`];
  if (r.rules.length === 0) lines.push('  no retention rules configured');
  for (const rule of r.rules) {
    lines.push(
      `  tenant ${rule.tenantId} ${rule.kind}: keep ${rule.keepDays} d (before ${rule.cutoff.toISOString()}): ` +
        `${rule.expired.length} files, ${(rule.bytes / 1e6).toFixed(1)} MB ${r.dryRun ? 'would be deleted' : `expired, ${rule.deleted} deleted`}`,
    );
    for (const f of rule.expired) lines.push(`    ${f.path}  ${f.size} B  ${f.modifiedAt.toISOString()}`);
  }
  return `${lines.join('\n')}\n`;
}
