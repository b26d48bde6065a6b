import type { Pool } from 'mysql2/promise';
import type { SkillSettings } from '../model/skill.model.js';
import { skillSettingsSchema } from '../schemas/simple-config.schema.js';
import type { AdminWriteRunner } from '../sql/admin-write.runner.js';
import { refuseIfCallFlowsUse } from './call-flow-usage.js';
import { DeletableTenantRowRepository } from './deletable-tenant-row.repository.js';
import { loadSkills } from './skill.rows.js';

/**
 * Skills of a tenant. Deleting one that an agent holds or an ACD group requires is refused by
 * the foreign keys (RW_ERR_IN_USE); one a call flow requires, by the flow check.
 */
export class SkillRepository extends DeletableTenantRowRepository<SkillSettings> {
  constructor(pool: Pool, writes: AdminWriteRunner) {
    super(pool, writes, {
      table: 'skill',
      entity: 'skill',
      schema: skillSettingsSchema,
      columns: ['name'],
      values: (s) => [s.name],
      load: loadSkills,
      checkDelete: (conn, tenantId, id) => refuseIfCallFlowsUse(conn, tenantId, 'skillIds', 'skill', id),
    });
  }
}
