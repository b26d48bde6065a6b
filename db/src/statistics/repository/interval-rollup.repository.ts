import type { Pool, RowDataPacket } from 'mysql2/promise';
import { InvalidStatisticsEventError } from '../errors/invalid-statistics-event.error.js';
import { utcDateTime } from './utc-datetime.js';

import { INTERVAL_MS } from './interval.js';

export { INTERVAL_MS, intervalStart } from './interval.js';

// Per ACD group: queue segments count where the call entered the group (started_at); talk,
// hold and wrap-up count where that work started. `dur` is the segment's length in ms.
// An upsert of values recomputed from the raw rows: running it again overwrites, never adds.
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
GROUP BY acd_group_id
ON DUPLICATE KEY UPDATE queued = VALUES(queued), answered = VALUES(answered),
  answered_within_threshold = VALUES(answered_within_threshold), abandoned = VALUES(abandoned),
  short_abandoned = VALUES(short_abandoned), overflowed = VALUES(overflowed), timed_out = VALUES(timed_out),
  answer_wait_ms = VALUES(answer_wait_ms), abandon_wait_ms = VALUES(abandon_wait_ms), talk_ms = VALUES(talk_ms),
  hold_ms = VALUES(hold_ms), wrap_up_ms = VALUES(wrap_up_ms), rolled_up_at = CURRENT_TIMESTAMP(3)`;

// Per agent: each history row is a span [from_since, at) in state from_state; `ov` is the
// part of it inside the interval, so a state that spans a boundary is split between intervals.
// The second branch adds the span still open at the interval's end (the agent's last change
// before it, with no change since): without it an agent available all afternoon would show no
// time in the intervals that closed before the change that ends that state was written.
// Once that change exists, the first branch counts the same span, so re-rolling agrees.
// An agent whose last change was a logout has no open span: without that condition every
// agent who ever worked would get an all-zero row in every interval from then on.
// Ties at one millisecond pick the change that came last (later from_since, then larger id).
const AGENT_SQL = `
INSERT INTO stat_agent_interval (tenant_id, agent_id, interval_start, available_ms, offered_ms, on_call_ms, wrap_up_ms,
  paused_ms, offers, offers_accepted, offers_missed)
SELECT ?, agent_id, ?,
  SUM(IF(state = 'available', ov, 0)),
  SUM(IF(state = 'offered', ov, 0)),
  SUM(IF(state = 'on-call', ov, 0)),
  SUM(IF(state = 'wrap-up', ov, 0)),
  SUM(IF(state = 'paused', ov, 0)),
  SUM(IF(event = 'offer' AND inside, 1, 0)),
  SUM(IF(event = 'offer-accepted' AND inside, 1, 0)),
  SUM(IF(event IN ('offer-no-answer', 'offer-rejected') AND inside, 1, 0))
FROM (
  SELECT agent_id, from_state AS state, event,
         at >= ? AND at < ? AS inside,
         GREATEST(0, TIMESTAMPDIFF(MICROSECOND, GREATEST(from_since, ?), LEAST(at, ?)) DIV 1000) AS ov
  FROM stat_agent_state_change
  WHERE tenant_id = ? AND at >= ? AND from_since < ?
  UNION ALL
  SELECT l.agent_id, l.to_state, NULL, 0,
         GREATEST(0, TIMESTAMPDIFF(MICROSECOND, GREATEST(l.at, ?), ?) DIV 1000)
  FROM stat_agent_state_change l
  JOIN (SELECT agent_id, MAX(at) AS last_at FROM stat_agent_state_change
         WHERE tenant_id = ? AND at < ? GROUP BY tenant_id, agent_id) m ON m.agent_id = l.agent_id AND m.last_at = l.at
  WHERE l.tenant_id = ? AND l.to_state <> 'logged-out'
    AND NOT EXISTS (SELECT 1 FROM stat_agent_state_change n WHERE n.tenant_id = l.tenant_id AND n.agent_id = l.agent_id AND n.at >= ?)
    AND NOT EXISTS (SELECT 1 FROM stat_agent_state_change t WHERE t.tenant_id = l.tenant_id AND t.agent_id = l.agent_id AND t.at = l.at
                      AND (t.from_since > l.from_since OR (t.from_since = l.from_since AND t.id > l.id)))
) h
GROUP BY agent_id
ON DUPLICATE KEY UPDATE available_ms = VALUES(available_ms), offered_ms = VALUES(offered_ms), on_call_ms = VALUES(on_call_ms),
  wrap_up_ms = VALUES(wrap_up_ms), paused_ms = VALUES(paused_ms), offers = VALUES(offers),
  offers_accepted = VALUES(offers_accepted), offers_missed = VALUES(offers_missed), rolled_up_at = CURRENT_TIMESTAMP(3)`;

// Tenants to roll up for an interval: every configured tenant (an agent can hold one state the
// whole interval without writing a row) and every tenant with raw rows there (statistics have
// no foreign key and may name tenants the config no longer has). MIN(...) GROUP BY tenant_id
// lets MariaDB skip through the (tenant_id, time) indexes instead of reading every row.
const TENANTS_SQL = `
SELECT id AS tenant_id FROM tenant
UNION SELECT tenant_id FROM (SELECT tenant_id, MIN(started_at) FROM stat_call_segment
  WHERE started_at >= ? AND started_at < ? GROUP BY tenant_id) cs
UNION SELECT tenant_id FROM (SELECT tenant_id, MIN(at) FROM stat_agent_state_change
  WHERE at >= ? AND at < ? GROUP BY tenant_id) ac
ORDER BY tenant_id`;

/** A (tenant, interval) the statistics writer marked as changed after it may have been rolled up. */
export interface DirtyInterval {
  readonly tenantId: string;
  readonly intervalStartMs: number;
  /** How often it was marked; the mark is cleared only if this is unchanged (see clearDirty). */
  readonly marks: number;
}

// DATETIME read back as text and parsed as UTC: the driver would otherwise apply the
// process's time zone to a value written in UTC.
const DIRTY_SQL = `SELECT tenant_id, DATE_FORMAT(interval_start, '%Y-%m-%d %H:%i:%s') AS s, marks FROM stat_interval_dirty
  WHERE interval_start <= ? ORDER BY interval_start, tenant_id LIMIT ?`;
const fromUtc = (s: string): number => Date.parse(`${s.replace(' ', 'T')}Z`);

/**
 * Recomputes the 15-minute aggregates of one tenant and interval from the raw rows and upserts
 * them. Recomputing (not incrementing) makes it idempotent: the worker's roll-up job runs it
 * when an interval closes and again one interval later for events that arrived late (spool
 * replay), and two runs at once both write the same values. No DELETE is needed: raw rows are
 * only ever added, so the set of groups and agents an interval yields only grows, and every
 * row written before is overwritten by its recomputed value.
 */
export class IntervalRollupRepository {
  constructor(private readonly pool: Pool) {}

  /** The tenants whose interval `intervalStartMs` should be rolled up, as decimal ids. */
  async tenantsToRollUp(intervalStartMs: number): Promise<string[]> {
    checkIntervalStart(intervalStartMs);
    const s = utcDateTime(intervalStartMs);
    const e = utcDateTime(intervalStartMs + INTERVAL_MS);
    const [rows] = await this.pool.query<RowDataPacket[]>(TENANTS_SQL, [s, e, s, e]);
    return rows.map((r) => String(r['tenant_id']));
  }

  async rollUp(tenantId: string, intervalStartMs: number): Promise<void> {
    if (!/^[1-9][0-9]{0,18}$/.test(tenantId)) throw new InvalidStatisticsEventError('tenantId', 'must be a decimal row id');
    checkIntervalStart(intervalStartMs);
    const s = utcDateTime(intervalStartMs);
    const e = utcDateTime(intervalStartMs + INTERVAL_MS);
    const conn = await this.pool.getConnection();
    let reusable = true;
    try {
      // READ COMMITTED: INSERT ... SELECT then reads the raw rows without shared locks, so the
      // statistics writer's inserts never wait for a roll-up (safe with binlog_format = ROW).
      await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      await conn.beginTransaction();
      await conn.query(GROUP_SQL, [tenantId, s, tenantId, s, e]);
      await conn.query(AGENT_SQL, [tenantId, s, s, e, s, e, tenantId, s, e, s, e, tenantId, e, tenantId, e]);
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

  // ---- the job's bookkeeping: late-event marks and how far it has come ----

  /** Marked intervals that start at or before `throughMs`, oldest first. */
  async dirtyIntervals(throughMs: number, limit = 5000): Promise<DirtyInterval[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(DIRTY_SQL, [utcDateTime(throughMs), limit]);
    return rows.map((r) => ({ tenantId: String(r['tenant_id']), intervalStartMs: fromUtc(String(r['s'])), marks: Number(r['marks']) }));
  }

  /** Clears a mark unless an event marked it again since it was read (then it stays for the next run). */
  async clearDirty(d: DirtyInterval): Promise<void> {
    await this.pool.query('DELETE FROM stat_interval_dirty WHERE tenant_id = ? AND interval_start = ? AND marks = ?', [d.tenantId, utcDateTime(d.intervalStartMs), d.marks]);
  }

  /** The last interval the scheduled roll-up completed, or null before its first run. */
  async lastRolledInterval(): Promise<number | null> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      "SELECT DATE_FORMAT(last_interval_start, '%Y-%m-%d %H:%i:%s') AS s FROM stat_rollup_progress WHERE id = 1",
    );
    const s = rows[0]?.['s'];
    return typeof s === 'string' ? fromUtc(s) : null;
  }

  /** Records progress; never moves it back (two workers may finish out of order). */
  async recordRolledThrough(intervalStartMs: number): Promise<void> {
    checkIntervalStart(intervalStartMs);
    await this.pool.query(
      'INSERT INTO stat_rollup_progress (id, last_interval_start) VALUES (1, ?) ON DUPLICATE KEY UPDATE last_interval_start = GREATEST(last_interval_start, VALUES(last_interval_start))',
      [utcDateTime(intervalStartMs)],
    );
  }
}

function checkIntervalStart(intervalStartMs: number): void {
  if (!Number.isInteger(intervalStartMs) || intervalStartMs % INTERVAL_MS !== 0) {
    throw new InvalidStatisticsEventError('intervalStartMs', 'must be a 15-minute boundary');
  }
}
