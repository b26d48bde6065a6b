import { TenantRowRepository } from './tenant-row.repository.js';

/** A {@link TenantRowRepository} whose rows may be deleted (version-checked, like edits). */
export class DeletableTenantRowRepository<TSettings> extends TenantRowRepository<TSettings> {
  async delete(tenantId: string, id: string, expectedVersion: number): Promise<void> {
    await this.deleteRow(tenantId, id, expectedVersion);
  }
}
