import type { HolidayCalendar } from '../model/schedule.model.js';
import { groupBy, idOf, selectRows, type SqlDb } from '../sql/sql-db.js';
import { storedRowOf, tenantScope } from '../sql/tenant-rows.js';

const timeOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Loads holiday calendars with their dates; DATE and TIME are formatted by MariaDB, not converted to JS dates. */
export async function loadHolidayCalendars(db: SqlDb, tenantId: string, id?: string): Promise<HolidayCalendar[]> {
  const scope = tenantScope(tenantId, id);
  const childScope = tenantScope(tenantId, id, 'holiday_calendar_id');
  const calendars = await selectRows(db, `SELECT id, tenant_id, name, version FROM holiday_calendar WHERE ${scope.where} ORDER BY name`, scope.params);
  if (calendars.length === 0) return [];
  const holidays = groupBy(
    await selectRows(
      db,
      `SELECT holiday_calendar_id, DATE_FORMAT(holiday_date, '%Y-%m-%d') AS holiday_date, name,
              TIME_FORMAT(opens_at, '%H:%i') AS opens_at, TIME_FORMAT(closes_at, '%H:%i') AS closes_at
         FROM holiday WHERE ${childScope.where} ORDER BY holiday_date`,
      childScope.params,
    ),
    'holiday_calendar_id',
  );
  return calendars.map((r) => ({
    ...storedRowOf(r),
    name: String(r['name']),
    holidays: (holidays.get(idOf(r['id'])) ?? []).map((h) => ({
      date: String(h['holiday_date']),
      name: String(h['name']),
      opensAt: timeOrNull(h['opens_at']),
      closesAt: timeOrNull(h['closes_at']),
    })),
  }));
}
