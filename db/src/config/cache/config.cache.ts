import { EventEmitter } from 'node:events';
import { ConfigUnavailableError } from '../errors/config-unavailable.error.js';
import type { AcdGroup } from '../model/acd-group.model.js';
import type { CallFlow } from '../model/call-flow.model.js';
import type { PhoneNumber } from '../model/phone-number.model.js';
import type { TenantConfig } from '../model/tenant-config.model.js';
import type { ConfigChange } from '../notify/config-change.js';
import type { ConfigChangeFeed } from './config-change.feed.js';
import type { ConfigFileStore } from './config-file.store.js';
import type { ConfigSource } from './config.source.js';

/** Typed events: servers log them and show `stale` in /healthz. */
export interface ConfigCacheEvents {
  /** A tenant's configuration was replaced (or removed: `removed` true). */
  updated: [tenantId: string, removed: boolean];
  /** A load from the database failed; the cache keeps serving what it has. */
  stale: [err: unknown];
  /**
   * Something went wrong that does not stop serving (file write, bad message, feed). Not
   * named `error`: an EventEmitter throws an `error` nobody listens to, and a cache must not
   * crash its server over a failed file write.
   */
  warning: [err: unknown];
}

export interface ConfigCacheOptions {
  readonly source: ConfigSource;
  readonly file: ConfigFileStore;
  /** Null: no notifications, polling only (tools, tests). */
  readonly feed: ConfigChangeFeed | null;
  /** How often to compare `tenant.config_version` (catches missed notifications, retries after an outage). */
  readonly pollIntervalMs?: number;
}

/** Where the configuration being served came from. */
export interface ConfigCacheStatus {
  readonly source: 'db' | 'file' | 'none';
  /** True while the last database load failed: serving an older copy. */
  readonly stale: boolean;
  /** When the served configuration was read from the database (ms since epoch). */
  readonly loadedAt: number | null;
}

/** A DID lookup: which tenant and flow an incoming call to this number runs. */
export interface NumberRoute {
  readonly tenantId: string;
  readonly phoneNumber: PhoneNumber;
  readonly callFlow: CallFlow | null;
}

/**
 * Each server's local copy of tenants, ACD groups, call flows and numbers: in memory for
 * lookups on every call, on disk so it survives a restart while the database is down.
 *
 * - Start: load from the database and write the file; if the database is unreachable, load
 *   the file (status `file`, stale) and keep retrying. Neither: `ConfigUnavailableError`.
 * - Change notification: reload that tenant, unless the cache already holds its
 *   `configVersion` or newer.
 * - Every `pollIntervalMs` and on feed reconnect: compare every tenant's `config_version` and
 *   reload those that differ, so a lost notification delays a change, never loses it.
 * - A failed load never empties the cache: it keeps serving and reports `stale`.
 */
export class ConfigCache extends EventEmitter<ConfigCacheEvents> {
  private tenants = new Map<string, TenantConfig>();
  private numbers = new Map<string, NumberRoute>();
  private current: ConfigCacheStatus = { source: 'none', stale: true, loadedAt: null };
  private timer: NodeJS.Timeout | null = null;
  /** Loads run one after another, so an older read never overwrites a newer one. */
  private queue: Promise<void> = Promise.resolve();
  private readonly pollIntervalMs: number;

  constructor(private readonly options: ConfigCacheOptions) {
    super();
    this.pollIntervalMs = options.pollIntervalMs ?? 30_000;
  }

  get status(): ConfigCacheStatus {
    return this.current;
  }

  async start(): Promise<ConfigCacheStatus> {
    try {
      const all = await this.options.source.loadAll();
      this.replaceAll(all);
      this.current = { source: 'db', stale: false, loadedAt: Date.now() };
      await this.saveFile();
    } catch (dbErr) {
      this.emit('stale', dbErr);
      let stored;
      try {
        stored = await this.options.file.load();
      } catch (fileErr) {
        throw new ConfigUnavailableError(`database: ${(dbErr as Error).message}; file ${this.options.file.path}: ${(fileErr as Error).message}`, { cause: dbErr });
      }
      if (!stored) throw new ConfigUnavailableError(`database: ${(dbErr as Error).message}; no file at ${this.options.file.path}`, { cause: dbErr });
      this.replaceAll(stored.tenants);
      this.current = { source: 'file', stale: true, loadedAt: stored.savedAt };
    }
    this.options.feed?.start({
      onChange: (change) => void this.onChange(change),
      onReconnect: () => void this.resync(),
      onError: (err) => this.emit('warning', err),
    });
    this.timer = setInterval(() => void this.resync(), this.pollIntervalMs);
    this.timer.unref();
    return this.current;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.options.feed?.stop();
    await this.queue;
  }

  tenant(tenantId: string): TenantConfig | undefined {
    return this.tenants.get(tenantId);
  }

  tenantIds(): string[] {
    return [...this.tenants.keys()];
  }

  acdGroup(tenantId: string, acdGroupId: string): AcdGroup | undefined {
    return this.tenants.get(tenantId)?.acdGroups.find((g) => g.id === acdGroupId);
  }

  callFlow(tenantId: string, callFlowId: string): CallFlow | undefined {
    return this.tenants.get(tenantId)?.callFlows.find((f) => f.id === callFlowId);
  }

  /** The tenant and flow of an inbound number (E.164); undefined when no tenant has it. */
  routeNumber(number: string): NumberRoute | undefined {
    return this.numbers.get(number);
  }

  /** Handles one notification (public for the feed and for tests). */
  onChange(change: ConfigChange): Promise<void> {
    const cached = this.tenants.get(change.tenantId);
    if (cached && cached.tenant.configVersion >= change.configVersion) return Promise.resolve();
    return this.enqueue(async () => {
      if (!(await this.refreshTenant(change.tenantId))) return;
      // While stale, one fresh tenant does not make the rest current: resync them all.
      if (this.current.source !== 'db' || this.current.stale) void this.resync();
      else await this.saveFile();
    });
  }

  /** Compares every tenant's `config_version` with the cache and reloads what differs. */
  resync(): Promise<void> {
    return this.enqueue(async () => {
      let versions: Map<string, number>;
      try {
        versions = await this.options.source.configVersions();
      } catch (err) {
        this.markStale(err);
        return;
      }
      const changed = [...versions].filter(([id, v]) => this.tenants.get(id)?.tenant.configVersion !== v).map(([id]) => id);
      const gone = [...this.tenants.keys()].filter((id) => !versions.has(id));
      for (const id of [...changed, ...gone]) {
        if (!(await this.refreshTenant(id))) return;
      }
      // Everything matched the database: what is served is current again.
      this.current = { source: 'db', stale: false, loadedAt: Date.now() };
      if (changed.length + gone.length > 0) await this.saveFile();
    });
  }

  private enqueue(work: () => Promise<unknown>): Promise<void> {
    const next = this.queue.then(work).then(
      () => undefined,
      (err: unknown) => void this.emit('warning', err),
    );
    this.queue = next;
    return next;
  }

  /** Reloads one tenant; false when the database could not be read (the old copy stays). */
  private async refreshTenant(tenantId: string): Promise<boolean> {
    let loaded: TenantConfig | null;
    try {
      loaded = await this.options.source.loadTenant(tenantId);
    } catch (err) {
      this.markStale(err);
      return false;
    }
    if (loaded) this.tenants.set(tenantId, loaded);
    else this.tenants.delete(tenantId);
    this.reindexNumbers();
    this.emit('updated', tenantId, loaded === null);
    return true;
  }

  private markStale(err: unknown): void {
    this.current = { ...this.current, stale: true };
    this.emit('stale', err);
  }

  private replaceAll(all: readonly TenantConfig[]): void {
    this.tenants = new Map(all.map((t) => [t.tenant.id, t]));
    this.reindexNumbers();
  }

  private reindexNumbers(): void {
    const numbers = new Map<string, NumberRoute>();
    for (const t of this.tenants.values()) {
      for (const n of t.phoneNumbers) {
        const callFlow = n.callFlowId === null ? null : (t.callFlows.find((f) => f.id === n.callFlowId) ?? null);
        numbers.set(n.number, { tenantId: t.tenant.id, phoneNumber: n, callFlow });
      }
    }
    this.numbers = numbers;
  }

  private async saveFile(): Promise<void> {
    try {
      await this.options.file.save([...this.tenants.values()]);
    } catch (err) {
      // Serving goes on from memory; only a restart during a DB outage would miss this copy.
      this.emit('warning', err);
    }
  }
}
