import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStatisticsEventError } from '../errors/invalid-statistics-event.error.js';
import { WriterClosedError } from '../errors/writer-closed.error.js';
import { REJECTED_FILE } from '../spool/file.spool.js';
import type { AgentStateChangeRecord, StatisticsEvent } from '../statistics-event.js';
import type { StatisticsLogger } from '../statistics.logger.js';
import { StatisticsWriter } from './statistics.writer.js';
import type { StatisticsSink } from './statistics.writer.js';

/** An in-memory table keyed by event id, like the UNIQUE key, that can be taken down. */
class FakeSink implements StatisticsSink {
  readonly rows = new Map<string, StatisticsEvent>();
  inserts = 0;
  batchSizes: number[] = [];
  down = false;
  /** Event ids MariaDB would refuse for their values (errno 1406). */
  readonly poison = new Set<string>();
  delayMs = 0;

  async insertBatch(events: readonly StatisticsEvent[]): Promise<void> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:28000'), { code: 'ECONNREFUSED' });
    if (events.some((e) => this.poison.has(e.eventId))) {
      throw Object.assign(new Error("Data too long for column 'caller'"), { errno: 1406, code: 'ER_DATA_TOO_LONG' });
    }
    this.inserts++;
    this.batchSizes.push(events.length);
    for (const e of events) if (!this.rows.has(e.eventId)) this.rows.set(e.eventId, e);
  }
}

const silent: StatisticsLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function change(i: number): AgentStateChangeRecord {
  return {
    tenantId: '7', agentId: String(100 + (i % 5)), from: 'available', fromSince: 1_700_000_000_000 + i, to: 'offered',
    at: 1_700_000_000_500 + i, event: 'offer', reason: 'offer', pauseReason: null, callId: `c-${i}`, acdGroupId: '3',
  };
}

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let dir: string;
let sink: FakeSink;
const open = (extra: Partial<Parameters<typeof StatisticsWriter.open>[0]> = {}): Promise<StatisticsWriter> =>
  StatisticsWriter.open({ sink, spoolDir: dir, logger: silent, retryMinMs: 20, retryMaxMs: 50, ...extra });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rw-stats-'));
  sink = new FakeSink();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('StatisticsWriter', () => {
  it('writes in batches of batchSize and a partial batch after maxDelayMs', async () => {
    const w = await open({ batchSize: 500, maxDelayMs: 30 });
    for (let i = 0; i < 1200; i++) w.recordAgentStateChange(change(i));
    await until(() => sink.rows.size === 1200);
    expect(sink.batchSizes).toEqual([500, 500, 200]);
    expect(w.metrics()).toMatchObject({ queued: 0, spooled: 0, written: 1200, dbAvailable: true });
    await w.close();
  });

  it('spools during an outage without failing the caller, then replays every event exactly once', async () => {
    const w = await open({ batchSize: 100 });
    for (let i = 0; i < 250; i++) w.recordAgentStateChange(change(i));
    await w.flush();
    sink.down = true;
    for (let i = 250; i < 1000; i++) w.recordAgentStateChange(change(i));
    await w.flush();
    const during = w.metrics();
    expect(during.dbAvailable).toBe(false);
    expect(during.spooled).toBe(750);
    expect(during.lastErrorCode).toBe('STATS_ERR_DB_UNAVAILABLE');
    expect(sink.rows.size).toBe(250);
    expect((await readdir(dir)).some((f) => f.startsWith('seg-'))).toBe(true);

    sink.down = false;
    await until(() => w.metrics().spooled === 0);
    await w.flush();
    expect(sink.rows.size).toBe(1000);
    expect(w.metrics()).toMatchObject({ dbAvailable: true, spooled: 0, spoolSegments: 0 });
    expect((await readdir(dir)).filter((f) => f.startsWith('seg-'))).toEqual([]);
    await w.close();
  });

  it('keeps events spooled by a closed writer and replays them when the directory is opened again', async () => {
    sink.down = true;
    const first = await open();
    const ids = Array.from({ length: 40 }, (_, i) => first.recordAgentStateChange(change(i)));
    await first.close();
    expect(sink.rows.size).toBe(0);

    sink.down = false;
    const second = await open();
    await second.flush();
    expect([...sink.rows.keys()].sort()).toEqual([...ids].sort());
    await second.close();
  });

  it('replays a segment again after a failure midway without writing anything twice', async () => {
    sink.down = true;
    const w = await open({ batchSize: 10 });
    for (let i = 0; i < 35; i++) w.recordAgentStateChange(change(i));
    await w.flush();
    // Let two batches of the segment commit, then fail: the segment stays and is replayed whole.
    let allowed = 2;
    const real = sink.insertBatch.bind(sink);
    sink.down = false;
    sink.insertBatch = async (events) => {
      if (allowed-- <= 0 && allowed > -3) throw Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' });
      return real(events);
    };
    await until(() => w.metrics().spooled === 0);
    expect(sink.rows.size).toBe(35);
    await w.close();
  });

  it('sets a refused event aside and writes the rest of its batch', async () => {
    const w = await open({ batchSize: 50 });
    const ids = Array.from({ length: 50 }, (_, i) => `ev-${String(i).padStart(3, '0')}`);
    sink.poison.add('ev-017');
    ids.forEach((id, i) => w.recordAgentStateChange(change(i), id));
    await w.flush();
    expect(sink.rows.size).toBe(49);
    expect(sink.rows.has('ev-017')).toBe(false);
    expect(w.metrics()).toMatchObject({ rejected: 1, written: 49, dbAvailable: true, lastErrorCode: 'STATS_ERR_EVENT_REJECTED' });
    const rejected = (await readFile(join(dir, REJECTED_FILE), 'utf8')).trim().split('\n');
    expect(rejected).toHaveLength(1);
    expect(JSON.parse(rejected[0] ?? '{}')).toMatchObject({ code: 'STATS_ERR_EVENT_REJECTED', event: { eventId: 'ev-017' }, error: { errno: 1406 } });
    await w.close();
  });

  it('bounds memory: beyond maxQueued, events go to the spool while the database is slow', async () => {
    sink.delayMs = 50;
    const w = await open({ batchSize: 10, concurrency: 1, maxQueued: 30 });
    for (let i = 0; i < 200; i++) w.recordAgentStateChange(change(i));
    // queued counts the batch in flight too: the bound is maxQueued + concurrency × batchSize.
    expect(w.metrics().queued).toBeLessThanOrEqual(30 + 10);
    expect(w.metrics().spooled).toBe(200 - w.metrics().queued);
    await w.flush();
    expect(sink.rows.size).toBe(200);
    await w.close();
  });

  it('refuses an invalid event in the caller, naming the field, and an event after close', async () => {
    const w = await open();
    expect(() => w.recordAgentStateChange({ ...change(1), agentId: 'agent-one' })).toThrow(InvalidStatisticsEventError);
    expect(() => w.recordAgentStateChange({ ...change(1), at: 1 })).toThrow(/change.at is before fromSince/);
    expect(() => w.recordCallSegment({
      tenantId: '7', callId: 'c', seq: 0, kind: 'talking', startedAt: 1, endedAt: 2, acdGroupId: '3', agentId: '4',
      outcome: 'answered', serviceLevelMs: null, shortAbandonMs: null, transferTarget: null,
    })).toThrow(/segment.outcome must be null for talking/);
    await w.close();
    expect(() => w.recordAgentStateChange(change(2))).toThrow(WriterClosedError);
    expect(sink.rows.size).toBe(0);
  });

  it('refuses a spool directory another live writer holds', async () => {
    const w = await open();
    await expect(open()).rejects.toMatchObject({ code: 'STATS_ERR_SPOOL_LOCKED' });
    await w.close();
    const again = await open();
    await again.close();
  });
});
