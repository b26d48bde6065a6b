import type { Pool, PoolConnection } from 'mysql2/promise';
import type { StatisticsEvent } from '../statistics-event.js';
import { INTERVAL_MS, intervalStart } from './interval.js';
import { utcDateTime } from './utc-datetime.js';

type Row = Array<string | number | null>;

// `VALUES ?` with an array of rows is mysql2's bulk form: parameterised (every value escaped
// by the driver), one statement per table per batch. Prepared statements (`execute`) would
// need one statement per batch size and fill the driver's statement cache.
// ON DUPLICATE KEY UPDATE event_id = event_id makes a replayed event a no-op, and unlike
// INSERT IGNORE it does not turn a truncation or a bad value into a warning and a wrong row.
const CALL_SQL =
  'INSERT INTO stat_call (event_id, tenant_id, call_id, direction, caller, callee, acd_group_id, agent_id, outcome, ' +
  'started_at, answered_at, ended_at, wait_ms, talk_ms, hold_ms, wrap_up_ms) VALUES ? ON DUPLICATE KEY UPDATE event_id = event_id';
const SEGMENT_SQL =
  'INSERT INTO stat_call_segment (event_id, tenant_id, call_id, seq, kind, started_at, ended_at, acd_group_id, agent_id, ' +
  'outcome, service_level_ms, short_abandon_ms, transfer_target) VALUES ? ON DUPLICATE KEY UPDATE event_id = event_id';
const CHANGE_SQL =
  'INSERT INTO stat_agent_state_change (event_id, tenant_id, agent_id, from_state, from_since, to_state, at, event, reason, ' +
  'pause_reason, call_id, acd_group_id) VALUES ? ON DUPLICATE KEY UPDATE event_id = event_id';

// Marks intervals that need rolling up again (021_stat_interval_dirty.sql). Only events late
// enough that the scheduled roll-up will not visit their interval again are marked, so in
// steady state no batch touches this table and concurrent batches never queue on its rows.
const DIRTY_SQL = 'INSERT INTO stat_interval_dirty (tenant_id, interval_start) VALUES ? ON DUPLICATE KEY UPDATE marks = marks + 1';

/** At most this many intervals are marked for one state change (a day): older ones were counted as open spans. */
const MAX_MARKED_SPAN = 96;

/**
 * The (tenant, interval) pairs a batch makes stale: intervals older than the one before the
 * current one, which the scheduled roll-up (last closed + the one before) no longer visits. A
 * queue segment counts in the interval it started in; a state change in every interval its
 * span [fromSince, at] touches. Sorted, so concurrent batches lock the marks in one order.
 */
export function staleIntervals(events: readonly StatisticsEvent[], now: number): Array<[string, string]> {
  const before = intervalStart(now) - INTERVAL_MS;
  const marks = new Map<string, [string, string]>();
  const mark = (tenantId: string, start: number): void => {
    const k = `${tenantId}|${start}`;
    if (!marks.has(k)) marks.set(k, [tenantId, utcDateTime(start)]);
  };
  for (const e of events) {
    if (e.kind === 'call-segment') {
      const start = intervalStart(e.segment.startedAt);
      if (start < before) mark(e.segment.tenantId, start);
    } else if (e.kind === 'agent-state-change') {
      const last = intervalStart(e.change.at);
      const first = Math.max(intervalStart(e.change.fromSince), last - (MAX_MARKED_SPAN - 1) * INTERVAL_MS);
      // Only the part of the span before `before`: for a current event the loop does not run.
      for (let t = first; t <= last && t < before; t += INTERVAL_MS) mark(e.change.tenantId, t);
    }
  }
  return [...marks.keys()].sort().map((k) => marks.get(k) as [string, string]);
}

/** Upper bound for one batch's round trip; a hung master must not stall the writer forever. */
const QUERY_TIMEOUT_MS = 15_000;

/** One multi-row INSERT: the SQL and its rows, for the bulk `VALUES ?` form. */
export interface StatisticsInsert {
  readonly sql: string;
  readonly rows: ReadonlyArray<Array<string | number | null>>;
}

/** The INSERTs (one per table that has events) that write a batch; exported for the benchmark's naive path. */
export function statisticsInserts(events: readonly StatisticsEvent[], now: number = Date.now()): StatisticsInsert[] {
  const calls: Row[] = [];
  const segments: Row[] = [];
  const changes: Row[] = [];
  for (const e of events) {
    if (e.kind === 'call') {
      const c = e.call;
      calls.push([e.eventId, c.tenantId, c.callId, c.direction, c.caller, c.callee, c.acdGroupId, c.agentId, c.outcome,
        utcDateTime(c.startedAt), c.answeredAt === null ? null : utcDateTime(c.answeredAt), utcDateTime(c.endedAt),
        c.waitMs, c.talkMs, c.holdMs, c.wrapUpMs]);
    } else if (e.kind === 'call-segment') {
      const s = e.segment;
      segments.push([e.eventId, s.tenantId, s.callId, s.seq, s.kind, utcDateTime(s.startedAt), utcDateTime(s.endedAt),
        s.acdGroupId, s.agentId, s.outcome, s.serviceLevelMs, s.shortAbandonMs, s.transferTarget]);
    } else {
      const c = e.change;
      changes.push([e.eventId, c.tenantId, c.agentId, c.from, utcDateTime(c.fromSince), c.to, utcDateTime(c.at), c.event,
        c.reason, c.pauseReason, c.callId, c.acdGroupId]);
    }
  }
  const out: StatisticsInsert[] = [];
  if (calls.length > 0) out.push({ sql: CALL_SQL, rows: calls });
  if (segments.length > 0) out.push({ sql: SEGMENT_SQL, rows: segments });
  if (changes.length > 0) out.push({ sql: CHANGE_SQL, rows: changes });
  const stale = staleIntervals(events, now);
  if (stale.length > 0) out.push({ sql: DIRTY_SQL, rows: stale });
  return out;
}

/** Writes statistics events to MariaDB (db-master): one transaction, so one fsync, per batch. */
export class StatisticsEventRepository {
  constructor(private readonly pool: Pool) {}

  /** Inserts the batch atomically; events already present (same event id) are skipped. */
  async insertBatch(events: readonly StatisticsEvent[]): Promise<void> {
    const inserts = statisticsInserts(events);
    const conn = await this.pool.getConnection();
    let healthy = false;
    try {
      await conn.query({ sql: 'START TRANSACTION', timeout: QUERY_TIMEOUT_MS });
      for (const insert of inserts) await conn.query({ sql: insert.sql, timeout: QUERY_TIMEOUT_MS }, [insert.rows]);
      await conn.query({ sql: 'COMMIT', timeout: QUERY_TIMEOUT_MS });
      healthy = true;
    } catch (err) {
      healthy = await rollback(conn);
      throw err;
    } finally {
      // A connection that failed mid-transaction may be dead or still inside it: never reuse it.
      if (healthy) conn.release();
      else conn.destroy();
    }
  }
}

async function rollback(conn: PoolConnection): Promise<boolean> {
  try {
    await conn.query({ sql: 'ROLLBACK', timeout: QUERY_TIMEOUT_MS });
    return true;
  } catch (rollbackErr) {
    // The connection is gone (the usual case in an outage); the caller destroys it and reports
    // the original error, which is the one that says what happened.
    void rollbackErr;
    return false;
  }
}
