import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { TenantFileKind } from '../storage-path.js';
import type { RetentionRule } from './retention.policy.js';

/** Rows of `storage_retention`: how many days a tenant keeps each kind of file. */
export class RetentionRuleRepository {
  constructor(private readonly pool: Pool) {}

  async list(tenantId?: number): Promise<RetentionRule[]> {
    const [rows] =
      tenantId === undefined
        ? await this.pool.query<RowDataPacket[]>('SELECT tenant_id, kind, keep_days FROM storage_retention ORDER BY tenant_id, kind')
        : await this.pool.execute<RowDataPacket[]>('SELECT tenant_id, kind, keep_days FROM storage_retention WHERE tenant_id = ? ORDER BY kind', [tenantId]);
    return rows.map((r) => ({ tenantId: Number(r['tenant_id']), kind: r['kind'] as TenantFileKind, keepDays: Number(r['keep_days']) }));
  }

  async set(rule: RetentionRule): Promise<void> {
    await this.pool.execute(
      `INSERT INTO storage_retention (tenant_id, kind, keep_days) VALUES (?, ?, ?)
       ON DUPLICATE KEY UPDATE keep_days = VALUES(keep_days), version = version + 1`,
      [rule.tenantId, rule.kind, rule.keepDays],
    );
  }

  async remove(tenantId: number, kind: TenantFileKind): Promise<void> {
    await this.pool.execute('DELETE FROM storage_retention WHERE tenant_id = ? AND kind = ?', [tenantId, kind]);
  }
}
