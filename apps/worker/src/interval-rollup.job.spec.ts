import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { DirtyInterval, StatisticsLogger } from '@ringwell/db';
import { IntervalRollupJob, intervalsToRollUp } from './interval-rollup.job.js';
import type { IntervalRollupStore } from './interval-rollup.job.js';

const Q = 15 * 60_000;
const T10 = Date.UTC(2030, 0, 2, 10, 0, 0);

/** Records every roll-up; `failing` tenants throw, as a database error would. */
class FakeStore implements IntervalRollupStore {
  readonly calls: Array<[string, number]> = [];
  constructor(
    private readonly tenants: string[],
    private readonly failing = new Set<string>(),
  ) {}
  async tenantsToRollUp(): Promise<string[]> {
    return this.tenants;
  }
  async rollUp(tenantId: string, intervalStartMs: number): Promise<void> {
    this.calls.push([tenantId, intervalStartMs]);
    if (this.failing.has(tenantId)) throw Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK' });
  }
  dirty: DirtyInterval[] = [];
  cleared: DirtyInterval[] = [];
  lastRolled: number | null = null;
  async dirtyIntervals(throughMs: number): Promise<DirtyInterval[]> {
    return this.dirty.filter((d) => d.intervalStartMs <= throughMs);
  }
  async clearDirty(d: DirtyInterval): Promise<void> {
    this.cleared.push(d);
  }
  async lastRolledInterval(): Promise<number | null> {
    return this.lastRolled;
  }
  async recordRolledThrough(intervalStartMs: number): Promise<void> {
    this.lastRolled = Math.max(this.lastRolled ?? 0, intervalStartMs);
  }
}

function recordingLogger(): StatisticsLogger & { warnings: object[] } {
  const warnings: object[] = [];
  return { warnings, info: () => undefined, warn: (o) => void warnings.push(o), error: (o) => void warnings.push(o) };
}

describe('interval roll-up job', () => {
  it('rolls up the interval that closed (after the settle time) and re-rolls the one before it', () => {
    // 10:16: 10:00-10:15 has settled; 09:45 is rolled again for late events.
    expect(intervalsToRollUp(T10 + 16 * 60_000)).toEqual([T10 - Q, T10]);
    // 10:15:30 is within the settle minute: 10:00-10:15 is not closed yet.
    expect(intervalsToRollUp(T10 + Q + 30_000)).toEqual([T10 - 2 * Q, T10 - Q]);
    expect(intervalsToRollUp(T10 + Q + 60_000)).toEqual([T10 - Q, T10]);
    // A completed run at or after the previous interval changes nothing.
    expect(intervalsToRollUp(T10 + 16 * 60_000, 60_000, T10)).toEqual([T10 - Q, T10]);
    expect(intervalsToRollUp(T10 + 16 * 60_000, 60_000, T10 - 2 * Q)).toEqual([T10 - Q, T10]);
    expect(intervalsToRollUp(T10 + 16 * 60_000, 60_000, T10 - 3 * Q)).toEqual([T10 - 2 * Q, T10 - Q, T10]);
  });

  it('runs every tenant for both intervals, oldest first, from the clock of the run', async () => {
    const store = new FakeStore(['7', '9']);
    const result = await new IntervalRollupJob(store, recordingLogger(), () => T10 + 16 * 60_000).run({});
    expect(result).toEqual({ intervals: [T10 - Q, T10], rolledUp: 4, lateRolledUp: 0 });
    expect(store.calls).toEqual([['7', T10 - Q], ['9', T10 - Q], ['7', T10], ['9', T10]]);
    expect(store.lastRolled).toBe(T10);
  });

  it('catches up every interval since the last completed run, at most a day back', async () => {
    const store = new FakeStore(['7']);
    store.lastRolled = T10 - 4 * Q;
    const r = await new IntervalRollupJob(store, recordingLogger(), () => T10 + 16 * 60_000).run();
    expect(r.intervals).toEqual([T10 - 3 * Q, T10 - 2 * Q, T10 - Q, T10]);
    expect(store.lastRolled).toBe(T10);
    // Down for three days: the last 96 intervals, ending with the one that just closed.
    store.lastRolled = T10 - 300 * Q;
    const r2 = await new IntervalRollupJob(store, recordingLogger(), () => T10 + 16 * 60_000).run();
    expect(r2.intervals).toHaveLength(96);
    expect(r2.intervals[0]).toBe(T10 - 95 * Q);
    // Up to date: just the usual two.
    expect((await new IntervalRollupJob(store, recordingLogger(), () => T10 + Q + 16 * 60_000).run()).intervals).toEqual([T10, T10 + Q]);
  });

  it('re-rolls the intervals the writer marked for late events, and clears each mark it read', async () => {
    const store = new FakeStore(['7', '9']);
    store.lastRolled = T10 - Q;
    store.dirty = [
      { tenantId: '9', intervalStartMs: T10 - 40 * Q, marks: 3 },
      { tenantId: '7', intervalStartMs: T10 - Q, marks: 1 }, // rolled anyway as the previous interval
    ];
    const r = await new IntervalRollupJob(store, recordingLogger(), () => T10 + 16 * 60_000).run();
    expect(r).toEqual({ intervals: [T10 - Q, T10], rolledUp: 5, lateRolledUp: 1 });
    expect(store.calls.filter(([, t]) => t === T10 - 40 * Q)).toEqual([['9', T10 - 40 * Q]]);
    expect(store.cleared).toEqual(store.dirty);
  });

  it('a failed late roll-up keeps its mark and the catch-up point, so the retry does it again', async () => {
    const store = new FakeStore(['7', '8'], new Set(['8']));
    store.lastRolled = T10 - 5 * Q;
    store.dirty = [{ tenantId: '8', intervalStartMs: T10 - 40 * Q, marks: 1 }];
    await expect(new IntervalRollupJob(store, recordingLogger(), () => T10 + 16 * 60_000).run()).rejects.toThrow(/8@2030-01-02T00:00/);
    expect(store.cleared).toEqual([]);
    expect(store.lastRolled).toBe(T10 - 5 * Q);
  });

  it('an explicit interval re-rolls only that one', async () => {
    const store = new FakeStore(['7']);
    await new IntervalRollupJob(store, recordingLogger(), () => T10 + 99 * Q).run({ intervalStartMs: T10 - 8 * Q });
    expect(store.calls).toEqual([['7', T10 - 8 * Q]]);
  });

  it('one tenant failing does not stop the others; the job then fails so BullMQ retries it', async () => {
    const store = new FakeStore(['7', '8', '9'], new Set(['8']));
    const log = recordingLogger();
    const err = await new IntervalRollupJob(store, log, () => T10 + 16 * 60_000).run().catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect((err as Error).message).toContain('failed for 2 tenant interval(s): 8@2030-01-02T09:45:00.000Z, 8@2030-01-02T10:00:00.000Z');
    expect(store.calls.map(([t]) => t)).toEqual(['7', '8', '9', '7', '8', '9']);
    expect(log.warnings).toHaveLength(2);
  });

  it('job data that is no interval boundary is unrecoverable: a retry cannot fix it', async () => {
    const store = new FakeStore(['7']);
    const job = new IntervalRollupJob(store, recordingLogger());
    for (const bad of [T10 + 1, '2030-01-02T10:00:00Z', Number.NaN]) {
      await expect(job.run({ intervalStartMs: bad as number })).rejects.toBeInstanceOf(UnrecoverableError);
    }
    expect(store.calls).toEqual([]);
  });
});
