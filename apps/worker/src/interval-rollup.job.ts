import { INTERVAL_MS, intervalStart } from '@ringwell/db';
import type { StatisticsLogger } from '@ringwell/db';
import { UnrecoverableError } from 'bullmq';

/** The BullMQ job name of the roll-up on the `statistics` queue. */
export const INTERVAL_ROLLUP_JOB = 'interval-rollup';

/**
 * How long after an interval's end it counts as closed: the statistics writer commits within
 * ~50 ms and the history forwarder within about a second, so a minute leaves ample margin
 * while the figures still appear soon. Events later than that are caught by the re-roll.
 */
export const ROLLUP_SETTLE_MS = 60_000;

/** What the job needs of `IntervalRollupRepository`; faked in unit tests. */
export interface IntervalRollupStore {
  tenantsToRollUp(intervalStartMs: number): Promise<string[]>;
  rollUp(tenantId: string, intervalStartMs: number): Promise<void>;
}

/**
 * Scheduled runs carry no data: they roll up the last closed interval and the one before.
 * `intervalStartMs` re-rolls one interval on demand (after a long spool replay, say).
 */
export interface IntervalRollupJobData {
  readonly intervalStartMs?: number;
}

export interface IntervalRollupResult {
  /** Interval starts rolled up (ms since the epoch, UTC), oldest first. */
  readonly intervals: readonly number[];
  /** (tenant, interval) pairs written. */
  readonly rolledUp: number;
}

/**
 * The last closed interval and the previous one, oldest first. The previous one is rolled
 * again because events can arrive after their interval closed (a writer's spool replaying
 * after a database outage, a forwarder catching up); the roll-up recomputes, so this is safe.
 */
export function intervalsToRollUp(now: number, settleMs = ROLLUP_SETTLE_MS): number[] {
  const lastClosed = intervalStart(now - settleMs) - INTERVAL_MS;
  return [lastClosed - INTERVAL_MS, lastClosed];
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
    const intervals = data.intervalStartMs === undefined ? intervalsToRollUp(this.clock(), this.settleMs) : [checkedStart(data.intervalStartMs)];
    const failed: string[] = [];
    let rolledUp = 0;
    for (const start of intervals) {
      for (const tenantId of await this.store.tenantsToRollUp(start)) {
        try {
          await this.store.rollUp(tenantId, start);
          rolledUp += 1;
        } catch (err) {
          failed.push(`${tenantId}@${new Date(start).toISOString()}`);
          this.logger.warn({ err, tenantId, intervalStart: new Date(start).toISOString() }, 'interval roll-up failed for a tenant');
        }
      }
    }
    if (failed.length > 0) throw new Error(`interval roll-up failed for ${failed.length} tenant interval(s): ${failed.slice(0, 10).join(', ')}`);
    this.logger.info({ intervals: intervals.map((s) => new Date(s).toISOString()), rolledUp }, 'intervals rolled up');
    return { intervals, rolledUp };
  }
}

function checkedStart(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms % INTERVAL_MS !== 0) {
    throw new UnrecoverableError(`intervalStartMs must be a 15-minute boundary in ms since the epoch, got ${JSON.stringify(ms)}`);
  }
  return ms;
}
