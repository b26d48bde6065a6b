import { describe, expect, it } from 'vitest';
import { ConfigError, dataTierEnv, readDataTierConfig } from './data-tier.config.js';

const good = {
  RINGWELL_DB_MASTER_PORT: '20000',
  RINGWELL_DB_STATS_PORT: '20001',
  RINGWELL_DB_REPORT_PORT: '20002',
  RINGWELL_DB_USER: 'ringwell',
  RINGWELL_DB_PASSWORD: 'secret',
  RINGWELL_REDIS_SENTINELS: '127.0.0.1:20026,127.0.0.1:20027',
  RINGWELL_REDIS_PASSWORD: 'pw',
};

describe('data tier config', () => {
  it('round-trips through the environment', () => {
    const cfg = readDataTierConfig(good);
    expect(cfg.redis.sentinels).toEqual([
      { host: '127.0.0.1', port: 20026 },
      { host: '127.0.0.1', port: 20027 },
    ]);
    expect(readDataTierConfig(dataTierEnv(cfg))).toEqual(cfg);
  });

  it('names the missing variable', () => {
    const { RINGWELL_DB_PASSWORD: _omit, ...rest } = good;
    expect(() => readDataTierConfig(rest)).toThrow(/RINGWELL_DB_PASSWORD is required/);
  });

  it('names the malformed variable', () => {
    expect(() => readDataTierConfig({ ...good, RINGWELL_DB_STATS_PORT: '70000' })).toThrow(ConfigError);
    expect(() => readDataTierConfig({ ...good, RINGWELL_REDIS_SENTINELS: 'localhost' })).toThrow(/RINGWELL_REDIS_SENTINELS/);
  });
});
