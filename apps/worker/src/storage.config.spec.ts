import { describe, expect, it } from 'vitest';
import { readStorageConfig } from './storage.config.js';

describe('worker storage config', () => {
  it('is off unless a driver is named', () => {
    expect(readStorageConfig({})).toEqual({ driver: 'none' });
  });

  it('reads the SMB settings and names what is missing', () => {
    const env = {
      RINGWELL_STORAGE_DRIVER: 'smb', RINGWELL_SPOOL_DIR: '/var/spool/ringwell', RINGWELL_NAME: 'worker1',
      RINGWELL_SMB_HOST: '127.0.0.1', RINGWELL_SMB_PORT: '20004', RINGWELL_SMB_SHARE: 'ringwell', RINGWELL_SMB_USER: 'ringwell', RINGWELL_SMB_PASSWORD: 'pw',
    };
    expect(readStorageConfig(env)).toMatchObject({ driver: 'smb', spoolNode: 'worker1', smb: { port: 20004 }, retentionEveryMs: 86_400_000 });
    expect(() => readStorageConfig({ ...env, RINGWELL_SMB_PASSWORD: undefined })).toThrow(/RINGWELL_SMB_PASSWORD/);
    expect(() => readStorageConfig({ ...env, RINGWELL_STORAGE_DRIVER: 'nfs' })).toThrow(/RINGWELL_STORAGE_DRIVER/);
  });
});
