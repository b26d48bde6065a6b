import type { RowDataPacket } from 'mysql2/promise';
import { idOf, type SqlParam } from './sql-db.js';

/** A WHERE clause (without the keyword) that scopes a query to a tenant, and optionally one parent row. */
export interface TenantScope {
  readonly where: string;
  readonly params: SqlParam[];
}

/**
 * Every loader reads either all rows of a tenant or one row (and its children): one place
 * builds that filter, so no query can forget the tenant. `idColumn` is a constant of the
 * caller (`id` on a parent table, `agent_id` on its child rows), never input.
 */
export function tenantScope(tenantId: string, id?: string, idColumn = 'id'): TenantScope {
  return id === undefined ? { where: 'tenant_id = ?', params: [tenantId] } : { where: `tenant_id = ? AND ${idColumn} = ?`, params: [tenantId, id] };
}

/** The columns every admin row has, as the model carries them. */
export function storedRowOf(r: RowDataPacket): { id: string; tenantId: string; version: number } {
  return { id: idOf(r['id']), tenantId: idOf(r['tenant_id']), version: Number(r['version']) };
}
