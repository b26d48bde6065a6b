import type { TenantFileKind } from '../storage-path.js';

/** "Delete a tenant's files of this kind once they are older than keepDays." */
export interface RetentionRule {
  readonly tenantId: number;
  readonly kind: TenantFileKind;
  readonly keepDays: number;
}

const DAY_MS = 86_400_000;

/** Files modified before this instant are expired under the rule. */
export function retentionCutoff(rule: RetentionRule, now: Date): Date {
  if (!Number.isInteger(rule.keepDays) || rule.keepDays < 1) throw new RangeError(`keepDays must be a positive integer, got ${rule.keepDays}`);
  return new Date(now.getTime() - rule.keepDays * DAY_MS);
}

/**
 * Age is the file's modification time on the share: for a recording that is
 * when its upload finished, never earlier than the call, so a late upload is
 * kept longer, never shorter.
 */
export function isExpired(file: { readonly modifiedAt: Date }, cutoff: Date): boolean {
  return file.modifiedAt.getTime() < cutoff.getTime();
}
