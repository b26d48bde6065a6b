import { z } from 'zod';
import type { DispositionCodeSettings } from '../model/disposition-code.model.js';
import type { PauseReasonSettings } from '../model/pause-reason.model.js';
import type { SkillSettings } from '../model/skill.model.js';
import { nameSchema } from './common.schema.js';

/**
 * A code stored in agent history and statistics (`pause_reason` VARCHAR(50)): lower case so
 * "Lunch" and "lunch" cannot become two codes that reports show apart.
 */
export const configCodeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'must be 1-50 lower-case letters, digits, "-" or "_", starting with a letter or digit');

const labelSchema = z.string().trim().min(1).max(100);

export const skillSettingsSchema = z.object({ name: nameSchema }) satisfies z.ZodType<SkillSettings, unknown>;

export const pauseReasonSettingsSchema = z.object({
  code: configCodeSchema,
  label: labelSchema,
  paid: z.boolean().default(false),
  maxSeconds: z.number().int().min(1).max(86_400).nullable().default(null),
  active: z.boolean().default(true),
}) satisfies z.ZodType<PauseReasonSettings, unknown>;

export const dispositionCodeSettingsSchema = z.object({
  code: configCodeSchema,
  label: labelSchema,
  active: z.boolean().default(true),
}) satisfies z.ZodType<DispositionCodeSettings, unknown>;
