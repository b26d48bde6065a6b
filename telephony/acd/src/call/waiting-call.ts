/** Proficiency in a skill: 1 (basic) to 5 (expert). */
export type SkillLevel = 1 | 2 | 3 | 4 | 5;

/** A skill a call needs, at least at `level` (before relaxation over wait time). */
export interface RequiredSkill {
  readonly skill: string;
  readonly level: SkillLevel;
}

/**
 * A caller waiting in an ACD group. Only what routing needs: the call itself (media, dialogs)
 * lives in the telephony server, this is the queue entry the store keeps.
 */
export interface WaitingCall {
  readonly callId: string;
  readonly tenantId: string;
  readonly acdGroupId: string;
  /** Higher is served first. Set by the call flow (VIP callers, callbacks). */
  readonly priority: number;
  /**
   * When the caller entered the ACD (ms since epoch). Kept when an offer fails and the call goes
   * back to waiting, so a caller never loses their place because an agent did not answer.
   */
  readonly enqueuedAt: number;
  readonly requiredSkills: readonly RequiredSkill[];
}
