import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { createDbPools, createRedis, IntervalRollupRepository, StatisticsWriter } from '@ringwell/db';
import type { AgentStateChangeRecord, DbPools, StatisticsLogger } from '@ringwell/db';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCluster } from '../src/test-cluster.js';

const ctx = testCluster();
// Statistics rows have no FK to tenant: a random high id keeps this file's rows apart.
const tenantId = String(910_000_000 + randomInt(1_000_000));
const Q = 15 * 60_000;
const MIN = 60_000;
/** A closed interval in the past: 2026-01-05 10:00-10:15 UTC. */
const P = Date.UTC(2026, 0, 5, 10, 0, 0);
const logger: StatisticsLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
let pools: DbPools;
let spoolDir: string;
let writer: StatisticsWriter;
let queue: Queue;
let events: QueueEvents;

beforeAll(async () => {
  pools = createDbPools(ctx.dataTier, 4);
  spoolDir = await mkdtemp(join(tmpdir(), 'rw-rollup-it-'));
  writer = await StatisticsWriter.open({ sink: pools.master, spoolDir, logger });
  // The cluster worker's `statistics` queue (system prefix), as apps/worker/src/statistics.jobs.ts sets it up.
  queue = new Queue('statistics', { connection: createRedis(ctx.dataTier), prefix: 'rw:sys:bull' });
  events = new QueueEvents('statistics', { connection: createRedis(ctx.dataTier), prefix: 'rw:sys:bull' });
  await events.waitUntilReady();
});
afterAll(async () => {
  await events.close();
  await queue.close();
  await writer.close();
  for (const table of ['stat_call_segment', 'stat_agent_state_change', 'stat_acd_group_interval', 'stat_agent_interval', 'stat_interval_dirty']) {
    await pools.master.query(`DELETE FROM ${table} WHERE tenant_id = ?`, [tenantId]);
  }
  await pools.end();
  await rm(spoolDir, { recursive: true, force: true });
});

function queueSegment(callId: string, acdGroupId: string, outcome: 'answered' | 'abandoned', at: number, waitMs: number): void {
  writer.recordCallSegment({
    tenantId, callId, seq: 0, kind: 'queue', startedAt: at, endedAt: at + waitMs, acdGroupId, agentId: null, outcome,
    serviceLevelMs: 20_000, shortAbandonMs: 5_000, transferTarget: null,
  });
}

function stateChange(agentId: string, from: AgentStateChangeRecord['from'], fromSince: number, to: AgentStateChangeRecord['to'], at: number, event: AgentStateChangeRecord['event']): void {
  writer.recordAgentStateChange({ tenantId, agentId, from, fromSince, to, at, event, reason: event, pauseReason: event === 'pause' ? 'lunch' : null, callId: null, acdGroupId: null });
}

async function groupRow(acdGroupId: string, start: number): Promise<RowDataPacket | undefined> {
  const [rows] = await pools.master.query<RowDataPacket[]>(
    'SELECT * FROM stat_acd_group_interval WHERE tenant_id = ? AND acd_group_id = ? AND interval_start = ?',
    [tenantId, acdGroupId, new Date(start).toISOString().slice(0, 19).replace('T', ' ')],
  );
  return rows[0];
}

async function agentRow(agentId: string, start: number): Promise<RowDataPacket | undefined> {
  const [rows] = await pools.master.query<RowDataPacket[]>(
    'SELECT * FROM stat_agent_interval WHERE tenant_id = ? AND agent_id = ? AND interval_start = ?',
    [tenantId, agentId, new Date(start).toISOString().slice(0, 19).replace('T', ' ')],
  );
  return rows[0];
}

/** How often (tenant, interval) is marked for a re-roll; null when it is not. */
async function marksOf(start: number): Promise<number | null> {
  const [rows] = await pools.master.query<RowDataPacket[]>(
    'SELECT marks FROM stat_interval_dirty WHERE tenant_id = ? AND interval_start = ?',
    [tenantId, new Date(start).toISOString().slice(0, 19).replace('T', ' ')],
  );
  return rows[0] ? Number(rows[0]['marks']) : null;
}

/** Queues a re-roll of these intervals on the cluster's worker and waits for each to finish. */
async function rollUpOnWorker(...starts: number[]): Promise<void> {
  for (const intervalStartMs of starts) {
    // Kept after completion so waitUntilFinished can still read it (see redis-tier.test.ts).
    const job = await queue.add('interval-rollup', { intervalStartMs }, { removeOnComplete: { age: 300 } });
    const result = (await job.waitUntilFinished(events, 60_000)) as { intervals: number[] };
    expect(result.intervals).toEqual([intervalStartMs]);
  }
}

describe('interval roll-up job run by the cluster\'s worker against MariaDB', () => {
  it('the worker holds the quarter-hour schedule', async () => {
    expect(await queue.getJobScheduler('interval-rollup-quarter-hour')).toMatchObject({
      name: 'interval-rollup', pattern: '0 1,16,31,46 * * * *', tz: 'UTC',
    });
  });

  it('rolls up a closed interval and re-rolls it a quarter later, so late events count once', async () => {
    queueSegment('c1', '77', 'answered', P + MIN, 10_000);
    queueSegment('c2', '77', 'abandoned', P + 2 * MIN, 3_000);
    // Agent 601 logs in at 09:55 and stays available: no row ends that state before the run.
    stateChange('601', 'logged-out', P - 10 * MIN, 'available', P - 5 * MIN, 'login');
    await writer.flush();

    expect(await groupRow('77', P)).toBeUndefined();
    // What the 10:16 run does (intervalsToRollUp, unit-tested): 09:45 again, and 10:00, now closed.
    await rollUpOnWorker(P - Q, P);
    expect(await groupRow('77', P)).toMatchObject({ queued: 2, answered: 1, answered_within_threshold: 1, abandoned: 1, short_abandoned: 1, answer_wait_ms: 10_000 });
    // The open state counts: 5 min of 09:45-10:00 and the whole of 10:00-10:15.
    expect(await agentRow('601', P - Q)).toMatchObject({ available_ms: 5 * MIN, paused_ms: 0 });
    expect(await agentRow('601', P)).toMatchObject({ available_ms: Q, paused_ms: 0 });

    // Late: a call of 10:03 replayed from a spool after 10:16, and the agent pauses at 10:20.
    queueSegment('c3', '77', 'answered', P + 3 * MIN, 30_000);
    stateChange('601', 'available', P - 5 * MIN, 'paused', P + Q + 5 * MIN, 'pause');
    await writer.flush();

    // The 10:31 run: 10:00 re-rolled with the late call, and 10:15; running twice adds nothing.
    await rollUpOnWorker(P, P + Q, P, P + Q);
    expect(await groupRow('77', P)).toMatchObject({ queued: 3, answered: 2, answered_within_threshold: 1, answer_wait_ms: 40_000 });
    // The same span, now closed by the pause row: the figure for 10:00 does not change.
    expect(await agentRow('601', P)).toMatchObject({ available_ms: Q, paused_ms: 0 });
    expect(await agentRow('601', P + Q)).toMatchObject({ available_ms: 5 * MIN, paused_ms: 10 * MIN });
  });

  it('concurrent roll-ups of one interval all succeed and leave the same values (an upsert, not an insert)', async () => {
    const repo = new IntervalRollupRepository(pools.master);
    const before = await groupRow('77', P);
    await Promise.all([repo.rollUp(tenantId, P), repo.rollUp(tenantId, P), repo.rollUp(tenantId, P)]);
    const after = await groupRow('77', P);
    expect({ ...after, rolled_up_at: null }).toEqual({ ...before, rolled_up_at: null });
  });

  it('an event for an interval the schedule will not visit again is marked, and the next scheduled run re-rolls it', async () => {
    // P + 2Q (2026-01-05 10:30) is long closed: a spool replayed today, or a forwarder far behind.
    const late = P + 2 * Q;
    queueSegment('c9', '78', 'answered', late + MIN, 4_000);
    await writer.flush();
    expect(await marksOf(late)).toBe(1);
    expect(await groupRow('78', late)).toBeUndefined();

    // A scheduled run (no job data), on the cluster's worker.
    const job = await queue.add('interval-rollup', {}, { removeOnComplete: { age: 300 } });
    const result = (await job.waitUntilFinished(events, 60_000)) as { lateRolledUp: number };
    expect(result.lateRolledUp).toBeGreaterThanOrEqual(1);
    expect(await groupRow('78', late)).toMatchObject({ queued: 1, answered: 1, answer_wait_ms: 4_000 });
    expect(await marksOf(late)).toBeNull();

    // Another late call for the same interval: marked again, counted by the next run.
    queueSegment('c10', '78', 'abandoned', late + 2 * MIN, 2_000);
    await writer.flush();
    expect(await marksOf(late)).toBe(1);
    const job2 = await queue.add('interval-rollup', {}, { removeOnComplete: { age: 300 } });
    await job2.waitUntilFinished(events, 60_000);
    expect(await groupRow('78', late)).toMatchObject({ queued: 2, answered: 1, abandoned: 1 });
    expect(await marksOf(late)).toBeNull();
  });

  it('a worker that was down catches up every interval since its last completed run', async () => {
    const repo = new IntervalRollupRepository(pools.master);
    // The interval that closed last (a minute's settle time, as ROLLUP_SETTLE_MS).
    const lastClosed = Math.floor((Date.now() - MIN) / Q) * Q - Q;
    // As if the last run had completed an hour before it.
    await pools.master.query(
      'INSERT INTO stat_rollup_progress (id, last_interval_start) VALUES (1, ?) ON DUPLICATE KEY UPDATE last_interval_start = VALUES(last_interval_start)',
      [new Date(lastClosed - 4 * Q).toISOString().slice(0, 19).replace('T', ' ')],
    );
    const job = await queue.add('interval-rollup', {}, { removeOnComplete: { age: 300 } });
    const result = (await job.waitUntilFinished(events, 60_000)) as { intervals: number[] };
    expect(result.intervals).toEqual([lastClosed - 3 * Q, lastClosed - 2 * Q, lastClosed - Q, lastClosed]);
    expect(await repo.lastRolledInterval()).toBe(lastClosed);
  });
});
