import { describe, expect, it } from 'vitest';
import { StoragePathError, keyPath, parseKeyPath, recordingKey, storageSegments } from './storage-path.js';

describe('storage paths', () => {
  it('builds the per-tenant layout', () => {
    expect(storageSegments({ scope: 'tenant', tenantId: 7, kind: 'recordings', dir: ['2026', '11', '23'], name: 'c1.wav' })).toEqual([
      'tenants', '7', 'recordings', '2026', '11', '23', 'c1.wav',
    ]);
    expect(storageSegments({ scope: 'system', kind: 'logs', name: 'ts1.log' })).toEqual(['system', 'logs', 'ts1.log']);
  });

  it('files recordings by UTC day', () => {
    expect(keyPath(recordingKey(7, new Date('2026-01-02T23:30:00Z'), 'call-9.wav'))).toBe('tenants/7/recordings/2026/01/02/call-9.wav');
  });

  it('parses a stored path back into the same key, and rejects anything else', () => {
    const key = recordingKey(12, new Date('2026-11-23T10:00:00Z'), 'c.wav');
    expect(parseKeyPath(keyPath(key))).toEqual(key);
    expect(parseKeyPath('system/config/a.json')).toEqual({ scope: 'system', kind: 'config', dir: [], name: 'a.json' });
    for (const bad of ['tenants/0/prompts/a.wav', 'tenants/01/prompts/a.wav', 'tenants/1/secrets/a.wav', 'tenants/1/prompts', '/etc/passwd', 'tenants/1/prompts/../x', 'system/logs', 'other/x']) {
      expect(() => parseKeyPath(bad), bad).toThrow(StoragePathError);
    }
  });

  it('rejects path injection with a typed error', () => {
    for (const name of ['..', '../etc/passwd', '/abs', 'a/b', 'a\\b', 'x..y', '', '.hidden', '.rw-part-abc', 'nul\u0000', 'sp ace', 'C:x', 'a'.repeat(129)]) {
      expect(() => storageSegments({ scope: 'tenant', tenantId: 1, kind: 'prompts', name }), name).toThrow(StoragePathError);
    }
    expect(() => storageSegments({ scope: 'tenant', tenantId: 0, kind: 'prompts', name: 'a.wav' })).toThrow(StoragePathError);
    expect(() => storageSegments({ scope: 'tenant', tenantId: 1, kind: '..' as 'prompts', name: 'a.wav' })).toThrow(StoragePathError);
    try {
      storageSegments({ scope: 'tenant', tenantId: 1, kind: 'prompts', name: '..' });
    } catch (err) {
      expect(err).toMatchObject({ name: 'StoragePathError', code: 'RW_ERR_STORAGE_PATH', retryable: false });
    }
  });
});
