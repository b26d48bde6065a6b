import type { z } from 'zod';
import { ValidationError } from '../errors/validation.error.js';

/**
 * Validates an admin payload at the boundary: the typed value, or a `ValidationError` naming
 * every wrong field by its dotted path (what the API answers 400 with).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
}
