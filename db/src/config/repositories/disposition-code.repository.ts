import type { Pool } from 'mysql2/promise';
import type { DispositionCodeSettings } from '../model/disposition-code.model.js';
import { dispositionCodeSettingsSchema } from '../schemas/simple-config.schema.js';
import type { AdminWriteRunner } from '../sql/admin-write.runner.js';
import { loadDispositionCodes } from './disposition-code.rows.js';
import { TenantRowRepository } from './tenant-row.repository.js';

/** Disposition codes of a tenant; like pause reasons, retired with `active: false`, never deleted. */
export class DispositionCodeRepository extends TenantRowRepository<DispositionCodeSettings> {
  constructor(pool: Pool, writes: AdminWriteRunner) {
    super(pool, writes, {
      table: 'disposition_code',
      entity: 'disposition-code',
      schema: dispositionCodeSettingsSchema,
      columns: ['code', 'label', 'active'],
      values: (s) => [s.code, s.label, s.active],
      load: loadDispositionCodes,
    });
  }
}
