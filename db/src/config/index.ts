// Admin data model repositories and config cache (issue 3, part 4). See docs/data-model.md.

export { CONFIG_ERRORS, type ConfigErrorCode } from './errors/config-error.codes.js';
export { ConfigStoreError } from './errors/config-store.error.js';
export { ConfigUnavailableError } from './errors/config-unavailable.error.js';
export { DbUnavailableError, type WriteOutcome } from './errors/db-unavailable.error.js';
export { DuplicateError } from './errors/duplicate.error.js';
export { InUseError } from './errors/in-use.error.js';
export { InvalidReferenceError } from './errors/invalid-reference.error.js';
export { NotFoundError } from './errors/not-found.error.js';
export { ValidationError, type ValidationIssue } from './errors/validation.error.js';
export { VersionConflictError } from './errors/version-conflict.error.js';

export {
  ROUTING_STRATEGIES,
  SERVICE_LEVEL_VARIANTS,
  type AcdGroup,
  type AcdGroupAnnouncements,
  type AcdGroupRequiredSkill,
  type AcdGroupSettings,
  type OverflowTarget,
  type RoutingStrategy,
  type ServiceLevelVariant,
  type SkillLevel,
} from './model/acd-group.model.js';
export type { AcdGroupMembership, Agent, AgentSettings, AgentSkill } from './model/agent.model.js';
export type { CallFlow } from './model/call-flow.model.js';
export type { DispositionCode, DispositionCodeSettings } from './model/disposition-code.model.js';
export type { PauseReason, PauseReasonSettings } from './model/pause-reason.model.js';
export type { Prompt, PromptSettings } from './model/prompt.model.js';
export type {
  Holiday,
  HolidayCalendar,
  HolidayCalendarSettings,
  IsoWeekday,
  OpeningInterval,
  OpeningSchedule,
  OpeningScheduleSettings,
} from './model/schedule.model.js';
export type { Skill, SkillSettings } from './model/skill.model.js';
export type { StoredRow } from './model/stored-row.model.js';
export type { PhoneNumber } from './model/phone-number.model.js';
export type { TenantConfigRow } from './model/tenant.model.js';
export type { TenantConfig } from './model/tenant-config.model.js';
export { toAcdGroupRouting, type AcdGroupRoutingConfig } from './model/acd-group-routing.js';

export {
  callFlowDefinitionSchema,
  callFlowReferences,
  callFlowStepSchema,
  parseCallFlowDefinition,
  type CallFlowDefinition,
  type CallFlowReferences,
  type CallFlowStep,
} from './call-flow/call-flow.schema.js';
export { acdGroupSettingsSchema } from './schemas/acd-group.schema.js';
export { agentSettingsSchema } from './schemas/agent.schema.js';
export { promptKeyTenant, promptSettingsSchema } from './schemas/prompt.schema.js';
export { holidayCalendarSettingsSchema, openingScheduleSettingsSchema } from './schemas/schedule.schema.js';
export { configCodeSchema, dispositionCodeSettingsSchema, pauseReasonSettingsSchema, skillSettingsSchema } from './schemas/simple-config.schema.js';

export {
  CONFIG_CHANGED_CHANNEL,
  CONFIG_ENTITIES,
  parseConfigChange,
  type ConfigChange,
  type ConfigChangeNotifier,
  type ConfigEntity,
} from './notify/config-change.js';
export { RedisConfigChangeNotifier } from './notify/redis-config-change.notifier.js';

export { AdminWriteRunner, type NotifyFailureHandler, type WriteEffect } from './sql/admin-write.runner.js';
export { AcdGroupRepository } from './repositories/acd-group.repository.js';
export { AgentRepository } from './repositories/agent.repository.js';
export { CallFlowRepository } from './repositories/call-flow.repository.js';
export { DeletableTenantRowRepository } from './repositories/deletable-tenant-row.repository.js';
export { DispositionCodeRepository } from './repositories/disposition-code.repository.js';
export { HolidayCalendarRepository } from './repositories/holiday-calendar.repository.js';
export { OpeningScheduleRepository } from './repositories/opening-schedule.repository.js';
export { PauseReasonRepository } from './repositories/pause-reason.repository.js';
export { PromptRepository } from './repositories/prompt.repository.js';
export { SkillRepository } from './repositories/skill.repository.js';
export { TenantRowRepository, type TenantRowTable } from './repositories/tenant-row.repository.js';
export { PhoneNumberRepository } from './repositories/phone-number.repository.js';
export { TenantRepository } from './repositories/tenant.repository.js';

export { ConfigCache, type ConfigCacheEvents, type ConfigCacheOptions, type ConfigCacheStatus, type NumberRoute } from './cache/config.cache.js';
export { ConfigFileStore, type StoredConfig } from './cache/config-file.store.js';
export { MariaDbConfigSource, type ConfigSource } from './cache/config.source.js';
export { RedisConfigChangeFeed, type ConfigChangeFeed, type ConfigChangeHandlers } from './cache/config-change.feed.js';

export { DEMO_PHONE_NUMBER, seedDemoAcd } from './demo-acd.seed.js';
