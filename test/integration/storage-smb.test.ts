import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SmbStorageDriver, StoragePathError, StorageUnavailableError, getBuffer, hashStream, putBuffer } from '@ringwell/storage';
import type { SmbDriverOptions, StorageKey } from '@ringwell/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { testCluster } from '../src/test-cluster.js';

const ctx = testCluster();
const t = ctx.topology;
const smb = (extra: Partial<SmbDriverOptions> = {}): SmbStorageDriver =>
  new SmbStorageDriver({ host: t.haproxy.host, port: t.haproxy.smbPort, share: t.samba.share, user: t.samba.user, password: ctx.secrets.smbPassword, ...extra });
// A tenant folder no other suite uses.
const tenantId = 700_000 + Math.floor(Math.random() * 99_999);
const driver = smb();
afterAll(() => driver.close());

/** Deterministic pseudo-random content, generated chunk by chunk so the test never holds the file either. */
function* content(size: number, seed: number): Generator<Buffer> {
  let state = seed;
  for (let sent = 0; sent < size; ) {
    const n = Math.min(256 * 1024, size - sent);
    const chunk = Buffer.allocUnsafe(n);
    for (let i = 0; i + 4 <= n; i += 4) {
      state = (state * 1664525 + 1013904223) >>> 0;
      chunk.writeUInt32LE(state, i);
    }
    sent += n;
    yield chunk;
  }
}

/**
 * V8 frees Buffers lazily, so raw RSS shows garbage as well as what is held.
 * Forcing a collection before each sample makes RSS measure what the transfer
 * keeps alive: a buffered 50 MB file would show at least 50 MB.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function peakRssGrowth<T>(fn: () => Promise<T>): Promise<{ result: T; growth: number }> {
  gc();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    gc();
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

describe('SMB file storage through HAProxy', () => {
  it('round-trips a 50 MB file by streaming, with RSS growth far below the file size', async () => {
    const size = 50 * 1024 * 1024;
    const key: StorageKey = { scope: 'tenant', tenantId, kind: 'recordings', dir: ['2026', '11', '23'], name: 'big-50mb.wav' };
    const expected = await hashStream(Readable.from(content(size, 42)));

    const up = await peakRssGrowth(() => driver.put(key, Readable.from(content(size, 42))));
    expect(up.result).toEqual(expected);
    const down = await peakRssGrowth(async () => hashStream(await driver.get(key)));
    expect(down.result).toEqual(expected);
    // The file on Samba's disk is the same, byte for byte.
    expect((await driver.stat(key))?.size).toBe(size);
    console.log(`50 MB round trip: RSS growth put ${(up.growth / 1e6).toFixed(1)} MB, get ${(down.growth / 1e6).toFixed(1)} MB`);
    expect(up.growth).toBeLessThan(20e6);
    expect(down.growth).toBeLessThan(20e6);
    expect(await driver.delete(key)).toBe(true);
  }, 120_000);

  it('a file written through the client lands on the share, and an overwrite leaves one file', async () => {
    const key: StorageKey = { scope: 'tenant', tenantId, kind: 'prompts', name: `it-${randomBytes(4).toString('hex')}.wav` };
    const data = randomBytes(256 * 1024);
    await putBuffer(driver, key, data);
    const onDisk = join(ctx.paths.smbShare, 'tenants', String(tenantId), 'prompts');
    expect((await getBuffer(driver, key)).equals(data)).toBe(true);
    expect(createHash('sha256').update(data).digest('hex')).toBe((await hashStream(Readable.from([data]))).sha256);
    await putBuffer(driver, key, Buffer.from('second'));
    expect((await getBuffer(driver, key)).toString()).toBe('second');
    expect(readdirSync(onDisk).filter((f) => f === key.name || f.startsWith('.rw-part-'))).toEqual([key.name]);
    await driver.delete(key);
  });

  it('path injection is refused with StoragePathError and creates nothing on the share', async () => {
    const before = readdirSync(ctx.paths.smbShare).sort();
    const attempts = ['../../../etc/passwd', '..', '/etc/passwd', 'a\\..\\..\\x', 'x/../../y', '\u0000', 'con:', '%2e%2e'];
    for (const name of attempts) {
      const key = { scope: 'tenant', tenantId, kind: 'prompts', name } as StorageKey;
      await expect(putBuffer(driver, key, Buffer.from('evil')), name).rejects.toBeInstanceOf(StoragePathError);
      await expect(driver.get(key)).rejects.toMatchObject({ code: 'RW_ERR_STORAGE_PATH' });
    }
    await expect(driver.list({ scope: 'tenant', tenantId, kind: 'prompts', dir: ['..', '..'] })).rejects.toBeInstanceOf(StoragePathError);
    await expect(driver.list({ scope: 'tenant', tenantId: -1, kind: 'prompts' })).rejects.toBeInstanceOf(StoragePathError);
    expect(readdirSync(ctx.paths.smbShare).sort()).toEqual(before);
    expect(existsSync(join(ctx.paths.smbShare, '..', 'evil'))).toBe(false);
  });

  it('a wrong password is refused with an error, not a crash', async () => {
    const bad = smb({ password: 'wrong-password' });
    try {
      await expect(bad.stat({ scope: 'system', kind: 'logs', name: 'x.log' })).rejects.toThrow(/LOGON_FAILURE|logon/i);
    } finally {
      await bad.close();
    }
  });

  it('an unreachable share fails fast with a retryable StorageUnavailableError', async () => {
    // A port of this cluster's block with nothing listening.
    const bad = smb({ port: ctx.options.basePort + 999, connectTimeoutMs: 2000 });
    try {
      const err = await bad.stat({ scope: 'system', kind: 'logs', name: 'x.log' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageUnavailableError);
      expect(err).toMatchObject({ code: 'RW_ERR_STORAGE_UNAVAILABLE', retryable: true });
    } finally {
      await bad.close();
    }
  });
});
