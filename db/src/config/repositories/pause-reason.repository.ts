import type { Pool } from 'mysql2/promise';
import type { PauseReasonSettings } from '../model/pause-reason.model.js';
import { pauseReasonSettingsSchema } from '../schemas/simple-config.schema.js';
import type { AdminWriteRunner } from '../sql/admin-write.runner.js';
import { loadPauseReasons } from './pause-reason.rows.js';
import { TenantRowRepository } from './tenant-row.repository.js';

/**
 * Pause reasons of a tenant. No delete on purpose: agent history and statistics store the
 * `code`, so a reason is retired with `active: false` and old figures keep their meaning.
 */
export class PauseReasonRepository extends TenantRowRepository<PauseReasonSettings> {
  constructor(pool: Pool, writes: AdminWriteRunner) {
    super(pool, writes, {
      table: 'pause_reason',
      entity: 'pause-reason',
      schema: pauseReasonSettingsSchema,
      columns: ['code', 'label', 'paid', 'max_seconds', 'active'],
      values: (s) => [s.code, s.label, s.paid, s.maxSeconds, s.active],
      load: loadPauseReasons,
    });
  }
}
