import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SmbStorageDriver } from '@ringwell/storage';
import type { StorageKey } from '@ringwell/storage';
import { describe, expect, it } from 'vitest';
import { testCluster } from '../src/test-cluster.js';

const ctx = testCluster();

describe('SMB file storage through HAProxy', () => {
  it('a file written through the storage client reads back, and lands on the share', async () => {
    const t = ctx.topology;
    const driver = new SmbStorageDriver({
      host: t.haproxy.host,
      port: t.haproxy.smbPort,
      share: t.samba.share,
      user: t.samba.user,
      password: ctx.secrets.smbPassword,
    });
    const key: StorageKey = { scope: 'tenant', tenantId: 1, kind: 'prompts', name: `it-${randomBytes(4).toString('hex')}.wav` };
    const data = randomBytes(256 * 1024);
    try {
      await driver.putBuffer(key, data);
      expect((await driver.getBuffer(key)).equals(data)).toBe(true);
      expect(readFileSync(join(ctx.paths.smbShare, 'tenants', '1', 'prompts', key.name)).equals(data)).toBe(true);
      // Overwrite replaces the file whole (temp name + rename), leaving no temp file behind.
      const second = randomBytes(1000);
      await driver.putBuffer(key, second);
      expect((await driver.getBuffer(key)).equals(second)).toBe(true);
      expect(readdirSync(join(ctx.paths.smbShare, 'tenants', '1', 'prompts')).filter((f) => f.startsWith(key.name))).toEqual([key.name]);
      await driver.delete(key);
      expect(await driver.exists(key)).toBe(false);
    } finally {
      await driver.close();
    }
  });

  it('a wrong password is refused with an error, not a crash', async () => {
    const t = ctx.topology;
    const driver = new SmbStorageDriver({
      host: t.haproxy.host, port: t.haproxy.smbPort, share: t.samba.share, user: t.samba.user, password: 'wrong-password',
    });
    try {
      await expect(driver.exists({ scope: 'system', kind: 'logs', name: 'x.log' })).rejects.toThrow();
    } finally {
      await driver.close();
    }
  });
});
