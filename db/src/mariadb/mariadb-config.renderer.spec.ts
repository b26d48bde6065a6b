import { buildLocalTopology } from '@ringwell/lb';
import type { MariaDbNode } from '@ringwell/lb';
import { describe, expect, it } from 'vitest';
import { renderMariaDbConfig } from './mariadb-config.renderer.js';

const nodes = buildLocalTopology({ basePort: 20000 }).mariadb.nodes;
const paths = { dataDir: '/d', socket: '/s.sock', pidFile: '/p.pid', tmpDir: '/t' };

function settings(name: MariaDbNode['name']): Map<string, string> {
  const node = nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name}`);
  const cnf = renderMariaDbConfig(node, paths, { bufferPoolMb: 16, osUser: 'root' });
  return new Map(cnf.split('\n').filter((l) => l.includes(' = ')).map((l) => l.split(' = ') as [string, string]));
}

describe('MariaDB config', () => {
  it('keeps both masters fully durable: m2 takes over on failover and feeds s2', () => {
    for (const name of ['m1', 'm2'] as const) {
      const s = settings(name);
      expect(s.get('sync_binlog')).toBe('1');
      expect(s.get('innodb_flush_log_at_trx_commit')).toBe('1');
      expect(s.get('log_slave_updates')).toBe('ON');
    }
  });

  it('lets the read slaves, which are rebuilt and never promoted, skip the fsync per applied transaction', () => {
    for (const name of ['s1', 's2'] as const) {
      const s = settings(name);
      expect(s.get('sync_binlog')).toBe('0');
      expect(s.get('innodb_flush_log_at_trx_commit')).toBe('2');
      expect(s.get('log_slave_updates')).toBe('OFF');
      expect(s.get('read_only')).toBe('ON');
    }
  });

  it('sizes the redo log for a few seconds of statistics ingest on every server', () => {
    for (const n of nodes) expect(settings(n.name).get('innodb_log_file_size')).toBe('128M');
  });
});
