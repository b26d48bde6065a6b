import { AcdError } from '@ringwell/acd';

/**
 * Redis keys of the ACD. Every key carries the tenant in a hash tag (`rw:{tenant}:...`), so a
 * tenant's keys share one slot and one Lua script may touch them all.
 */
export class AcdKeys {
  readonly prefix: string;
  constructor(readonly tenantId: string) {
    assertId('tenantId', tenantId);
    this.prefix = `rw:{${tenantId}}:acd:`;
  }
  agent(agentId: string): string { return `${this.prefix}agent:${agentId}`; }
  agentConfig(agentId: string): string { return `${this.prefix}agent:${agentId}:cfg`; }
  groupConfig(acdGroupId: string): string { return `${this.prefix}grp:${acdGroupId}:cfg`; }
  idleAgents(acdGroupId: string): string { return `${this.prefix}grp:${acdGroupId}:idle`; }
  waitingCalls(acdGroupId: string): string { return `${this.prefix}grp:${acdGroupId}:calls`; }
  call(callId: string): string { return `${this.prefix}call:${callId}`; }
  get offers(): string { return `${this.prefix}offers`; }
  get seats(): string { return `${this.prefix}seats`; }
  get agents(): string { return `${this.prefix}agents`; }
  get waitingGroups(): string { return `${this.prefix}waiting-groups`; }
  /** Incremented by every config write; the scripts' config cache follows it (see acd.lib.ts). */
  get configEpoch(): string { return `${this.prefix}cfg-epoch`; }
  get history(): string { return `${this.prefix}history`; }
  get events(): string { return `rw:{${this.tenantId}}:acd:events`; }
}

/** Ids end up inside keys and in the `a=1,b=2` lists the Lua scripts parse. */
const ID = /^[A-Za-z0-9_.-]{1,64}$/;

export class AcdStoreError extends Error {
  override readonly name = 'AcdStoreError';
  constructor(
    readonly code: 'RW_ERR_ACD_BAD_ID' | 'RW_ERR_ACD_BAD_CONFIG' | 'RW_ERR_ACD_CONFLICT' | 'RW_ERR_ACD_SEATS_FULL' | 'RW_ERR_ACD_NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}

/**
 * True for the errors an ACD write raises when another server settled the same thing first
 * (the call was answered, the offer expired, a version moved on): expected under concurrency,
 * not a fault. Reapers and event handlers skip these and go on.
 */
export function isSettledConcurrently(err: unknown): boolean {
  return err instanceof AcdStoreError || err instanceof AcdError;
}

export function assertId(field: string, value: string): void {
  if (!ID.test(value)) throw new AcdStoreError('RW_ERR_ACD_BAD_ID', `${field} must match ${ID.source}, got ${JSON.stringify(value)}`);
}
