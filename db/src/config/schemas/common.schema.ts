import { z } from 'zod';

/** A row id as the API and the ACD domain carry it: a decimal string. */
export const idSchema = z.string().regex(/^[1-9]\d{0,18}$/, 'must be a row id');

/** E.164 with the leading + (the same rule as the database check). */
export const e164Schema = z.string().regex(/^\+[1-9]\d{5,14}$/, 'must be an E.164 number such as +4930123456');

export const nameSchema = z.string().trim().min(1).max(100);

export const skillLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

/** Non-negative whole seconds up to a bound (the column's range). */
export const secondsSchema = (max: number) => z.number().int().min(0).max(max);
