import type { SkillLevel } from './acd-group.model.js';
import type { StoredRow } from './stored-row.model.js';

/** A skill the agent holds (`agent_skill`); matched against `AcdGroupRequiredSkill` by `skillId`. */
export interface AgentSkill {
  readonly skillId: string;
  readonly level: SkillLevel;
}

/**
 * The agent's membership of an ACD group (`acd_group_member`). Same shape as the domain's
 * `AcdGroupMembership`: lower penalty is offered calls first, strict tiers.
 */
export interface AcdGroupMembership {
  readonly acdGroupId: string;
  readonly penalty: number;
}

/** What an admin edits: the agent, its skills and memberships (child rows, replaced together). */
export interface AgentSettings {
  /** The login (user_account) of the same tenant; null: an agent without a portal login. */
  readonly userAccountId: string | null;
  readonly displayName: string;
  /** Internal number, unique in the tenant. */
  readonly extension: string;
  /** SIP user the agent's phone registers as, unique in the tenant. */
  readonly sipDevice: string;
  readonly active: boolean;
  readonly skills: readonly AgentSkill[];
  readonly memberships: readonly AcdGroupMembership[];
}

export type Agent = StoredRow<AgentSettings>;
