import type { Pool } from 'mysql2/promise';
import type { OpeningScheduleSettings } from '../model/schedule.model.js';
import { openingScheduleSettingsSchema } from '../schemas/schedule.schema.js';
import type { AdminWriteRunner } from '../sql/admin-write.runner.js';
import { replaceChildRows } from '../sql/child-rows.js';
import { requireTenantRows } from '../sql/tenant-references.js';
import { refuseIfCallFlowsUse } from './call-flow-usage.js';
import { DeletableTenantRowRepository } from './deletable-tenant-row.repository.js';
import { loadOpeningSchedules } from './opening-schedule.rows.js';

/**
 * Opening schedules (a week of intervals in an IANA zone, optionally with the tenant's holiday
 * calendar). Intervals are child rows replaced under the schedule's version. A schedule a call
 * flow's time-condition step names cannot be deleted (RW_ERR_IN_USE).
 */
export class OpeningScheduleRepository extends DeletableTenantRowRepository<OpeningScheduleSettings> {
  constructor(pool: Pool, writes: AdminWriteRunner) {
    super(pool, writes, {
      table: 'opening_schedule',
      entity: 'opening-schedule',
      schema: openingScheduleSettingsSchema,
      columns: ['name', 'time_zone', 'holiday_calendar_id'],
      values: (s) => [s.name, s.timeZone, s.holidayCalendarId],
      load: loadOpeningSchedules,
      check: (conn, tenantId, s) =>
        requireTenantRows(conn, tenantId, 'opening schedule', [
          { table: 'holiday_calendar', label: 'holiday-calendar', ids: s.holidayCalendarId === null ? [] : [s.holidayCalendarId] },
        ]),
      replaceChildren: (conn, tenantId, id, s) =>
        replaceChildRows(conn, 'opening_interval', 'opening_schedule_id', tenantId, id, ['weekday', 'opens_at', 'closes_at'], s.intervals.map((i) => [i.weekday, i.opensAt, i.closesAt])),
      checkDelete: (conn, tenantId, id) => refuseIfCallFlowsUse(conn, tenantId, 'openingScheduleIds', 'opening-schedule', id),
    });
  }
}
