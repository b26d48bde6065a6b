import { z } from 'zod';
import { ROUTING_STRATEGIES, SERVICE_LEVEL_VARIANTS, type AcdGroupSettings } from '../model/acd-group.model.js';
import { e164Schema, idSchema, nameSchema, secondsSchema, skillLevelSchema } from './common.schema.js';

const SMALLINT = 65535;

const overflowSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('acd-group'), acdGroupId: idSchema }),
  z.object({ type: z.literal('call-flow'), callFlowId: idSchema }),
  z.object({ type: z.literal('voicemail'), voicemailBox: z.string().trim().min(1).max(100) }),
  z.object({ type: z.literal('external-number'), number: e164Schema }),
]);

const announcementsSchema = z
  .object({
    musicOnHoldPromptId: idSchema.nullable().default(null),
    periodicPromptId: idSchema.nullable().default(null),
    periodicIntervalSeconds: z.number().int().min(5).max(SMALLINT).nullable().default(null),
    announcePosition: z.boolean().default(false),
    announceEstimatedWait: z.boolean().default(false),
    positionIntervalSeconds: z.number().int().min(5).max(SMALLINT).nullable().default(null),
  })
  .refine((a) => (a.periodicPromptId === null) === (a.periodicIntervalSeconds === null), {
    message: 'periodicPromptId and periodicIntervalSeconds are set together',
    path: ['periodicIntervalSeconds'],
  });

/**
 * An ACD group as an admin submits it (create, or full replace on edit). Defaults are the
 * database defaults, so an omitted field means the same through the API and in SQL.
 */
export const acdGroupSettingsSchema = z
  .object({
    name: nameSchema,
    strategy: z.enum(ROUTING_STRATEGIES).default('longest-idle'),
    ringTimeoutSeconds: z.number().int().min(1).max(600).default(20),
    wrapUpSeconds: secondsSchema(3600).default(0),
    maxWaitSeconds: z.number().int().min(1).max(86_400).nullable().default(null),
    maxQueueLength: z.number().int().min(1).max(100_000).nullable().default(null),
    overflow: overflowSchema.nullable().default(null),
    announcements: announcementsSchema.default({
      musicOnHoldPromptId: null,
      periodicPromptId: null,
      periodicIntervalSeconds: null,
      announcePosition: false,
      announceEstimatedWait: false,
      positionIntervalSeconds: null,
    }),
    serviceLevelThresholdSeconds: z.number().int().min(1).max(3600).default(20),
    serviceLevelVariant: z.enum(SERVICE_LEVEL_VARIANTS).default('abandons-count-against'),
    shortAbandonSeconds: secondsSchema(600).default(5),
    recordingEnabled: z.boolean().default(false),
    priority: z.number().int().min(-1000).max(1000).default(0),
    skillRelaxation: z
      .array(z.object({ afterSeconds: z.number().int().min(0).max(86_400), relaxBy: z.number().int().min(1).max(4) }))
      .max(20)
      .default([])
      .refine((steps) => new Set(steps.map((s) => s.afterSeconds)).size === steps.length, 'two steps share afterSeconds'),
    requiredSkills: z
      .array(z.object({ skillId: idSchema, level: skillLevelSchema }))
      .max(50)
      .default([])
      .refine((skills) => new Set(skills.map((s) => s.skillId)).size === skills.length, 'a skill is listed twice'),
  })
  .refine((g) => g.overflow === null || g.maxWaitSeconds !== null || g.maxQueueLength !== null, {
    message: 'an overflow target needs maxWaitSeconds or maxQueueLength to trigger it',
    path: ['overflow'],
  }) satisfies z.ZodType<AcdGroupSettings, unknown>;
