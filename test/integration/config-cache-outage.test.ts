import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ResultSetHeader } from 'mysql2/promise';
import type { Redis } from 'ioredis';
import { isRunning, ProcessTable } from '@ringwell/cli';
import {
  AcdGroupRepository,
  AdminWriteRunner,
  ConfigCache,
  ConfigFileStore,
  createDbPools,
  createRedis,
  DbUnavailableError,
  MariaDbConfigSource,
  RedisConfigChangeFeed,
  RedisConfigChangeNotifier,
} from '@ringwell/db';
import type { DbPools } from '@ringwell/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreM1AsActiveMaster } from '../src/db-master.js';
import { eventually, REPO_ROOT, testCluster } from '../src/test-cluster.js';

const ctx = testCluster();
const execFileAsync = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'rw-config-it-'));
let pools: DbPools;
let publisher: Redis;
let subscriber: Redis;
let groups: AcdGroupRepository;
let cache: ConfigCache;
let tenantId: string;

beforeAll(async () => {
  pools = createDbPools(ctx.dataTier, 4);
  publisher = createRedis(ctx.dataTier);
  subscriber = createRedis(ctx.dataTier);
  groups = new AcdGroupRepository(pools.master, new AdminWriteRunner(pools.master, new RedisConfigChangeNotifier(publisher)));
  const [res] = await pools.master.execute<ResultSetHeader>('INSERT INTO tenant (slug, name) VALUES (?, ?)', [`it-cache-${randomBytes(3).toString('hex')}`, 'cache']);
  tenantId = String(res.insertId);
  cache = new ConfigCache({
    source: new MariaDbConfigSource(pools.master),
    file: new ConfigFileStore(join(dir, 'config.json')),
    feed: new RedisConfigChangeFeed(subscriber),
    pollIntervalMs: 500,
  });
});

afterAll(async () => {
  // Both masters were restarted: put m1 back in front, as later suites (and a fresh cluster) have it.
  await restoreM1AsActiveMaster(ctx);
  await cache?.stop();
  await pools.master.execute('DELETE FROM acd_group WHERE tenant_id = ?', [tenantId]).catch(() => undefined);
  await pools.master.execute('DELETE FROM tenant WHERE id = ?', [tenantId]).catch(() => undefined);
  await pools.end();
  publisher.disconnect();
  subscriber.disconnect();
  rmSync(dir, { recursive: true, force: true });
}, 90_000);

/** SIGTERMs both masters (HAProxy would fail over from one to the other) and waits until they are gone. */
async function stopBothMasters(): Promise<void> {
  const table = new ProcessTable(ctx.paths.processTable);
  const masters = ['m1', 'm2'].map((name) => {
    const rec = table.get(name);
    if (!rec) throw new Error(`${name} is not recorded in ${ctx.paths.processTable}`);
    return rec;
  });
  for (const rec of masters) process.kill(rec.pid, 'SIGTERM');
  await eventually(async () => masters.every((rec) => !isRunning(rec)), 30_000);
}

describe('config cache over real MariaDB and Redis, through a master outage', () => {
  it('loads at start and picks up a change notification published by an admin write', async () => {
    expect(await cache.start()).toMatchObject({ source: 'db', stale: false });
    expect(cache.tenant(tenantId)?.acdGroups).toEqual([]);
    // Let the subscription settle, then write: the change must arrive by pub/sub, well before a poll would matter.
    await eventually(async () => (await publisher.pubsub('NUMSUB', 'rw:sys:config-changed'))[1] !== 0, 5000);
    const g = await groups.create(tenantId, { name: 'Hotline', strategy: 'ring-all' });
    const seen = await eventually(async () => cache.acdGroup(tenantId, g.id), 3000, 20);
    expect(seen).toMatchObject({ name: 'Hotline', strategy: 'ring-all', version: 1 });
  });

  it('with both masters down: the cache keeps serving, an admin write fails with RW_ERR_DB_UNAVAILABLE, a new server starts from the file', async () => {
    const [g] = await groups.list(tenantId);
    if (!g) throw new Error('no group from the previous test');
    await stopBothMasters();

    const t0 = Date.now();
    const err = await groups.update(tenantId, g.id, g.version, { ...g, name: 'Lost?' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DbUnavailableError);
    expect(err).toMatchObject({ code: 'RW_ERR_DB_UNAVAILABLE', httpStatus: 503, outcome: 'not-applied' });
    expect(Date.now() - t0).toBeLessThan(10_000);

    await cache.resync();
    expect(cache.status.stale).toBe(true);
    expect(cache.acdGroup(tenantId, g.id)?.name).toBe('Hotline');

    const cold = new ConfigCache({ source: new MariaDbConfigSource(pools.master), file: new ConfigFileStore(join(dir, 'config.json')), feed: null });
    expect(await cold.start()).toMatchObject({ source: 'file', stale: true });
    expect(cold.acdGroup(tenantId, g.id)?.name).toBe('Hotline');
    await cold.stop();
  }, 90_000);

  it('after the masters return, the refused write was not applied and the cache is current again', async () => {
    const up = await execFileAsync(process.execPath, [join(REPO_ROOT, 'apps/cli/dist/main.js'), 'up', '--base-port', String(ctx.options.basePort), '--state-dir', ctx.options.stateDir], {
      maxBuffer: 10 * 1024 * 1024,
    });
    expect(up.stdout).toContain('m1');
    const [g] = await eventually(async () => groups.list(tenantId), 30_000, 250);
    expect(g).toMatchObject({ name: 'Hotline', version: 1 });
    await eventually(async () => !cache.status.stale, 10_000);
    // A write after the outage reaches the cache again.
    if (!g) throw new Error('group vanished');
    await groups.update(tenantId, g.id, 1, { ...g, name: 'Hotline 2' });
    expect(await eventually(async () => cache.acdGroup(tenantId, g.id)?.name === 'Hotline 2', 5000, 20)).toBe(true);
  }, 120_000);
});
