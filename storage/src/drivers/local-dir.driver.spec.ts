import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStorageDriverContract } from '../testing/driver.contract.js';
import { StorageUnavailableError } from '../errors/storage.errors.js';
import { LocalDirStorageDriver } from './local-dir.driver.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempRoot(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'rw-storage-'));
  dirs.push(d);
  return d;
}

describeStorageDriverContract('local directory', async () => ({ driver: new LocalDirStorageDriver(await tempRoot()), tenantId: 1 }));

describe('local directory driver', () => {
  it('refuses to write under an unmounted mount point instead of filling the local disk', async () => {
    const root = await tempRoot();
    const driver = new LocalDirStorageDriver(root, { requireMountPoint: true });
    await expect(driver.put({ scope: 'system', kind: 'logs', name: 'x.log' }, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    expect(await readdir(root)).toEqual([]);
  });

  it('a failing source leaves neither the file nor a temporary file', async () => {
    const root = await tempRoot();
    const driver = new LocalDirStorageDriver(root);
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from('half');
      throw new Error('recorder died');
    }
    await expect(driver.put({ scope: 'tenant', tenantId: 3, kind: 'recordings', name: 'c.wav' }, broken())).rejects.toThrow(/recorder died/);
    expect(await readdir(join(root, 'tenants', '3', 'recordings'))).toEqual([]);
  });
});
