import type { Prompt } from '../model/prompt.model.js';
import { selectRows, type SqlDb } from '../sql/sql-db.js';
import { storedRowOf, tenantScope } from '../sql/tenant-rows.js';

export async function loadPrompts(db: SqlDb, tenantId: string, id?: string): Promise<Prompt[]> {
  const scope = tenantScope(tenantId, id);
  const rows = await selectRows(db, `SELECT id, tenant_id, name, storage_key, content_type, version FROM prompt WHERE ${scope.where} ORDER BY name`, scope.params);
  return rows.map((r) => ({ ...storedRowOf(r), name: String(r['name']), storageKey: String(r['storage_key']), contentType: String(r['content_type']) }));
}
