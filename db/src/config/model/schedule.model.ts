import type { StoredRow } from './stored-row.model.js';

/** ISO weekday: 1 = Monday .. 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One opening interval of a weekday, wall-clock `HH:MM` in the schedule's time zone; `closesAt` may be `24:00`. */
export interface OpeningInterval {
  readonly weekday: IsoWeekday;
  readonly opensAt: string;
  readonly closesAt: string;
}

/** A week of opening hours in an IANA time zone, optionally overridden by a holiday calendar. */
export interface OpeningScheduleSettings {
  readonly name: string;
  readonly timeZone: string;
  readonly holidayCalendarId: string | null;
  readonly intervals: readonly OpeningInterval[];
}

export type OpeningSchedule = StoredRow<OpeningScheduleSettings>;

/** A date that overrides the week: closed all day (both times null) or open only in its interval. */
export interface Holiday {
  /** `YYYY-MM-DD`, a calendar date in the schedule's time zone. */
  readonly date: string;
  readonly name: string;
  readonly opensAt: string | null;
  readonly closesAt: string | null;
}

export interface HolidayCalendarSettings {
  readonly name: string;
  readonly holidays: readonly Holiday[];
}

export type HolidayCalendar = StoredRow<HolidayCalendarSettings>;
