import type { AcdGroup } from './acd-group.model.js';
import type { CallFlow } from './call-flow.model.js';
import type { PhoneNumber } from './phone-number.model.js';
import type { TenantConfigRow } from './tenant.model.js';

/**
 * One tenant's configuration as a telephony or web server serves it: loaded together from one
 * consistent read, replaced together on a change, so a call never sees a group from one
 * version and a flow from another.
 */
export interface TenantConfig {
  readonly tenant: TenantConfigRow;
  readonly acdGroups: readonly AcdGroup[];
  readonly callFlows: readonly CallFlow[];
  readonly phoneNumbers: readonly PhoneNumber[];
}
