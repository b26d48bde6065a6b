import type { SkillLevel } from '../model/acd-group.model.js';
import type { Agent } from '../model/agent.model.js';
import { bool, groupBy, idOf, idOrNull, selectRows, type SqlDb } from '../sql/sql-db.js';
import { storedRowOf, tenantScope } from '../sql/tenant-rows.js';

/**
 * Loads a tenant's agents with their skills and ACD group memberships: all of them, or one.
 * Every query is scoped by tenant; children come in one query per table, not per agent.
 */
export async function loadAgents(db: SqlDb, tenantId: string, id?: string): Promise<Agent[]> {
  const scope = tenantScope(tenantId, id);
  const childScope = tenantScope(tenantId, id, 'agent_id');
  const agents = await selectRows(
    db,
    `SELECT id, tenant_id, user_account_id, display_name, extension, sip_device, active, version FROM agent WHERE ${scope.where} ORDER BY display_name, id`,
    scope.params,
  );
  if (agents.length === 0) return [];
  const skills = groupBy(
    await selectRows(db, `SELECT agent_id, skill_id, level FROM agent_skill WHERE ${childScope.where} ORDER BY skill_id`, childScope.params),
    'agent_id',
  );
  const memberships = groupBy(
    await selectRows(db, `SELECT agent_id, acd_group_id, penalty FROM acd_group_member WHERE ${childScope.where} ORDER BY penalty, acd_group_id`, childScope.params),
    'agent_id',
  );
  return agents.map((r) => {
    const agentId = idOf(r['id']);
    return {
      ...storedRowOf(r),
      userAccountId: idOrNull(r['user_account_id']),
      displayName: String(r['display_name']),
      extension: String(r['extension']),
      sipDevice: String(r['sip_device']),
      active: bool(r['active']),
      skills: (skills.get(agentId) ?? []).map((s) => ({ skillId: idOf(s['skill_id']), level: Number(s['level']) as SkillLevel })),
      memberships: (memberships.get(agentId) ?? []).map((m) => ({ acdGroupId: idOf(m['acd_group_id']), penalty: Number(m['penalty']) })),
    };
  });
}
