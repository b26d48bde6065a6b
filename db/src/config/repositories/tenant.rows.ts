import type { RowDataPacket } from 'mysql2/promise';
import type { TenantConfigRow } from '../model/tenant.model.js';
import { idOf, idOrNull, selectRows, type SqlDb } from '../sql/sql-db.js';

const SELECT = 'SELECT id, slug, name, reseller_tenant_id, seat_limit, config_version, version FROM tenant';

function toTenant(r: RowDataPacket): TenantConfigRow {
  return {
    id: idOf(r['id']),
    slug: String(r['slug']),
    name: String(r['name']),
    resellerTenantId: idOrNull(r['reseller_tenant_id']),
    seatLimit: Number(r['seat_limit']),
    configVersion: Number(r['config_version']),
    version: Number(r['version']),
  };
}

export async function loadTenants(db: SqlDb): Promise<TenantConfigRow[]> {
  return (await selectRows(db, `${SELECT} ORDER BY id`, [])).map(toTenant);
}

export async function loadTenant(db: SqlDb, tenantId: string): Promise<TenantConfigRow | null> {
  const [row] = await selectRows(db, `${SELECT} WHERE id = ?`, [tenantId]);
  return row ? toTenant(row) : null;
}
