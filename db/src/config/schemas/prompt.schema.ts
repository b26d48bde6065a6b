import { z } from 'zod';
import type { PromptSettings } from '../model/prompt.model.js';
import { nameSchema } from './common.schema.js';

/** One path segment as @ringwell/storage accepts it (`checkSegment`): no separators, no `..`. */
const SEGMENT = '[A-Za-z0-9][A-Za-z0-9._-]{0,127}';
const PROMPT_KEY = new RegExp(`^tenants/([1-9][0-9]{0,15})/prompts/(?:${SEGMENT}/)*${SEGMENT}$`);

/** The tenant a prompt storage key belongs to, or null when it is no key of a tenant's prompts folder. */
export function promptKeyTenant(storageKey: string): string | null {
  if (storageKey.includes('..')) return null;
  return PROMPT_KEY.exec(storageKey)?.[1] ?? null;
}

/**
 * A prompt as an admin submits it. The key's shape is checked here; that it lies in the
 * writing tenant's folder is checked by the repository (the schema does not know the tenant).
 */
export const promptSettingsSchema = z.object({
  name: nameSchema,
  storageKey: z
    .string()
    .max(500)
    .refine((k) => promptKeyTenant(k) !== null, 'must be a key in a tenant\'s prompts folder, e.g. tenants/7/prompts/welcome.wav'),
  contentType: z
    .string()
    .regex(/^audio\/[a-z0-9.+-]{1,90}$/, 'must be an audio media type such as audio/wav')
    .default('audio/wav'),
}) satisfies z.ZodType<PromptSettings, unknown>;
