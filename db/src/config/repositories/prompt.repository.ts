import type { Pool } from 'mysql2/promise';
import { ValidationError } from '../errors/validation.error.js';
import type { PromptSettings } from '../model/prompt.model.js';
import { promptKeyTenant, promptSettingsSchema } from '../schemas/prompt.schema.js';
import type { AdminWriteRunner } from '../sql/admin-write.runner.js';
import { refuseIfCallFlowsUse } from './call-flow-usage.js';
import { DeletableTenantRowRepository } from './deletable-tenant-row.repository.js';
import { loadPrompts } from './prompt.rows.js';

/**
 * Prompts of a tenant: a name and a storage key into the tenant's own `prompts` folder (a key
 * into another tenant's folder is refused, so no tenant can play another's audio). Deleting a
 * prompt an ACD group or a call flow uses is refused (RW_ERR_IN_USE).
 */
export class PromptRepository extends DeletableTenantRowRepository<PromptSettings> {
  constructor(pool: Pool, writes: AdminWriteRunner) {
    super(pool, writes, {
      table: 'prompt',
      entity: 'prompt',
      schema: promptSettingsSchema,
      columns: ['name', 'storage_key', 'content_type'],
      values: (s) => [s.name, s.storageKey, s.contentType],
      load: loadPrompts,
      check: async (_conn, tenantId, s) => {
        if (promptKeyTenant(s.storageKey) !== tenantId) {
          throw new ValidationError([{ path: 'storageKey', message: `must be in this tenant's prompts folder (tenants/${tenantId}/prompts/...)` }]);
        }
      },
      checkDelete: (conn, tenantId, id) => refuseIfCallFlowsUse(conn, tenantId, 'promptIds', 'prompt', id),
    });
  }
}
