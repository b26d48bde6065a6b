/** A tenant as the config cache and admin screens see it. */
export interface TenantConfigRow {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  /** The reseller tenant that manages this one; null for a direct customer. */
  readonly resellerTenantId: string | null;
  /** The most agents that may be logged in at once (enforced at login, in Redis). */
  readonly seatLimit: number;
  /** Bumped by every admin write of the tenant's configuration; the cache compares it. */
  readonly configVersion: number;
  readonly version: number;
}
