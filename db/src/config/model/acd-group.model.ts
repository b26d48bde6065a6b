/**
 * The ACD group as the admin data model stores it. Names and unions match @ringwell/acd
 * (`RoutingStrategy`, `ServiceLevelVariant`, `SkillRelaxationStep`, `RequiredSkill`), so the
 * config cache hands the router exactly what `AcdGroupRouting` needs.
 */
export type RoutingStrategy = 'longest-idle' | 'round-robin' | 'ring-all' | 'skills-based';
export const ROUTING_STRATEGIES = ['longest-idle', 'round-robin', 'ring-all', 'skills-based'] as const satisfies readonly RoutingStrategy[];

export type ServiceLevelVariant = 'abandons-count-against' | 'abandons-ignored' | 'short-abandons-ignored';
export const SERVICE_LEVEL_VARIANTS = ['abandons-count-against', 'abandons-ignored', 'short-abandons-ignored'] as const satisfies readonly ServiceLevelVariant[];

export type SkillLevel = 1 | 2 | 3 | 4 | 5;

/** Where a caller goes when the group's max wait or max queue length is exceeded. */
export type OverflowTarget =
  | { readonly type: 'acd-group'; readonly acdGroupId: string }
  | { readonly type: 'call-flow'; readonly callFlowId: string }
  | { readonly type: 'voicemail'; readonly voicemailBox: string }
  | { readonly type: 'external-number'; readonly number: string };

export interface AcdGroupAnnouncements {
  readonly musicOnHoldPromptId: string | null;
  /** Played every `periodicIntervalSeconds` while waiting; both set or both null. */
  readonly periodicPromptId: string | null;
  readonly periodicIntervalSeconds: number | null;
  readonly announcePosition: boolean;
  readonly announceEstimatedWait: boolean;
  /** How often position / estimated wait repeat; null: once, on entry. */
  readonly positionIntervalSeconds: number | null;
}

/** A skill every call entering the group needs; `skillId` is the `skill` the router matches. */
export interface AcdGroupRequiredSkill {
  readonly skillId: string;
  readonly level: SkillLevel;
}

/** What an admin edits. */
export interface AcdGroupSettings {
  readonly name: string;
  readonly strategy: RoutingStrategy;
  readonly ringTimeoutSeconds: number;
  readonly wrapUpSeconds: number;
  readonly maxWaitSeconds: number | null;
  readonly maxQueueLength: number | null;
  readonly overflow: OverflowTarget | null;
  readonly announcements: AcdGroupAnnouncements;
  readonly serviceLevelThresholdSeconds: number;
  readonly serviceLevelVariant: ServiceLevelVariant;
  readonly shortAbandonSeconds: number;
  readonly recordingEnabled: boolean;
  /** Base priority of calls entering the group (`WaitingCall.priority`). */
  readonly priority: number;
  readonly skillRelaxation: ReadonlyArray<{ readonly afterSeconds: number; readonly relaxBy: number }>;
  readonly requiredSkills: readonly AcdGroupRequiredSkill[];
}

export interface AcdGroup extends AcdGroupSettings {
  readonly id: string;
  readonly tenantId: string;
  /** Optimistic-concurrency version: send it back with an edit. */
  readonly version: number;
}
