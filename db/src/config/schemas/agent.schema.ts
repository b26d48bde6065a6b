import { z } from 'zod';
import type { SkillLevel } from '../model/acd-group.model.js';
import type { AgentSettings } from '../model/agent.model.js';
import { idSchema } from './common.schema.js';

/** Levels 1-5 (the CHECK of agent_skill), with a message that says so rather than "Invalid input". */
const LEVEL_MESSAGE = 'must be a skill level from 1 to 5';
const agentSkillLevelSchema = z
  .number(LEVEL_MESSAGE)
  .int(LEVEL_MESSAGE)
  .min(1, LEVEL_MESSAGE)
  .max(5, LEVEL_MESSAGE)
  .transform((l) => l as SkillLevel);

/** No id may appear twice in a list of child rows (the primary key would refuse it less clearly). */
const uniqueBy = <T>(key: (item: T) => string, what: string) => ({
  check: (items: readonly T[]) => new Set(items.map(key)).size === items.length,
  message: `${what} is listed twice`,
});

const skills = uniqueBy((s: { skillId: string }) => s.skillId, 'a skill');
const groups = uniqueBy((m: { acdGroupId: string }) => m.acdGroupId, 'an ACD group');

/** An agent as an admin submits it (create, or full replace on edit), with skills and memberships. */
export const agentSettingsSchema = z.object({
  userAccountId: idSchema.nullable().default(null),
  displayName: z.string().trim().min(1).max(200),
  extension: z.string().regex(/^[0-9]{1,32}$/, 'must be 1-32 digits'),
  sipDevice: z.string().regex(/^[A-Za-z0-9._~+-]{1,100}$/, 'must be 1-100 letters, digits or . _ ~ + -'),
  active: z.boolean().default(true),
  skills: z
    .array(z.object({ skillId: idSchema, level: agentSkillLevelSchema }))
    .max(100)
    .default([])
    .refine(skills.check, skills.message),
  memberships: z
    .array(z.object({ acdGroupId: idSchema, penalty: z.number().int().min(0).max(255).default(0) }))
    .max(200)
    .default([])
    .refine(groups.check, groups.message),
}) satisfies z.ZodType<AgentSettings, unknown>;
