import type { Pool } from 'mysql2/promise';
import { z } from 'zod';
import { NotFoundError } from '../errors/not-found.error.js';
import type { TenantConfigRow } from '../model/tenant.model.js';
import { nameSchema } from '../schemas/common.schema.js';
import { parseInput } from '../schemas/parse-input.js';
import { throwVersionMismatch, type AdminWriteRunner } from '../sql/admin-write.runner.js';
import { mapMysqlError } from '../sql/mysql-error.mapper.js';
import { executeWrite } from '../sql/sql-db.js';
import { loadTenant } from './tenant.rows.js';

const tenantSettingsSchema = z.object({ name: nameSchema, seatLimit: z.number().int().min(0).max(100_000) });

/**
 * The tenant's own editable settings (name, seat pool). Creating tenants and moving them
 * between resellers is a system-admin task, not modelled here yet.
 */
export class TenantRepository {
  constructor(
    private readonly pool: Pool,
    private readonly writes: AdminWriteRunner,
  ) {}

  async get(tenantId: string): Promise<TenantConfigRow> {
    let found: TenantConfigRow | null;
    try {
      found = await loadTenant(this.pool, tenantId);
    } catch (err) {
      throw mapMysqlError(err);
    }
    if (!found) throw new NotFoundError('tenant', tenantId);
    return found;
  }

  async update(tenantId: string, expectedVersion: number, input: unknown): Promise<TenantConfigRow> {
    const s = parseInput(tenantSettingsSchema, input);
    return this.writes.run(tenantId, async (conn) => {
      // The tenant is its own row: `tenant_id` of the shared check is `id` here.
      const res = await executeWrite(conn, 'UPDATE tenant SET name = ?, seat_limit = ?, version = version + 1 WHERE id = ? AND version = ?', [
        s.name, s.seatLimit, tenantId, expectedVersion,
      ]);
      if (res.affectedRows !== 1) await throwVersionMismatch(conn, '(SELECT id AS tenant_id, id, version FROM tenant) t', 'tenant', tenantId, tenantId, expectedVersion);
      const saved = await loadTenant(conn, tenantId);
      if (!saved) throw new NotFoundError('tenant', tenantId);
      return { result: saved, entity: 'tenant', id: tenantId, version: saved.version };
    });
  }
}
