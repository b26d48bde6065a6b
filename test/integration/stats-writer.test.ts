import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { newAgentStatus, transition } from '@ringwell/acd';
import type { AgentStateChange } from '@ringwell/acd';
import { ProcessTable, stopProcess, tcpProbe } from '@ringwell/cli';
import { createDbPools, IntervalRollupRepository, StatisticsWriter } from '@ringwell/db';
import type { AgentStateChangeRecord, DbPools, StatisticsLogger } from '@ringwell/db';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreM1AsActiveMaster } from '../src/db-master.js';
import { eventually, REPO_ROOT, testCluster } from '../src/test-cluster.js';

// Compile-time proof that the ACD domain's history entry is what the writer takes, field for field.
const asRecord = (c: AgentStateChange): AgentStateChangeRecord => c;

const ctx = testCluster();
const execFileAsync = promisify(execFile);
// Statistics rows have no FK to tenant, so a random high id isolates this file's rows.
const tenantId = String(900_000_000 + randomInt(1_000_000));
const T0 = Date.UTC(2030, 0, 1, 9, 0, 0);
const errors: object[] = [];
const logger: StatisticsLogger = { info: () => undefined, warn: (o) => void errors.push(o), error: (o) => void errors.push(o) };
let pools: DbPools;
let spoolDir: string;

beforeAll(async () => {
  pools = createDbPools(ctx.dataTier, 4);
  spoolDir = await mkdtemp(join(tmpdir(), 'rw-stats-it-'));
});
afterAll(async () => {
  // The outage test restarted both masters: put m1 back in front, as later suites expect.
  await restoreM1AsActiveMaster(ctx);
  for (const table of ['stat_call', 'stat_call_segment', 'stat_agent_state_change', 'stat_acd_group_interval', 'stat_agent_interval']) {
    await pools.master.query(`DELETE FROM ${table} WHERE tenant_id = ?`, [tenantId]);
  }
  await pools.end();
  await rm(spoolDir, { recursive: true, force: true });
}, 90_000);

async function count(table: string, where = '1 = 1', params: unknown[] = []): Promise<{ rows: number; distinct: number }> {
  const [r] = await pools.master.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS d FROM ${table} WHERE tenant_id = ? AND ${where}`,
    [tenantId, ...params],
  );
  return { rows: Number(r[0]?.['n']), distinct: Number(r[0]?.['d']) };
}

function change(i: number, agentId = '501'): AgentStateChangeRecord {
  return {
    tenantId, agentId, from: 'available', fromSince: T0 + i, to: 'paused', at: T0 + i + 1, event: 'pause', reason: 'pause',
    pauseReason: 'outage-test', callId: null, acdGroupId: null,
  };
}

describe('durable statistics writer against MariaDB through HAProxy db-master', () => {
  it('writes a call, its segments and the domain\'s agent history with exact UTC times, and a replay adds nothing', async () => {
    const writer = await StatisticsWriter.open({ sink: pools.master, spoolDir: join(spoolDir, 'basic'), logger });
    const callId = `it-call-${tenantId}`;
    writer.recordCall({
      tenantId, callId, direction: 'inbound', caller: '+4930123', callee: '+4930999', acdGroupId: '11', agentId: '21',
      outcome: 'answered', startedAt: T0, answeredAt: T0 + 12_345, endedAt: T0 + 100_000, waitMs: 10_000, talkMs: 80_000, holdMs: 5_000, wrapUpMs: 7_000,
    }, `${callId}:cdr`);
    const kinds = ['ivr', 'queue', 'offered', 'talking', 'hold', 'wrap-up', 'transfer'] as const;
    const outcomes = { ivr: 'completed', queue: 'answered', offered: 'accepted', talking: null, hold: null, 'wrap-up': null, transfer: 'completed' } as const;
    kinds.forEach((kind, seq) => writer.recordCallSegment({
      tenantId, callId, seq, kind, startedAt: T0 + seq * 1000, endedAt: T0 + seq * 1000 + 999, acdGroupId: '11', agentId: kind === 'ivr' ? null : '21',
      outcome: outcomes[kind], serviceLevelMs: kind === 'queue' ? 20_000 : null, shortAbandonMs: kind === 'queue' ? 5_000 : null,
      transferTarget: kind === 'transfer' ? '+4930555' : null,
    }, `${callId}:seg:${seq}`));
    // A real history entry from the ACD domain's state machine, recorded as it comes.
    const login = transition(newAgentStatus(tenantId, '21', T0 - 60_000), { type: 'login' }, T0);
    expect(login.change).not.toBeNull();
    if (login.change) writer.recordAgentStateChange(asRecord(login.change), `${callId}:login`);
    await writer.flush();

    const [cdr] = await pools.master.query<RowDataPacket[]>(
      "SELECT direction, outcome, DATE_FORMAT(answered_at, '%Y-%m-%d %H:%i:%s.%f') AS answered, wait_ms, talk_ms FROM stat_call WHERE tenant_id = ? AND call_id = ?",
      [tenantId, callId],
    );
    expect(cdr).toHaveLength(1);
    expect(cdr[0]).toMatchObject({ direction: 'inbound', outcome: 'answered', answered: '2030-01-01 09:00:12.345000', wait_ms: 10_000, talk_ms: 80_000 });
    const [segs] = await pools.master.query<RowDataPacket[]>('SELECT kind FROM stat_call_segment WHERE tenant_id = ? AND call_id = ? ORDER BY seq', [tenantId, callId]);
    expect(segs.map((s) => s['kind'])).toEqual([...kinds]);
    const [hist] = await pools.master.query<RowDataPacket[]>(
      "SELECT from_state, to_state, event, reason, DATE_FORMAT(from_since, '%H:%i:%s') AS since FROM stat_agent_state_change WHERE tenant_id = ? AND event_id = ?",
      [tenantId, `${callId}:login`],
    );
    expect(hist[0]).toMatchObject({ from_state: 'logged-out', to_state: 'available', event: 'login', reason: 'login', since: '08:59:00' });

    // The same event ids again (a spool replayed after an ambiguous commit): nothing new.
    writer.recordCall({
      tenantId, callId, direction: 'inbound', caller: null, callee: null, acdGroupId: null, agentId: null,
      outcome: 'abandoned', startedAt: T0, answeredAt: null, endedAt: T0 + 1, waitMs: 0, talkMs: 0, holdMs: 0, wrapUpMs: 0,
    }, `${callId}:cdr`);
    await writer.flush();
    expect(await count('stat_call', 'call_id = ?', [callId])).toEqual({ rows: 1, distinct: 1 });
    await writer.close();
  });

  it('master DB unreachable (m1 and m2 stopped): statistics are spooled, then appear once the masters are back, exactly once', async () => {
    const writer = await StatisticsWriter.open({ sink: pools.master, spoolDir: join(spoolDir, 'outage'), logger, retryMaxMs: 500 });
    const before = 300;
    const during = 2000;
    for (let i = 0; i < before; i++) writer.recordAgentStateChange(change(i), `outage-${tenantId}-${i}`);
    await writer.flush();
    expect(await count('stat_agent_state_change', "pause_reason = 'outage-test'")).toEqual({ rows: before, distinct: before });

    const table = new ProcessTable(ctx.paths.processTable);
    for (const name of ['m1', 'm2']) {
      const p = table.get(name);
      if (!p) throw new Error(`${name} is not in the process table`);
      await stopProcess(p, 20_000);
    }
    try {
      // The writer must keep accepting while db-master has no server behind it.
      for (let i = before; i < before + during; i++) writer.recordAgentStateChange(change(i), `outage-${tenantId}-${i}`);
      await writer.flush();
      const m = writer.metrics();
      expect(m.dbAvailable).toBe(false);
      expect(m.spooled).toBe(during);
      expect(m.lastErrorCode).toBe('STATS_ERR_DB_UNAVAILABLE');
      expect((await readdir(join(spoolDir, 'outage'))).some((f) => f.startsWith('seg-'))).toBe(true);
    } finally {
      // `up` starts only what is down: the two masters.
      await execFileAsync(process.execPath, [join(REPO_ROOT, 'apps/cli/dist/main.js'), 'up', '--base-port', String(ctx.options.basePort), '--state-dir', ctx.options.stateDir], { maxBuffer: 10 * 1024 * 1024 });
    }
    expect(await tcpProbe(ctx.dataTier.db.host, ctx.dataTier.db.masterPort)).toBe(true);

    await eventually(async () => writer.metrics().spooled === 0, 60_000, 200);
    await writer.flush();
    expect(await count('stat_agent_state_change', "pause_reason = 'outage-test'")).toEqual({ rows: before + during, distinct: before + during });
    expect(writer.metrics()).toMatchObject({ dbAvailable: true, spooled: 0, spoolSegments: 0, rejected: 0 });
    expect((await readdir(join(spoolDir, 'outage'))).filter((f) => f.startsWith('seg-'))).toEqual([]);
    await writer.close();
  }, 180_000);

  it('rolls 15-minute aggregates up per ACD group and per agent, splitting states across interval boundaries', async () => {
    const writer = await StatisticsWriter.open({ sink: pools.master, spoolDir: join(spoolDir, 'rollup'), logger });
    const start = Date.UTC(2030, 0, 2, 10, 0, 0);
    const seg = (callId: string, outcome: 'answered' | 'abandoned', waitMs: number, at: number): void =>
      void writer.recordCallSegment({
        tenantId, callId, seq: 0, kind: 'queue', startedAt: at, endedAt: at + waitMs, acdGroupId: '77', agentId: null, outcome,
        serviceLevelMs: 20_000, shortAbandonMs: 5_000, transferTarget: null,
      });
    seg('r1', 'answered', 10_000, start + 1000);
    seg('r2', 'answered', 30_000, start + 2000);
    seg('r3', 'abandoned', 3_000, start + 3000);
    seg('r4', 'abandoned', 9_000, start + 4000);
    seg('r5', 'answered', 1_000, start + 15 * 60_000); // next interval
    writer.recordCallSegment({
      tenantId, callId: 'r1', seq: 1, kind: 'talking', startedAt: start + 11_000, endedAt: start + 71_000, acdGroupId: '77', agentId: '601',
      outcome: null, serviceLevelMs: null, shortAbandonMs: null, transferTarget: null,
    });
    // Agent 601: available from 09:50 to 10:05 (5 min of this interval), then on a call to 10:20 (10 min of it).
    writer.recordAgentStateChange({ tenantId, agentId: '601', from: 'available', fromSince: start - 10 * 60_000, to: 'offered', at: start + 5 * 60_000, event: 'offer', reason: 'offer', pauseReason: null, callId: 'r1', acdGroupId: '77' });
    writer.recordAgentStateChange({ tenantId, agentId: '601', from: 'offered', fromSince: start + 5 * 60_000, to: 'on-call', at: start + 5 * 60_000, event: 'offer-accepted', reason: 'offer-accepted', pauseReason: null, callId: 'r1', acdGroupId: '77' });
    writer.recordAgentStateChange({ tenantId, agentId: '601', from: 'on-call', fromSince: start + 5 * 60_000, to: 'wrap-up', at: start + 20 * 60_000, event: 'hang-up', reason: 'hang-up', pauseReason: null, callId: 'r1', acdGroupId: '77' });
    // Agent 603 logged in two hours before and has not changed state since: available for the
    // whole interval. Agent 602 logged out the day before: no open span, so no row at all.
    writer.recordAgentStateChange({ tenantId, agentId: '603', from: 'logged-out', fromSince: start - 3 * 3600_000, to: 'available', at: start - 2 * 3600_000, event: 'login', reason: 'login', pauseReason: null, callId: null, acdGroupId: null });
    writer.recordAgentStateChange({ tenantId, agentId: '602', from: 'available', fromSince: start - 25 * 3600_000, to: 'logged-out', at: start - 24 * 3600_000, event: 'logout', reason: 'logout', pauseReason: null, callId: null, acdGroupId: null });
    await writer.flush();
    await writer.close();

    const rollup = new IntervalRollupRepository(pools.master);
    await rollup.rollUp(tenantId, start);
    await rollup.rollUp(tenantId, start); // idempotent: recomputed, not added
    const [g] = await pools.master.query<RowDataPacket[]>('SELECT * FROM stat_acd_group_interval WHERE tenant_id = ?', [tenantId]);
    expect(g).toHaveLength(1);
    expect(g[0]).toMatchObject({
      acd_group_id: 77, queued: 4, answered: 2, answered_within_threshold: 1, abandoned: 2, short_abandoned: 1,
      answer_wait_ms: 40_000, abandon_wait_ms: 12_000, talk_ms: 60_000,
    });
    const [a] = await pools.master.query<RowDataPacket[]>('SELECT * FROM stat_agent_interval WHERE tenant_id = ? AND agent_id BETWEEN 600 AND 699 ORDER BY agent_id', [tenantId]);
    expect(a.map((r) => r['agent_id'])).toEqual([601, 603]);
    expect(a[1]).toMatchObject({ agent_id: 603, available_ms: 900_000, on_call_ms: 0, offers: 0 });
    expect(a[0]).toMatchObject({ agent_id: 601, available_ms: 300_000, offered_ms: 0, on_call_ms: 600_000, offers: 1, offers_accepted: 1, offers_missed: 0 });
  });
});
