import { AcdError } from './acd.error.js';

/**
 * A call of one tenant was about to reach an agent or a snapshot of another tenant. This is
 * always an adapter bug; failing loudly is the only safe answer in a multi-tenant system.
 */
export class TenantMismatchError extends AcdError {
  override readonly name = 'TenantMismatchError';
  readonly expectedTenantId: string;
  readonly actualTenantId: string;

  constructor(expectedTenantId: string, actualTenantId: string) {
    super('ACD_ERR_TENANT_MISMATCH', `expected tenant ${expectedTenantId}, got ${actualTenantId}`);
    this.expectedTenantId = expectedTenantId;
    this.actualTenantId = actualTenantId;
  }
}
