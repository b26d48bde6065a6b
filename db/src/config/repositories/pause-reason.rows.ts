import type { PauseReason } from '../model/pause-reason.model.js';
import { bool, numOrNull, selectRows, type SqlDb } from '../sql/sql-db.js';
import { storedRowOf, tenantScope } from '../sql/tenant-rows.js';

export async function loadPauseReasons(db: SqlDb, tenantId: string, id?: string): Promise<PauseReason[]> {
  const scope = tenantScope(tenantId, id);
  const rows = await selectRows(
    db,
    `SELECT id, tenant_id, code, label, paid, max_seconds, active, version FROM pause_reason WHERE ${scope.where} ORDER BY code`,
    scope.params,
  );
  return rows.map((r) => ({
    ...storedRowOf(r),
    code: String(r['code']),
    label: String(r['label']),
    paid: bool(r['paid']),
    maxSeconds: numOrNull(r['max_seconds']),
    active: bool(r['active']),
  }));
}
