import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TenantConfig } from '../model/tenant-config.model.js';

const FORMAT_VERSION = 1;

interface ConfigFile {
  readonly formatVersion: number;
  readonly savedAt: number;
  readonly tenants: TenantConfig[];
}

/** What the file held: the configuration and when it was written (how old a fallback is). */
export interface StoredConfig {
  readonly savedAt: number;
  readonly tenants: TenantConfig[];
}

/**
 * The cache's copy on local disk, so a server that starts while the database is down still
 * serves the last configuration it saw. Written to a temporary file and renamed, so a crash
 * mid-write leaves the previous complete file, never half of one.
 */
export class ConfigFileStore {
  constructor(readonly path: string) {}

  async save(tenants: readonly TenantConfig[], now = Date.now()): Promise<void> {
    const body: ConfigFile = { formatVersion: FORMAT_VERSION, savedAt: now, tenants: [...tenants] };
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(body), { mode: 0o600 });
    await rename(tmp, this.path);
  }

  /** The stored configuration; null when there is no file. A corrupt file throws. */
  async load(): Promise<StoredConfig | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const parsed = JSON.parse(text) as Partial<ConfigFile>;
    if (parsed.formatVersion !== FORMAT_VERSION || !Array.isArray(parsed.tenants) || typeof parsed.savedAt !== 'number') {
      throw new Error(`config cache file ${this.path} has an unknown format`);
    }
    return { savedAt: parsed.savedAt, tenants: parsed.tenants };
  }
}
