import { INTERVAL_MS, intervalStart } from '@ringwell/db';
import type { DirtyInterval, StatisticsLogger } from '@ringwell/db';
import { UnrecoverableError } from 'bullmq';

/** The BullMQ job name of the roll-up on the `statistics` queue. */
export const INTERVAL_ROLLUP_JOB = 'interval-rollup';

/**
 * How long after an interval's end it counts as closed: the statistics writer commits within
 * ~50 ms and the history forwarder within about a second, so a minute leaves ample margin
 * while the figures still appear soon. Events later than that are caught by the re-roll.
 */
export const ROLLUP_SETTLE_MS = 60_000;

/** How far back a worker that was down catches up (a day of intervals). */
export const MAX_CATCH_UP_INTERVALS = 96;

/**
 * What the job needs of `IntervalRollupRepository` and `IntervalRollupProgressRepository`;
 * faked in unit tests.
 */
export interface IntervalRollupStore {
  tenantsToRollUp(intervalStartMs: number): Promise<string[]>;
  rollUp(tenantId: string, intervalStartMs: number): Promise<void>;
  dirtyIntervals(throughMs: number): Promise<DirtyInterval[]>;
  clearDirty(d: DirtyInterval): Promise<void>;
  lastRolledInterval(): Promise<number | null>;
  recordRolledThrough(intervalStartMs: number): Promise<void>;
}

/**
 * Scheduled runs carry no data: they roll up every interval since the last completed run (at
 * least the last closed one and the one before), then every older interval the statistics
 * writer marked as changed. `intervalStartMs` re-rolls one interval on demand.
 */
export interface IntervalRollupJobData {
  readonly intervalStartMs?: number;
}

export interface IntervalRollupResult {
  /** Interval starts rolled up for every tenant (ms since the epoch, UTC), oldest first. */
  readonly intervals: readonly number[];
  /** (tenant, interval) pairs written, including the marked ones. */
  readonly rolledUp: number;
  /** Marked (tenant, interval) pairs re-rolled because late events reached them. */
  readonly lateRolledUp: number;
}

/**
 * The last closed interval and the previous one, oldest first. The previous one is rolled
 * again because events can arrive after their interval closed (a writer's spool replaying
 * after a database outage, a forwarder catching up); the roll-up recomputes, so this is safe.
 */
export function intervalsToRollUp(now: number, settleMs = ROLLUP_SETTLE_MS, lastRolled: number | null = null): number[] {
  const lastClosed = intervalStart(now - settleMs) - INTERVAL_MS;
  // Catching up after downtime: every interval since the last completed run, at most a day.
  let first = lastClosed - INTERVAL_MS;
  if (lastRolled !== null && lastRolled + INTERVAL_MS < first) first = Math.max(lastRolled + INTERVAL_MS, lastClosed - (MAX_CATCH_UP_INTERVALS - 1) * INTERVAL_MS);
  const out: number[] = [];
  for (let t = first; t <= lastClosed; t += INTERVAL_MS) out.push(t);
  return out;
}

/**
 * Rolls up 15-minute statistics intervals for every tenant. One tenant's failure does not
 * stop the others; the job then fails so BullMQ retries it, and the retry recomputes
 * everything (idempotent). Bad job data is unrecoverable: retrying cannot fix it.
 */
export class IntervalRollupJob {
  constructor(
    private readonly store: IntervalRollupStore,
    private readonly logger: StatisticsLogger,
    private readonly clock: () => number = Date.now,
    private readonly settleMs = ROLLUP_SETTLE_MS,
  ) {}

  async run(data: IntervalRollupJobData = {}): Promise<IntervalRollupResult> {
    if (data.intervalStartMs !== undefined) {
      const start = checkedStart(data.intervalStartMs);
      const failed: string[] = [];
      const rolledUp = await this.rollAllTenants(start, failed);
      this.throwIfFailed(failed);
      return { intervals: [start], rolledUp, lateRolledUp: 0 };
    }
    const lastRolled = await this.store.lastRolledInterval();
    const intervals = intervalsToRollUp(this.clock(), this.settleMs, lastRolled);
    const lastClosed = intervals[intervals.length - 1] ?? 0;
    // Read the marks before rolling: a mark an event adds during this run has a new count, so
    // clearDirty leaves it for the next run instead of losing it.
    const dirty = await this.store.dirtyIntervals(lastClosed);
    const failed: string[] = [];
    let rolledUp = 0;
    for (const start of intervals) rolledUp += await this.rollAllTenants(start, failed);
    const covered = new Set(intervals);
    let lateRolledUp = 0;
    for (const d of dirty) {
      try {
        if (!covered.has(d.intervalStartMs)) {
          await this.store.rollUp(d.tenantId, d.intervalStartMs);
          lateRolledUp += 1;
        }
        await this.store.clearDirty(d);
      } catch (err) {
        failed.push(`${d.tenantId}@${new Date(d.intervalStartMs).toISOString()}`);
        this.logger.warn({ err, tenantId: d.tenantId, intervalStart: new Date(d.intervalStartMs).toISOString() }, 'late-event roll-up failed for a tenant');
      }
    }
    this.throwIfFailed(failed);
    // Only a run that completed moves the catch-up point: a failed one is retried from the same place.
    await this.store.recordRolledThrough(lastClosed);
    if (intervals.length > 2 || lateRolledUp > 0) {
      this.logger.info({ from: new Date(intervals[0] ?? 0).toISOString(), intervals: intervals.length, lateRolledUp }, 'roll-up caught up after downtime or late events');
    }
    this.logger.info({ intervals: intervals.map((s) => new Date(s).toISOString()), rolledUp: rolledUp + lateRolledUp }, 'intervals rolled up');
    return { intervals, rolledUp: rolledUp + lateRolledUp, lateRolledUp };
  }

  private async rollAllTenants(start: number, failed: string[]): Promise<number> {
    let rolledUp = 0;
    for (const tenantId of await this.store.tenantsToRollUp(start)) {
      try {
        await this.store.rollUp(tenantId, start);
        rolledUp += 1;
      } catch (err) {
        failed.push(`${tenantId}@${new Date(start).toISOString()}`);
        this.logger.warn({ err, tenantId, intervalStart: new Date(start).toISOString() }, 'interval roll-up failed for a tenant');
      }
    }
    return rolledUp;
  }

  private throwIfFailed(failed: readonly string[]): void {
    if (failed.length > 0) throw new Error(`interval roll-up failed for ${failed.length} tenant interval(s): ${failed.slice(0, 10).join(', ')}`);
  }
}

function checkedStart(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms % INTERVAL_MS !== 0) {
    throw new UnrecoverableError(`intervalStartMs must be a 15-minute boundary in ms since the epoch, got ${JSON.stringify(ms)}`);
  }
  return ms;
}
