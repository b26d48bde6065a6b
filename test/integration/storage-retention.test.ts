import { randomBytes } from 'node:crypto';
import { existsSync, utimesSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createDbPools } from '@ringwell/db';
import type { DbPools } from '@ringwell/db';
import {
  RetentionRuleRepository,
  RetentionRunner,
  SmbStorageDriver,
  StoredFileRepository,
  formatRetentionReport,
  keyPath,
  putBuffer,
} from '@ringwell/storage';
import type { StorageKey, TenantFileKind } from '@ringwell/storage';
import type { ResultSetHeader } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCluster } from '../src/test-cluster.js';

const ctx = testCluster();
const t = ctx.topology;
const run = randomBytes(3).toString('hex');
let pools: DbPools;
let tenantId: number;
let share: SmbStorageDriver;
const DAY = 86_400_000;

beforeAll(async () => {
  pools = createDbPools(ctx.dataTier, 2);
  const [res] = await pools.master.execute<ResultSetHeader>('INSERT INTO tenant (slug, name) VALUES (?, ?)', [`it-retention-${run}`, 'retention test']);
  tenantId = res.insertId;
  share = new SmbStorageDriver({ host: t.haproxy.host, port: t.haproxy.smbPort, share: t.samba.share, user: t.samba.user, password: ctx.secrets.smbPassword });
});

afterAll(async () => {
  await share.close();
  await pools.master.execute('DELETE FROM stored_file WHERE tenant_id = ?', [tenantId]);
  await pools.master.execute('DELETE FROM storage_retention WHERE tenant_id = ?', [tenantId]);
  await pools.master.execute('DELETE FROM tenant WHERE id = ?', [tenantId]);
  await rm(join(ctx.paths.smbShare, 'tenants', String(tenantId)), { recursive: true, force: true });
  await pools.end();
});

describe('retention per tenant and kind', () => {
  it('a dry run reports exactly what a real run then deletes; nothing else is touched', async () => {
    const now = new Date();
    const key = (kind: TenantFileKind, name: string, dir: string[] = []): StorageKey => ({ scope: 'tenant', tenantId, kind, dir, name });
    const files: Array<{ key: StorageKey; ageDays: number; expired: boolean }> = [
      { key: key('recordings', 'old-40d.wav', ['2026', '01', '01']), ageDays: 40, expired: true },
      { key: key('recordings', 'old-31d.wav', ['2026', '01', '02']), ageDays: 31, expired: true },
      { key: key('recordings', 'young-29d.wav', ['2026', '01', '02']), ageDays: 29, expired: false },
      { key: key('recordings', 'today.wav', ['2026', '02', '01']), ageDays: 0, expired: false },
      { key: key('voicemail', 'vm-8d.wav'), ageDays: 8, expired: true },
      { key: key('voicemail', 'vm-6d.wav'), ageDays: 6, expired: false },
      // No rule for prompts: kept whatever their age.
      { key: key('prompts', 'welcome-400d.wav'), ageDays: 400, expired: false },
    ];
    for (const f of files) {
      await putBuffer(share, f.key, Buffer.from(`content of ${f.key.name}`));
      const at = new Date(now.getTime() - f.ageDays * DAY - 60_000);
      utimesSync(join(ctx.paths.smbShare, keyPath(f.key)), at, at);
    }
    const repo = new StoredFileRepository(pools.master);
    const tracked = await repo.insertLocal({ tenantId, kind: 'recordings', storageKey: keyPath(files[0]!.key), sizeBytes: 1, sha256: 'a'.repeat(64), spoolNode: 'it' });
    expect(await repo.markUploaded(tracked.id, tracked.version)).toBe(true);

    const rules = new RetentionRuleRepository(pools.master);
    await rules.set({ tenantId, kind: 'recordings', keepDays: 30 });
    await rules.set({ tenantId, kind: 'voicemail', keepDays: 7 });
    const runner = new RetentionRunner(share, rules, repo);
    const expectedPaths = files.filter((f) => f.expired).map((f) => keyPath(f.key)).sort();

    const dry = await runner.run({ dryRun: true, now, tenantId });
    expect(dry.rules.flatMap((r) => r.expired.map((e) => e.path)).sort()).toEqual(expectedPaths);
    expect(dry.rules.every((r) => r.deleted === 0)).toBe(true);
    expect(formatRetentionReport(dry)).toContain('would be deleted');
    for (const f of files) expect(existsSync(join(ctx.paths.smbShare, keyPath(f.key))), `dry run kept ${f.key.name}`).toBe(true);

    const real = await runner.run({ dryRun: false, now, tenantId });
    expect(real.rules.flatMap((r) => r.expired.map((e) => e.path)).sort()).toEqual(expectedPaths);
    expect(real.rules.reduce((n, r) => n + r.deleted, 0)).toBe(expectedPaths.length);
    for (const f of files) {
      expect(existsSync(join(ctx.paths.smbShare, keyPath(f.key))), `${f.key.name} ${f.expired ? 'deleted' : 'kept'}`).toBe(!f.expired);
    }
    expect((await repo.findById(tracked.id))?.location).toBe('expired');

    // Running again finds nothing more to do.
    const again = await runner.run({ dryRun: false, now, tenantId });
    expect(again.rules.flatMap((r) => r.expired)).toEqual([]);
  });
});
