import { z } from 'zod';
import type { HolidayCalendarSettings, IsoWeekday, OpeningScheduleSettings } from '../model/schedule.model.js';
import { idSchema, nameSchema } from './common.schema.js';

/** Wall-clock `HH:MM`; zero-padded, so string order is time order. */
const opensAtSchema = z.string().regex(/^(?:[01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time HH:MM from 00:00 to 23:59');
/** A closing time may be `24:00` (open until midnight; TIME holds it, and opens_at < closes_at needs it). */
const closesAtSchema = z.string().regex(/^(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/, 'must be a time HH:MM from 00:01 to 24:00');

/** Whether the runtime's ICU knows the zone (the same check the router's clock will apply). */
function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch (err) {
    void err; // RangeError: unknown zone, reported through the schema issue
    return false;
  }
}

const weekdaySchema = z
  .number()
  .int()
  .min(1, 'must be an ISO weekday 1 (Monday) to 7 (Sunday)')
  .max(7, 'must be an ISO weekday 1 (Monday) to 7 (Sunday)')
  .transform((d) => d as IsoWeekday);

/**
 * Whether an interval ends after it starts. A malformed time already has its own issue, so it
 * is not compared too (zod still runs refinements after field issues; "9:00" sorts after "17:00").
 */
function endsAfterStart(opensAt: string, closesAt: string): boolean {
  if (!opensAtSchema.safeParse(opensAt).success || !closesAtSchema.safeParse(closesAt).success) return true;
  return opensAt < closesAt;
}

const intervalSchema = z
  .object({ weekday: weekdaySchema, opensAt: opensAtSchema, closesAt: closesAtSchema })
  .refine((i) => endsAfterStart(i.opensAt, i.closesAt), { message: 'must be later than opensAt', path: ['closesAt'] });

/** The index of the first interval that overlaps an earlier one of the same weekday, or -1. */
function firstOverlap(intervals: ReadonlyArray<z.output<typeof intervalSchema>>): number {
  return intervals.findIndex((a, i) => intervals.some((b, j) => j < i && a.weekday === b.weekday && a.opensAt < b.closesAt && b.opensAt < a.closesAt));
}

export const openingScheduleSettingsSchema = z
  .object({
    name: nameSchema,
    timeZone: z.string().max(64).refine(isIanaZone, 'must be an IANA time zone such as Europe/Berlin'),
    holidayCalendarId: idSchema.nullable().default(null),
    intervals: z.array(intervalSchema).max(7 * 24).default([]),
  })
  .superRefine((s, ctx) => {
    const i = firstOverlap(s.intervals);
    if (i >= 0) ctx.addIssue({ code: 'custom', message: 'overlaps another interval of the same weekday', path: ['intervals', i] });
  }) satisfies z.ZodType<OpeningScheduleSettings, unknown>;

/** A real calendar date `YYYY-MM-DD` (2025-02-30 is refused, not rolled over). */
const dateSchema = z.string().refine((d) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d);
}, 'must be a date YYYY-MM-DD');

const holidaySchema = z
  .object({
    date: dateSchema,
    name: nameSchema,
    opensAt: opensAtSchema.nullable().default(null),
    closesAt: closesAtSchema.nullable().default(null),
  })
  .superRefine((h, ctx) => {
    if ((h.opensAt === null) !== (h.closesAt === null)) {
      ctx.addIssue({ code: 'custom', message: 'opensAt and closesAt are set together (both null: closed all day)', path: ['closesAt'] });
    } else if (h.opensAt !== null && h.closesAt !== null && !endsAfterStart(h.opensAt, h.closesAt)) {
      ctx.addIssue({ code: 'custom', message: 'must be later than opensAt', path: ['closesAt'] });
    }
  });

export const holidayCalendarSettingsSchema = z.object({
  name: nameSchema,
  holidays: z
    .array(holidaySchema)
    .max(1000)
    .default([])
    .refine((hs) => new Set(hs.map((h) => h.date)).size === hs.length, 'a date is listed twice'),
}) satisfies z.ZodType<HolidayCalendarSettings, unknown>;
