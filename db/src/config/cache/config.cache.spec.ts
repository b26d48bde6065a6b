import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DbUnavailableError } from '../errors/db-unavailable.error.js';
import { ConfigUnavailableError } from '../errors/config-unavailable.error.js';
import type { TenantConfig } from '../model/tenant-config.model.js';
import type { ConfigChange } from '../notify/config-change.js';
import type { ConfigChangeFeed, ConfigChangeHandlers } from './config-change.feed.js';
import { ConfigFileStore } from './config-file.store.js';
import { ConfigCache } from './config.cache.js';
import type { ConfigSource } from './config.source.js';

function tenantConfig(id: string, configVersion: number, numbers: string[] = []): TenantConfig {
  return {
    tenant: { id, slug: `t${id}`, name: `Tenant ${id}`, resellerTenantId: null, seatLimit: 5, configVersion, version: 1 },
    acdGroups: [],
    callFlows: [],
    phoneNumbers: numbers.map((n, i) => ({ id: String(i + 1), tenantId: id, number: n, callFlowId: null, description: '', version: 1 })),
  };
}

/** A database that can be switched off; holds tenant configs by id. */
class FakeSource implements ConfigSource {
  up = true;
  data = new Map<string, TenantConfig>();
  loads = 0;
  private check(): void {
    if (!this.up) throw new DbUnavailableError('not-applied', { cause: new Error('connect ECONNREFUSED') });
  }
  async loadAll(): Promise<TenantConfig[]> {
    this.check();
    return [...this.data.values()];
  }
  async loadTenant(id: string): Promise<TenantConfig | null> {
    this.check();
    this.loads++;
    return this.data.get(id) ?? null;
  }
  async configVersions(): Promise<Map<string, number>> {
    this.check();
    return new Map([...this.data].map(([id, t]) => [id, t.tenant.configVersion]));
  }
}

class FakeFeed implements ConfigChangeFeed {
  handlers: ConfigChangeHandlers | null = null;
  start(h: ConfigChangeHandlers): void {
    this.handlers = h;
  }
  async stop(): Promise<void> {
    this.handlers = null;
  }
}

let dir: string;
let source: FakeSource;
let feed: FakeFeed;
let cache: ConfigCache | null;
const change = (tenantId: string, configVersion: number): ConfigChange => ({ tenantId, entity: 'acd-group', id: '1', version: 2, configVersion });
const newCache = (file = join(dir, 'config.json')): ConfigCache =>
  (cache = new ConfigCache({ source, file: new ConfigFileStore(file), feed, pollIntervalMs: 60_000 }));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rw-config-cache-'));
  source = new FakeSource();
  feed = new FakeFeed();
  source.data.set('1', tenantConfig('1', 10, ['+4930111111']));
  cache = null;
});
afterEach(async () => {
  await cache?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('ConfigCache', () => {
  it('loads from the database, writes the file, and routes numbers to their tenant', async () => {
    expect(await newCache().start()).toMatchObject({ source: 'db', stale: false });
    expect(cache?.routeNumber('+4930111111')?.tenantId).toBe('1');
    expect(cache?.routeNumber('+4930999999')).toBeUndefined();
    expect((await new ConfigFileStore(join(dir, 'config.json')).load())?.tenants.map((t) => t.tenant.id)).toEqual(['1']);
  });

  it('starts from the file when the database is down, and says it is stale', async () => {
    await newCache().start();
    await cache?.stop();
    source.up = false;
    const second = newCache();
    expect(await second.start()).toMatchObject({ source: 'file', stale: true });
    expect(second.tenant('1')?.tenant.configVersion).toBe(10);
  });

  it('without database and file it refuses to start with a typed error', async () => {
    source.up = false;
    await expect(newCache(join(dir, 'missing.json')).start()).rejects.toBeInstanceOf(ConfigUnavailableError);
  });

  it('a notification reloads the tenant; one it already has is skipped', async () => {
    await newCache().start();
    source.data.set('1', tenantConfig('1', 11, ['+4930222222']));
    await cache?.onChange(change('1', 11));
    expect(cache?.routeNumber('+4930222222')?.tenantId).toBe('1');
    expect(cache?.routeNumber('+4930111111')).toBeUndefined();
    const loads = source.loads;
    await cache?.onChange(change('1', 11));
    expect(source.loads).toBe(loads);
  });

  it('keeps serving while the database is down, then catches up on resync', async () => {
    const stale: unknown[] = [];
    await newCache().start();
    cache?.on('stale', (err) => stale.push(err));
    source.up = false;
    source.data.set('1', tenantConfig('1', 12, ['+4930333333']));
    await cache?.onChange(change('1', 12));
    expect(cache?.status.stale).toBe(true);
    expect(stale[0]).toBeInstanceOf(DbUnavailableError);
    expect(cache?.routeNumber('+4930111111')?.tenantId).toBe('1');
    source.up = true;
    await cache?.resync();
    expect(cache?.status).toMatchObject({ source: 'db', stale: false });
    expect(cache?.routeNumber('+4930333333')?.tenantId).toBe('1');
  });

  it('resync finds new and deleted tenants a lost notification would have announced', async () => {
    await newCache().start();
    const updated: Array<[string, boolean]> = [];
    cache?.on('updated', (id, removed) => updated.push([id, removed]));
    source.data.delete('1');
    source.data.set('2', tenantConfig('2', 1));
    await cache?.resync();
    expect(cache?.tenantIds()).toEqual(['2']);
    expect(updated).toEqual(expect.arrayContaining([['1', true], ['2', false]]));
  });

  it('the feed drives it: a change and a reconnect both lead to reloads', async () => {
    await newCache().start();
    source.data.set('1', tenantConfig('1', 13));
    feed.handlers?.onChange(change('1', 13));
    source.data.set('3', tenantConfig('3', 1));
    feed.handlers?.onReconnect();
    await cache?.resync();
    expect(cache?.tenant('1')?.tenant.configVersion).toBe(13);
    expect(cache?.tenant('3')).toBeDefined();
  });
});
