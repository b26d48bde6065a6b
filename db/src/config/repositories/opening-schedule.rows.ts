import type { IsoWeekday, OpeningSchedule } from '../model/schedule.model.js';
import { groupBy, idOf, idOrNull, selectRows, type SqlDb } from '../sql/sql-db.js';
import { storedRowOf, tenantScope } from '../sql/tenant-rows.js';

/**
 * Loads opening schedules with their intervals. Times are formatted by MariaDB (`HH:MM`, and
 * `24:00` stays `24:00`), so neither mysql2 nor the process time zone touches them.
 */
export async function loadOpeningSchedules(db: SqlDb, tenantId: string, id?: string): Promise<OpeningSchedule[]> {
  const scope = tenantScope(tenantId, id);
  const childScope = tenantScope(tenantId, id, 'opening_schedule_id');
  const schedules = await selectRows(
    db,
    `SELECT id, tenant_id, name, time_zone, holiday_calendar_id, version FROM opening_schedule WHERE ${scope.where} ORDER BY name`,
    scope.params,
  );
  if (schedules.length === 0) return [];
  const intervals = groupBy(
    await selectRows(
      db,
      `SELECT opening_schedule_id, weekday, TIME_FORMAT(opens_at, '%H:%i') AS opens_at, TIME_FORMAT(closes_at, '%H:%i') AS closes_at
         FROM opening_interval WHERE ${childScope.where} ORDER BY weekday, opens_at`,
      childScope.params,
    ),
    'opening_schedule_id',
  );
  return schedules.map((r) => ({
    ...storedRowOf(r),
    name: String(r['name']),
    timeZone: String(r['time_zone']),
    holidayCalendarId: idOrNull(r['holiday_calendar_id']),
    intervals: (intervals.get(idOf(r['id'])) ?? []).map((i) => ({
      weekday: Number(i['weekday']) as IsoWeekday,
      opensAt: String(i['opens_at']),
      closesAt: String(i['closes_at']),
    })),
  }));
}
