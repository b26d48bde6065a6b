import { describe, expect, it } from 'vitest';
import { StoragePathError, storageSegments } from './storage-path.js';

describe('storage paths', () => {
  it('builds the per-tenant layout', () => {
    expect(storageSegments({ scope: 'tenant', tenantId: 7, kind: 'recordings', dir: ['2026', '11', '23'], name: 'c1.wav' })).toEqual([
      'tenants', '7', 'recordings', '2026', '11', '23', 'c1.wav',
    ]);
    expect(storageSegments({ scope: 'system', kind: 'logs', name: 'ts1.log' })).toEqual(['system', 'logs', 'ts1.log']);
  });

  it('rejects path injection', () => {
    for (const name of ['..', '../etc/passwd', '/abs', 'a/b', 'a\\b', 'x..y', '', '.hidden', 'nul\u0000', 'sp ace']) {
      expect(() => storageSegments({ scope: 'tenant', tenantId: 1, kind: 'prompts', name })).toThrow(StoragePathError);
    }
    expect(() => storageSegments({ scope: 'tenant', tenantId: 0, kind: 'prompts', name: 'a.wav' })).toThrow(StoragePathError);
  });
});
