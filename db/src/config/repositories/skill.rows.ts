import type { Skill } from '../model/skill.model.js';
import { selectRows, type SqlDb } from '../sql/sql-db.js';
import { storedRowOf, tenantScope } from '../sql/tenant-rows.js';

export async function loadSkills(db: SqlDb, tenantId: string, id?: string): Promise<Skill[]> {
  const scope = tenantScope(tenantId, id);
  const rows = await selectRows(db, `SELECT id, tenant_id, name, version FROM skill WHERE ${scope.where} ORDER BY name`, scope.params);
  return rows.map((r) => ({ ...storedRowOf(r), name: String(r['name']) }));
}
