import type { Pool } from 'mysql2/promise';
import type { AgentSettings } from '../model/agent.model.js';
import { agentSettingsSchema } from '../schemas/agent.schema.js';
import type { AdminWriteRunner } from '../sql/admin-write.runner.js';
import { replaceChildRows } from '../sql/child-rows.js';
import { requireTenantRows } from '../sql/tenant-references.js';
import { loadAgents } from './agent.rows.js';
import { DeletableTenantRowRepository } from './deletable-tenant-row.repository.js';

/**
 * Agents of a tenant with their skills (levels 1-5) and ACD group memberships (penalty).
 * Skills and memberships are child rows, replaced with the agent under its version. Every
 * skill, ACD group and login the agent names must be the tenant's own: checked first to name
 * the wrong ids, and refused by the composite foreign keys in any case. A taken extension,
 * SIP device or login is RW_ERR_DUPLICATE naming the key.
 */
export class AgentRepository extends DeletableTenantRowRepository<AgentSettings> {
  constructor(pool: Pool, writes: AdminWriteRunner) {
    super(pool, writes, {
      table: 'agent',
      entity: 'agent',
      schema: agentSettingsSchema,
      columns: ['user_account_id', 'display_name', 'extension', 'sip_device', 'active'],
      values: (s) => [s.userAccountId, s.displayName, s.extension, s.sipDevice, s.active],
      load: loadAgents,
      check: (conn, tenantId, s) =>
        requireTenantRows(conn, tenantId, 'agent', [
          { table: 'skill', label: 'skill', ids: s.skills.map((k) => k.skillId) },
          { table: 'acd_group', label: 'acd-group', ids: s.memberships.map((m) => m.acdGroupId) },
          { table: 'user_account', label: 'user-account', ids: s.userAccountId === null ? [] : [s.userAccountId] },
        ]),
      replaceChildren: async (conn, tenantId, id, s) => {
        await replaceChildRows(conn, 'agent_skill', 'agent_id', tenantId, id, ['skill_id', 'level'], s.skills.map((k) => [k.skillId, k.level]));
        await replaceChildRows(conn, 'acd_group_member', 'agent_id', tenantId, id, ['acd_group_id', 'penalty'], s.memberships.map((m) => [m.acdGroupId, m.penalty]));
      },
    });
  }
}
