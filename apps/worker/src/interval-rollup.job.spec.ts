import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { StatisticsLogger } from '@ringwell/db';
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
  });

  it('runs every tenant for both intervals, oldest first, from the clock of the run', async () => {
    const store = new FakeStore(['7', '9']);
    const result = await new IntervalRollupJob(store, recordingLogger(), () => T10 + 16 * 60_000).run({});
    expect(result).toEqual({ intervals: [T10 - Q, T10], rolledUp: 4 });
    expect(store.calls).toEqual([['7', T10 - Q], ['9', T10 - Q], ['7', T10], ['9', T10]]);
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
