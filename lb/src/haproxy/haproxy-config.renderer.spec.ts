import { describe, expect, it } from 'vitest';
import { buildLocalTopology } from '../topology/local-topology.js';
import { renderHaproxyConfig } from './haproxy-config.renderer.js';

function section(cfg: string, name: string): string {
  const start = cfg.indexOf(`listen ${name}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = cfg.indexOf('\n\n', start);
  return cfg.slice(start, end < 0 ? undefined : end);
}

describe('HAProxy config', () => {
  const paths = { statsSocket: '/tmp/x.sock' };

  it('db_master: preferred master active, the other backup, stick table of size 2 (size 1 silently fails back)', () => {
    const s = section(renderHaproxyConfig(buildLocalTopology({ basePort: 20000 }), paths), 'db_master');
    expect(s).toContain('stick-table type integer size 2 nopurge');
    expect(s).toContain('stick on int(1)');
    expect(s).toMatch(/server m1 127\.0\.0\.1:20010 id 1 .*on-marked-down shutdown-sessions\n/);
    expect(s).toMatch(/server m2 127\.0\.0\.1:20011 id 2 .*on-marked-down shutdown-sessions backup/);
  });

  it('db_master after a switch to m2: m2 active, m1 backup, server ids unchanged', () => {
    const s = section(renderHaproxyConfig(buildLocalTopology({ basePort: 20000, preferredMaster: 'm2' }), paths), 'db_master');
    expect(s).toMatch(/server m2 127\.0\.0\.1:20011 id 2 .*shutdown-sessions\n/);
    expect(s).toMatch(/server m1 127\.0\.0\.1:20010 id 1 .*shutdown-sessions backup/);
  });

  it('slaves: balance first, s1 first for stats and s2 first for reporting', () => {
    const cfg = renderHaproxyConfig(buildLocalTopology({ basePort: 20000 }), paths);
    const stats = section(cfg, 'db_stats');
    const report = section(cfg, 'db_report');
    expect(stats).toContain('balance first');
    expect(stats.indexOf('server s1')).toBeLessThan(stats.indexOf('server s2'));
    expect(stats).toMatch(/server s1 \S+ id 1 /);
    expect(report).toMatch(/server s2 \S+ id 1 /);
    expect(report).toMatch(/server s1 \S+ id 2 /);
  });

  it('web: cookie-sticky HTTP over every web server with health checks', () => {
    const s = section(renderHaproxyConfig(buildLocalTopology({ basePort: 20000 }), paths), 'web');
    expect(s).toContain('cookie RWSRV insert indirect nocache httponly');
    expect(s).toContain('option httpchk GET /healthz');
    expect(s).toMatch(/server web1 127\.0\.0\.1:20060 check .* cookie web1/);
    expect(s).toMatch(/server web2 127\.0\.0\.1:20061 check .* cookie web2/);
  });
});
