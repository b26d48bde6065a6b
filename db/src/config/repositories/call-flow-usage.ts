import type { PoolConnection } from 'mysql2/promise';
import { callFlowReferences, type CallFlowReferences } from '../call-flow/call-flow.schema.js';
import { InUseError } from '../errors/in-use.error.js';
import { loadCallFlows } from './call-flow.rows.js';

/**
 * Refuses to delete a row that a call flow's active revision names. Flows are JSON, so no
 * foreign key can do this; without the check a deleted prompt or schedule would surface only
 * when a caller reaches that step.
 */
export async function refuseIfCallFlowsUse(
  conn: PoolConnection,
  tenantId: string,
  key: keyof CallFlowReferences,
  label: string,
  id: string,
): Promise<void> {
  const flows = await loadCallFlows(conn, tenantId);
  const users = flows.filter((f) => callFlowReferences(f.definition)[key].includes(id)).map((f) => f.name);
  if (users.length > 0) throw new InUseError(`${label} ${id} is used by call flow ${users.map((n) => JSON.stringify(n)).join(', ')}`);
}
