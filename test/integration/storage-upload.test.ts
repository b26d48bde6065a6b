import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ProcessTable, clusterUp, isRunning, stopProcess } from '@ringwell/cli';
import { createDbPools, createRedis } from '@ringwell/db';
import type { DbPools } from '@ringwell/db';
import {
  FileIntake,
  LocalDirStorageDriver,
  SmbStorageDriver,
  StoredFileRepository,
  UploadProcessor,
  UploadQueue,
  UploadWorker,
  keyPath,
  recordingKey,
  silentLogger,
} from '@ringwell/storage';
import type { StoredFile } from '@ringwell/storage';
import type { Redis } from 'ioredis';
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, testCluster } from '../src/test-cluster.js';

const ctx = testCluster();
const t = ctx.topology;
const run = randomBytes(3).toString('hex');
const spoolNode = `it-${run}`;
let pools: DbPools;
let redis: Redis;
let tenantId: number;
let spoolRoot: string;

beforeAll(async () => {
  pools = createDbPools(ctx.dataTier, 4);
  redis = createRedis(ctx.dataTier);
  const [res] = await pools.master.execute<ResultSetHeader>('INSERT INTO tenant (slug, name) VALUES (?, ?)', [`it-upload-${run}`, 'upload test']);
  tenantId = res.insertId;
  spoolRoot = await mkdtemp(join(tmpdir(), 'rw-spool-'));
});

afterAll(async () => {
  await pools.master.execute('DELETE FROM stored_file WHERE tenant_id = ?', [tenantId]);
  await pools.master.execute('DELETE FROM tenant WHERE id = ?', [tenantId]);
  await rm(join(ctx.paths.smbShare, 'tenants', String(tenantId)), { recursive: true, force: true });
  await rm(spoolRoot, { recursive: true, force: true });
  redis.disconnect();
  await pools.end();
});

async function stopSamba(): Promise<void> {
  const samba = new ProcessTable(ctx.paths.processTable).get('samba');
  if (!samba) throw new Error('no samba in the process table');
  // Samba and its per-connection children: the whole session the harness started.
  await stopProcess(samba, 5000);
  expect(isRunning(samba)).toBe(false);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const files = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('recording upload queue (BullMQ) with Samba stopped mid-way', () => {
  it('every recording arrives exactly once with matching checksums, and no local copy is lost', async () => {
    const spool = new LocalDirStorageDriver(spoolRoot);
    // Short timeouts and back-off so the outage is noticed and left within the test's time.
    const share = new SmbStorageDriver({
      host: t.haproxy.host, port: t.haproxy.smbPort, share: t.samba.share, user: t.samba.user, password: ctx.secrets.smbPassword,
      connectTimeoutMs: 2000, requestTimeoutMs: 5000,
    });
    const repo = new StoredFileRepository(pools.master);
    const prefix = `rw:it-${run}:bull`;
    const queue = new UploadQueue(redis, spoolNode, prefix);
    const intake = new FileIntake(spool, repo, queue, spoolNode, silentLogger);
    const worker = new UploadWorker({
      connection: redis, spoolNode, processor: new UploadProcessor(spool, share, repo), files: repo, logger: silentLogger,
      prefix, concurrency: 3, backoffBaseMs: 200, backoffMaxMs: 1000, sweepIntervalMs: 0,
    });
    const day = new Date();
    const expected = new Map<string, string>();
    const rows: StoredFile[] = [];
    const record = async (i: number): Promise<void> => {
      const data = randomBytes(3 * 1024 * 1024 + i);
      const key = recordingKey(tenantId, day, `call-${run}-${i}.wav`);
      expected.set(key.name, sha(data));
      rows.push(await intake.store(key, Readable.from([data])));
    };
    const dayDir = join(ctx.paths.smbShare, ...keyPath(recordingKey(tenantId, day, 'x')).split('/').slice(0, -1));
    const spoolDayDir = join(spoolRoot, ...keyPath(recordingKey(tenantId, day, 'x')).split('/').slice(0, -1));
    const location = async (): Promise<Record<string, number>> => {
      const [r] = await pools.master.execute<RowDataPacket[]>('SELECT location, COUNT(*) AS n FROM stored_file WHERE tenant_id = ? GROUP BY location', [tenantId]);
      return Object.fromEntries(r.map((x) => [String(x['location']), Number(x['n'])]));
    };
    try {
      // Phase 1: the share is up; uploads start flowing.
      for (let i = 0; i < 6; i++) await record(i);
      await eventually(async () => ((await location())['share'] ?? 0) >= 1, 20_000, 50);

      // Phase 2: Samba goes away while uploads are in flight; recordings keep coming.
      await stopSamba();
      for (let i = 6; i < 12; i++) await record(i);
      await new Promise((r) => setTimeout(r, 3000));
      const during = await location();
      expect(during['local'] ?? 0, 'uploads wait while the share is down').toBeGreaterThanOrEqual(6);
      // Nothing waiting is lost: every row still local has its spool file, byte-identical.
      const [waiting] = await pools.master.execute<RowDataPacket[]>("SELECT storage_key, sha256 FROM stored_file WHERE tenant_id = ? AND location = 'local'", [tenantId]);
      for (const w of waiting) {
        expect(sha(readFileSync(join(spoolRoot, String(w['storage_key'])))), String(w['storage_key'])).toBe(w['sha256']);
      }

      // Phase 3: Samba is back (the CLI restarts only what is down); the worker resumes by itself.
      await clusterUp(ctx);
      await eventually(async () => (await location())['share'] === 12, 60_000, 200);

      const names = [...expected.keys()].sort();
      // Exactly one copy of each, no temporary leftovers among the files a key can address.
      expect(files(dayDir).filter((f) => !f.startsWith('.'))).toEqual(names);
      for (const [name, digest] of expected) expect(sha(readFileSync(join(dayDir, name))), name).toBe(digest);
      // The spool is empty: each local copy was removed only after its upload was verified.
      expect(files(spoolDayDir)).toEqual([]);
      const [final] = await pools.master.execute<RowDataPacket[]>(
        'SELECT storage_key, sha256, size_bytes, upload_attempts, uploaded_at FROM stored_file WHERE tenant_id = ?', [tenantId],
      );
      expect(final).toHaveLength(12);
      for (const r of final) {
        const name = String(r['storage_key']).split('/').pop() ?? '';
        expect(r['sha256']).toBe(expected.get(name));
        expect(r['uploaded_at']).not.toBeNull();
      }
      // The outage really hit the queue: some uploads needed more than one attempt.
      expect(final.some((r) => Number(r['upload_attempts']) > 0)).toBe(true);
    } finally {
      await worker.close();
      await queue.queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await share.close();
    }
  }, 120_000);

  it('the sweep re-enqueues a spooled file whose job was lost, and a missing local copy is rejected, not retried forever', async () => {
    const spool = new LocalDirStorageDriver(spoolRoot);
    const share = new SmbStorageDriver({ host: t.haproxy.host, port: t.haproxy.smbPort, share: t.samba.share, user: t.samba.user, password: ctx.secrets.smbPassword });
    const repo = new StoredFileRepository(pools.master);
    const node = `${spoolNode}-b`;
    const prefix = `rw:it-${run}-b:bull`;
    // A file spooled and recorded, but never enqueued (say Redis was failing over).
    const data = randomBytes(100_000);
    const key = recordingKey(tenantId, new Date(), `lost-job-${run}.wav`);
    const put = await spool.put(key, Readable.from([data]));
    const row = await repo.insertLocal({ tenantId, kind: 'recordings', storageKey: keyPath(key), sizeBytes: put.size, sha256: put.sha256, spoolNode: node });
    // And one whose local copy vanished before any upload.
    const ghost = await repo.insertLocal({ tenantId, kind: 'recordings', storageKey: `tenants/${tenantId}/recordings/ghost-${run}.wav`, sizeBytes: 5, sha256: '0'.repeat(64), spoolNode: node });
    const worker = new UploadWorker({
      connection: redis, spoolNode: node, processor: new UploadProcessor(spool, share, repo), files: repo, logger: silentLogger,
      prefix, backoffBaseMs: 100, backoffMaxMs: 200, sweepIntervalMs: 0,
    });
    try {
      expect(await worker.sweep()).toBe(2);
      await eventually(async () => (await repo.findById(row.id))?.location === 'share', 20_000, 100);
      expect(await share.stat(key)).toMatchObject({ size: data.length });
      expect(await spool.stat(key)).toBeNull();
      const jobs = new UploadQueue(redis, node, prefix);
      const failed = await eventually(async () => {
        const job = await jobs.queue.getJob(`file-${ghost.id}-v${ghost.version}`);
        return job && (await job.isFailed()) ? job : null;
      }, 20_000, 100).finally(() => jobs.close());
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toMatch(/UploadRejectedError: local copy .* is missing/);
      expect((await repo.findById(ghost.id))?.location).toBe('local');
    } finally {
      await worker.close();
      const q = new UploadQueue(redis, node, prefix);
      await q.queue.obliterate({ force: true }).catch(() => undefined);
      await q.close();
      await share.close();
    }
  }, 60_000);
});
