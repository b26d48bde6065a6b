import { randomBytes, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageExistsError, StorageNotFoundError, StoragePathError } from '../errors/storage.errors.js';
import type { StorageDriver } from '../drivers/storage.driver.js';
import { getBuffer, putBuffer } from '../drivers/storage.helpers.js';
import type { StorageKey } from '../storage-path.js';

/**
 * The behaviour every StorageDriver must show, run against the local-dir
 * driver in unit tests and against Samba (and a directory) in the integration
 * suite. `tenantId` must be unused by anything else, so the suite owns its folder.
 */
export function describeStorageDriverContract(name: string, setup: () => Promise<{ driver: StorageDriver; tenantId: number }>): void {
  describe(`storage driver contract: ${name}`, () => {
    let driver: StorageDriver;
    let tenantId: number;
    beforeAll(async () => {
      ({ driver, tenantId } = await setup());
    });
    afterAll(async () => {
      await driver.close();
    });
    const key = (n: string, dir?: string[]): StorageKey => ({ scope: 'tenant', tenantId, kind: 'prompts', name: n, ...(dir ? { dir } : {}) });

    it('streams a file in and out, reporting size and SHA-256 of what it stored', async () => {
      const data = randomBytes(300_000);
      const res = await driver.put(key('a.wav'), Readable.from([data.subarray(0, 1000), data.subarray(1000)]));
      expect(res).toEqual({ size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
      expect((await getBuffer(driver, key('a.wav'))).equals(data)).toBe(true);
      const st = await driver.stat(key('a.wav'));
      expect(st?.size).toBe(data.length);
      expect(Math.abs((st?.modifiedAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    });

    it('stores an empty file', async () => {
      expect((await putBuffer(driver, key('empty.txt'), Buffer.alloc(0))).size).toBe(0);
      expect((await getBuffer(driver, key('empty.txt'))).length).toBe(0);
      expect((await driver.stat(key('empty.txt')))?.size).toBe(0);
    });

    it('replaces an existing file whole and leaves no temporary file behind', async () => {
      await putBuffer(driver, key('r.wav', ['replace']), Buffer.from('first version, longer'));
      await putBuffer(driver, key('r.wav', ['replace']), Buffer.from('second'));
      expect((await getBuffer(driver, key('r.wav', ['replace']))).toString()).toBe('second');
      const entries = await driver.list({ scope: 'tenant', tenantId, kind: 'prompts', dir: ['replace'] });
      expect(entries.map((e) => e.name)).toEqual(['r.wav']);
    });

    it('lists files and folders, and an absent folder as empty', async () => {
      await putBuffer(driver, key('x.wav', ['listing']), Buffer.from('x'));
      await putBuffer(driver, key('y.wav', ['listing', 'sub']), Buffer.from('yy'));
      const entries = await driver.list({ scope: 'tenant', tenantId, kind: 'prompts', dir: ['listing'] });
      expect(entries.map((e) => [e.name, e.type, e.size])).toEqual([
        ['sub', 'dir', 0],
        ['x.wav', 'file', 1],
      ]);
      expect(await driver.list({ scope: 'tenant', tenantId, kind: 'prompts', dir: ['nothing-here'] })).toEqual([]);
    });

    it('stat is null and get fails with StorageNotFoundError for a missing file', async () => {
      expect(await driver.stat(key('missing.wav'))).toBeNull();
      await expect(driver.get(key('missing.wav'))).rejects.toBeInstanceOf(StorageNotFoundError);
      await expect(driver.get(key('missing.wav', ['no-dir']))).rejects.toMatchObject({ code: 'RW_ERR_STORAGE_NOT_FOUND' });
    });

    it('deletes, and says so; deleting again finds nothing', async () => {
      await putBuffer(driver, key('d.wav'), Buffer.from('d'));
      expect(await driver.delete(key('d.wav'))).toBe(true);
      expect(await driver.stat(key('d.wav'))).toBeNull();
      expect(await driver.delete(key('d.wav'))).toBe(false);
    });

    it('moves into a new folder, never over an existing file', async () => {
      await putBuffer(driver, key('m.wav'), Buffer.from('move me'));
      await driver.move(key('m.wav'), key('m2.wav', ['moved']));
      expect(await driver.stat(key('m.wav'))).toBeNull();
      expect((await getBuffer(driver, key('m2.wav', ['moved']))).toString()).toBe('move me');
      await putBuffer(driver, key('other.wav'), Buffer.from('other'));
      await expect(driver.move(key('other.wav'), key('m2.wav', ['moved']))).rejects.toBeInstanceOf(StorageExistsError);
      expect((await getBuffer(driver, key('m2.wav', ['moved']))).toString()).toBe('move me');
      expect((await getBuffer(driver, key('other.wav'))).toString()).toBe('other');
      await expect(driver.move(key('gone.wav'), key('g2.wav'))).rejects.toBeInstanceOf(StorageNotFoundError);
    });

    it('refuses path injection before touching the backend', async () => {
      const bad: unknown[] = [
        key('..'),
        key('../../etc/passwd'),
        key('/etc/passwd'),
        key('a/b.wav'),
        key('a\\b.wav'),
        key('C:x'),
        key('nul\u0000.wav'),
        key('ok.wav', ['..']),
        key('ok.wav', ['a/../..']),
        { scope: 'tenant', tenantId: -1, kind: 'prompts', name: 'ok.wav' },
        { scope: 'tenant', tenantId: 1.5, kind: 'prompts', name: 'ok.wav' },
        { scope: 'tenant', tenantId, kind: '../system', name: 'ok.wav' },
        { scope: 'other', kind: 'logs', name: 'ok.wav' },
      ];
      for (const k of bad) {
        const bk = k as StorageKey;
        await expect(driver.put(bk, Readable.from([Buffer.from('x')])), JSON.stringify(k)).rejects.toBeInstanceOf(StoragePathError);
        await expect(driver.get(bk)).rejects.toBeInstanceOf(StoragePathError);
        await expect(driver.stat(bk)).rejects.toBeInstanceOf(StoragePathError);
        await expect(driver.delete(bk)).rejects.toBeInstanceOf(StoragePathError);
        await expect(driver.move(bk, key('fine.wav'))).rejects.toBeInstanceOf(StoragePathError);
      }
    });
  });
}
