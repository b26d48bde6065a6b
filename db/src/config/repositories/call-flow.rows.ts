import type { CallFlowDefinition } from '../call-flow/call-flow.schema.js';
import type { CallFlow } from '../model/call-flow.model.js';
import { idOf, selectRows, type SqlDb } from '../sql/sql-db.js';

/**
 * Loads call flows with their active revision's definition. The stored JSON passed the
 * schema when it was saved, so it is not re-validated on every load (MariaDB's JSON is
 * LONGTEXT and arrives as a string).
 */
export async function loadCallFlows(db: SqlDb, tenantId: string, callFlowId?: string): Promise<CallFlow[]> {
  const one = callFlowId !== undefined;
  const rows = await selectRows(
    db,
    `SELECT f.id, f.tenant_id, f.name, f.version, f.active_revision, r.definition
       FROM call_flow f
       JOIN call_flow_revision r ON r.call_flow_id = f.id AND r.revision = f.active_revision AND r.tenant_id = f.tenant_id
      WHERE f.tenant_id = ?${one ? ' AND f.id = ?' : ''}
      ORDER BY f.name`,
    one ? [tenantId, callFlowId] : [tenantId],
  );
  return rows.map((r) => {
    const raw: unknown = r['definition'];
    return {
      id: idOf(r['id']),
      tenantId: idOf(r['tenant_id']),
      name: String(r['name']),
      version: Number(r['version']),
      activeRevision: Number(r['active_revision']),
      definition: (typeof raw === 'string' ? JSON.parse(raw) : raw) as CallFlowDefinition,
    };
  });
}
