import type { Pool } from 'mysql2/promise';
import { InvalidStatisticsEventError } from '../errors/invalid-statistics-event.error.js';
import { utcDateTime } from './utc-datetime.js';

/** Statistics intervals are 15 minutes, aligned to the hour (UTC). */
export const INTERVAL_MS = 15 * 60 * 1000;

/** The start of the interval that holds `ms`. */
export function intervalStart(ms: number): number {
  return Math.floor(ms / INTERVAL_MS) * INTERVAL_MS;
}

// Per ACD group: queue segments count where the call entered the group (started_at); talk,
// hold and wrap-up count where that work started. `dur` is the segment's length in ms.
const GROUP_SQL = `
INSERT INTO stat_acd_group_interval (tenant_id, acd_group_id, interval_start, queued, answered, answered_within_threshold,
  abandoned, short_abandoned, overflowed, timed_out, answer_wait_ms, abandon_wait_ms, talk_ms, hold_ms, wrap_up_ms)
SELECT ?, acd_group_id, ?,
  SUM(IF(kind = 'queue', 1, 0)),
  SUM(IF(kind = 'queue' AND outcome = 'answered', 1, 0)),
  SUM(IF(kind = 'queue' AND outcome = 'answered' AND dur <= service_level_ms, 1, 0)),
  SUM(IF(kind = 'queue' AND outcome = 'abandoned', 1, 0)),
  SUM(IF(kind = 'queue' AND outcome = 'abandoned' AND dur <= short_abandon_ms, 1, 0)),
  SUM(IF(kind = 'queue' AND outcome = 'overflowed', 1, 0)),
  SUM(IF(kind = 'queue' AND outcome = 'timed-out', 1, 0)),
  SUM(IF(kind = 'queue' AND outcome = 'answered', dur, 0)),
  SUM(IF(kind = 'queue' AND outcome = 'abandoned', dur, 0)),
  SUM(IF(kind = 'talking', dur, 0)),
  SUM(IF(kind = 'hold', dur, 0)),
  SUM(IF(kind = 'wrap-up', dur, 0))
FROM (
  SELECT acd_group_id, kind, outcome, service_level_ms, short_abandon_ms,
         TIMESTAMPDIFF(MICROSECOND, started_at, ended_at) DIV 1000 AS dur
  FROM stat_call_segment
  WHERE tenant_id = ? AND started_at >= ? AND started_at < ? AND acd_group_id IS NOT NULL
    AND kind IN ('queue', 'talking', 'hold', 'wrap-up')
) s
GROUP BY acd_group_id`;

// Per agent: each history row is a span [from_since, at) in state from_state; `ov` is the
// part of it inside the interval, so a state that spans a boundary is split between intervals.
const AGENT_SQL = `
INSERT INTO stat_agent_interval (tenant_id, agent_id, interval_start, available_ms, offered_ms, on_call_ms, wrap_up_ms,
  paused_ms, offers, offers_accepted, offers_missed)
SELECT ?, agent_id, ?,
  SUM(IF(from_state = 'available', ov, 0)),
  SUM(IF(from_state = 'offered', ov, 0)),
  SUM(IF(from_state = 'on-call', ov, 0)),
  SUM(IF(from_state = 'wrap-up', ov, 0)),
  SUM(IF(from_state = 'paused', ov, 0)),
  SUM(IF(event = 'offer' AND inside, 1, 0)),
  SUM(IF(event = 'offer-accepted' AND inside, 1, 0)),
  SUM(IF(event IN ('offer-no-answer', 'offer-rejected') AND inside, 1, 0))
FROM (
  SELECT agent_id, from_state, event,
         at >= ? AND at < ? AS inside,
         GREATEST(0, TIMESTAMPDIFF(MICROSECOND, GREATEST(from_since, ?), LEAST(at, ?)) DIV 1000) AS ov
  FROM stat_agent_state_change
  WHERE tenant_id = ? AND at >= ? AND from_since < ?
) h
GROUP BY agent_id`;

/**
 * Recomputes the 15-minute aggregates of one tenant and interval from the raw rows, replacing
 * what was there. Recomputing (not incrementing) makes it idempotent: run it when an interval
 * closes and again when a spool replay brings late events (the worker's roll-up job).
 */
export class IntervalRollupRepository {
  constructor(private readonly pool: Pool) {}

  async rollUp(tenantId: string, intervalStartMs: number): Promise<void> {
    if (!/^[1-9][0-9]{0,18}$/.test(tenantId)) throw new InvalidStatisticsEventError('tenantId', 'must be a decimal row id');
    if (!Number.isInteger(intervalStartMs) || intervalStartMs % INTERVAL_MS !== 0) {
      throw new InvalidStatisticsEventError('intervalStartMs', 'must be a 15-minute boundary');
    }
    const s = utcDateTime(intervalStartMs);
    const e = utcDateTime(intervalStartMs + INTERVAL_MS);
    const conn = await this.pool.getConnection();
    let reusable = true;
    try {
      await conn.beginTransaction();
      await conn.query('DELETE FROM stat_acd_group_interval WHERE tenant_id = ? AND interval_start = ?', [tenantId, s]);
      await conn.query('DELETE FROM stat_agent_interval WHERE tenant_id = ? AND interval_start = ?', [tenantId, s]);
      await conn.query(GROUP_SQL, [tenantId, s, tenantId, s, e]);
      await conn.query(AGENT_SQL, [tenantId, s, s, e, s, e, tenantId, s, e]);
      await conn.commit();
    } catch (err) {
      // If even the rollback fails the connection is broken: destroy it rather than pool it.
      // The caller gets the original error, which says what went wrong.
      reusable = await conn.rollback().then(() => true, () => false);
      throw err;
    } finally {
      if (reusable) conn.release();
      else conn.destroy();
    }
  }
}
