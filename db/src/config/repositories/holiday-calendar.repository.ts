import type { Pool } from 'mysql2/promise';
import type { HolidayCalendarSettings } from '../model/schedule.model.js';
import { holidayCalendarSettingsSchema } from '../schemas/schedule.schema.js';
import type { AdminWriteRunner } from '../sql/admin-write.runner.js';
import { replaceChildRows } from '../sql/child-rows.js';
import { DeletableTenantRowRepository } from './deletable-tenant-row.repository.js';
import { loadHolidayCalendars } from './holiday-calendar.rows.js';

/**
 * Holiday calendars: dates closed all day or open only in their interval. Holidays are child
 * rows replaced under the calendar's version. Deleting a calendar a schedule uses is refused by
 * the foreign key (RW_ERR_IN_USE `fk_opening_schedule_calendar`).
 */
export class HolidayCalendarRepository extends DeletableTenantRowRepository<HolidayCalendarSettings> {
  constructor(pool: Pool, writes: AdminWriteRunner) {
    super(pool, writes, {
      table: 'holiday_calendar',
      entity: 'holiday-calendar',
      schema: holidayCalendarSettingsSchema,
      columns: ['name'],
      values: (s) => [s.name],
      load: loadHolidayCalendars,
      replaceChildren: (conn, tenantId, id, s) =>
        replaceChildRows(conn, 'holiday', 'holiday_calendar_id', tenantId, id, ['holiday_date', 'name', 'opens_at', 'closes_at'], s.holidays.map((h) => [h.date, h.name, h.opensAt, h.closesAt])),
    });
  }
}
