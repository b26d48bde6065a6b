import type { DispositionCode } from '../model/disposition-code.model.js';
import { bool, selectRows, type SqlDb } from '../sql/sql-db.js';
import { storedRowOf, tenantScope } from '../sql/tenant-rows.js';

export async function loadDispositionCodes(db: SqlDb, tenantId: string, id?: string): Promise<DispositionCode[]> {
  const scope = tenantScope(tenantId, id);
  const rows = await selectRows(db, `SELECT id, tenant_id, code, label, active, version FROM disposition_code WHERE ${scope.where} ORDER BY code`, scope.params);
  return rows.map((r) => ({ ...storedRowOf(r), code: String(r['code']), label: String(r['label']), active: bool(r['active']) }));
}
