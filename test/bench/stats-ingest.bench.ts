import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { loadClusterContext, resolveClusterOptions, tcpProbe } from '@ringwell/cli';
import { createDbPools, createEventIdGenerator, statisticsInserts, StatisticsWriter } from '@ringwell/db';
import type { DbPools, StatisticsEvent, StatisticsLogger } from '@ringwell/db';
import type { RowDataPacket } from 'mysql2/promise';
import { REPO_ROOT } from '../src/test-cluster.js';
import { numberArg } from './bench-args.js';

/**
 * `npm run bench -- stats-ingest [--events N] [--naive-seconds S] [--batch N] [--concurrency N]`
 *
 * Statistics events through HAProxy db-master into MariaDB (sync_binlog=1,
 * innodb_flush_log_at_trx_commit=1: every commit is durable), via the durable
 * statistics writer, against the naive way measured in the same run: one INSERT
 * (one autocommit, one fsync) per event. The event mix is one call's worth: a CDR,
 * four segments, four agent state changes. Uses the dev cluster
 * (RINGWELL_BASE_PORT / RINGWELL_STATE_DIR, default 20000 / ./.ringwell).
 */
const silent: StatisticsLogger = { info: () => undefined, warn: () => undefined, error: (o, m) => void process.stderr.write(`${m} ${JSON.stringify(o)}\n`) };

/** Event number i of a stream that looks like real traffic: 9 events per call. */
function makeEvent(tenantId: string, i: number, newId: () => string): StatisticsEvent {
  const call = Math.floor(i / 9);
  const part = i % 9;
  const t = Date.UTC(2031, 0, 1) + call * 1000;
  const callId = `bench-${call}`;
  const agentId = String(1 + (call % 200));
  if (part === 0) {
    return { eventId: newId(), kind: 'call', call: {
      tenantId, callId, direction: 'inbound', caller: '+4930123456', callee: '+4930999000', acdGroupId: '5', agentId, outcome: 'answered',
      startedAt: t, answeredAt: t + 15_000, endedAt: t + 200_000, waitMs: 10_000, talkMs: 150_000, holdMs: 10_000, wrapUpMs: 20_000 } };
  }
  if (part <= 4) {
    const kind = (['ivr', 'queue', 'offered', 'talking'] as const)[part - 1] ?? 'ivr';
    const outcome = ({ ivr: 'completed', queue: 'answered', offered: 'accepted', talking: null } as const)[kind];
    return { eventId: newId(), kind: 'call-segment', segment: {
      tenantId, callId, seq: part - 1, kind, startedAt: t + part * 1000, endedAt: t + part * 1000 + 900, acdGroupId: '5', agentId, outcome,
      serviceLevelMs: kind === 'queue' ? 20_000 : null, shortAbandonMs: kind === 'queue' ? 5_000 : null, transferTarget: null } };
  }
  const steps = [['available', 'offered', 'offer'], ['offered', 'on-call', 'offer-accepted'], ['on-call', 'wrap-up', 'hang-up'], ['wrap-up', 'available', 'wrap-up-ended']] as const;
  const [from, to, event] = steps[part - 5] ?? steps[0];
  return { eventId: newId(), kind: 'agent-state-change', change: {
    tenantId, agentId, from, fromSince: t + part * 1000 - 500, to, at: t + part * 1000, event, reason: event, pauseReason: null, callId, acdGroupId: '5' } };
}

async function cleanup(pools: DbPools, tenantId: string): Promise<void> {
  for (const table of ['stat_call', 'stat_call_segment', 'stat_agent_state_change']) {
    for (;;) {
      const [res] = await pools.master.query(`DELETE FROM ${table} WHERE tenant_id = ? LIMIT 50000`, [tenantId]);
      if ((res as { affectedRows: number }).affectedRows === 0) break;
    }
  }
}

/** The writer's rate: from the first record to the flush that confirms the last commit. */
async function measureWriter(pools: DbPools, tenantId: string, events: number, batchSize: number, concurrency: number): Promise<{ rate: number; spooled: number; batches: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'rw-bench-stats-'));
  const maxQueued = 20_000;
  const writer = await StatisticsWriter.open({ sink: pools.master, spoolDir: dir, logger: silent, batchSize, concurrency, maxQueued });
  const newId = createEventIdGenerator();
  let maxSpooled = 0;
  const t0 = performance.now();
  try {
    for (let i = 0; i < events; i++) {
      writer.record(makeEvent(tenantId, i, newId));
      // A producer that yields like a busy server (the event loop runs the writer's I/O) and
      // offers no more than the writer keeps in memory: this measures the path to MariaDB, not
      // the spool the writer falls back to when producers outrun the database.
      if (i % 1000 === 999) {
        maxSpooled = Math.max(maxSpooled, writer.metrics().spooled);
        await new Promise((r) => setImmediate(r));
        while (writer.metrics().queued > maxQueued / 2) await new Promise((r) => setTimeout(r, 1));
      }
    }
    await writer.flush();
    const s = (performance.now() - t0) / 1000;
    const m = writer.metrics();
    if (m.written < events) throw new Error(`writer wrote ${m.written} of ${events} events`);
    return { rate: events / s, spooled: maxSpooled, batches: m.batches };
  } finally {
    await writer.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The naive way: one INSERT per event, each its own durable commit. */
async function measureNaive(pools: DbPools, tenantId: string, seconds: number): Promise<number> {
  const newId = createEventIdGenerator();
  let n = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  // The same SQL and row as the writer, one row per statement: only the batching differs.
  while (performance.now() < end) {
    for (const insert of statisticsInserts([makeEvent(tenantId, n, newId)])) await pools.master.query(insert.sql, [insert.rows]);
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

export async function run(args: readonly string[]): Promise<void> {
  const events = numberArg(args, 'events', 200_000);
  const naiveSeconds = numberArg(args, 'naive-seconds', 5);
  const batchSize = numberArg(args, 'batch', 500);
  const concurrency = numberArg(args, 'concurrency', 2);
  const ctx = loadClusterContext(resolveClusterOptions(REPO_ROOT, {}), REPO_ROOT);
  const db = ctx.dataTier.db;
  if (!(await tcpProbe(db.host, db.masterPort))) {
    process.stderr.write(`stats-ingest: no cluster answers on db-master ${db.host}:${db.masterPort} (state ${ctx.options.stateDir}).\n` +
      'Start one with ./ringwell up (or point RINGWELL_BASE_PORT / RINGWELL_STATE_DIR at yours).\n');
    process.exitCode = 2;
    return;
  }
  const pools = createDbPools(ctx.dataTier, concurrency + 1);
  // A random high tenant id: statistics rows have no FK, and the run deletes exactly its own rows.
  const tenantId = String(800_000_000 + randomInt(1_000_000));
  try {
    const [t] = await pools.master.query<RowDataPacket[]>("SHOW TABLES LIKE 'stat_agent_state_change'");
    if (t.length === 0) {
      process.stderr.write('stats-ingest: the statistics tables are missing; apply the migrations with ./ringwell migrate.\n');
      process.exitCode = 2;
      return;
    }
    // The buffer pool is printed too: with 16M per server the insert working set does not fit
    // and the figure halves (docs/statistics.md, "Ingest rate: where the time goes").
    const [v] = await pools.master.query<RowDataPacket[]>(
      'SELECT @@sync_binlog AS sb, @@innodb_flush_log_at_trx_commit AS fl, @@log_bin AS lb, @@innodb_buffer_pool_size DIV 1048576 AS bp',
    );
    process.stdout.write(`stats-ingest: db-master ${db.host}:${db.masterPort}, sync_binlog=${v[0]?.['sb']}, innodb_flush_log_at_trx_commit=${v[0]?.['fl']}, ` +
      `log_bin=${v[0]?.['lb']}, innodb_buffer_pool_size=${v[0]?.['bp']}M\n`);
    process.stdout.write(`stats-ingest: warm-up, then ${events} events (batch ${batchSize}, ${concurrency} in flight), then ${naiveSeconds} s of naive inserts\n`);
    await measureWriter(pools, tenantId, 10_000, batchSize, concurrency);
    const writer = await measureWriter(pools, tenantId, events, batchSize, concurrency);
    const naive = await measureNaive(pools, tenantId, naiveSeconds);
    process.stdout.write(`stats-ingest: ${writer.batches} batches, at most ${writer.spooled} events spooled during the run\n`);
    process.stdout.write(`bench: stats_ingest_events_per_s=${Math.round(writer.rate)} events/s\n`);
    process.stdout.write(`bench: stats_ingest_naive_events_per_s=${Math.round(naive)} events/s\n`);
    process.stdout.write(`bench: stats_ingest_speedup=${(writer.rate / naive).toFixed(1)} x\n`);
    process.stdout.write(`bench: stats_ingest_goal_met=${writer.rate >= 20_000 ? 'yes' : 'no'} (goal 20000 events/s)\n`);
  } finally {
    await cleanup(pools, tenantId);
    await pools.end();
  }
}
