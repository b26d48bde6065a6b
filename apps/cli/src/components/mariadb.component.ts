import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMariaDbConfig } from '@ringwell/db';
import type { MariaDbNode } from '@ringwell/lb';
import { execCapture, mariadbRootSql } from '../cluster/probes.js';
import type { Component, ProbeResult, StatusFacts } from './component.js';
import { ComponentError } from './component.js';

const ROLE_BY_NODE: Record<MariaDbNode['name'], string> = {
  m1: 'master',
  m2: 'master',
  s1: 'stats slave',
  s2: 'report slave',
};

/** One MariaDB server of the master-master pair or a read slave. */
export function mariadbComponent(node: MariaDbNode): Component {
  return {
    name: node.name,
    kind: 'mariadb',
    port: node.port,
    defaultRole: ROLE_BY_NODE[node.name],
    stage: 0,
    startTimeoutMs: 40_000,
    stopGraceMs: 20_000,

    async prepare(ctx) {
      const p = ctx.paths.mariadb(node.name);
      mkdirSync(p.tmpDir, { recursive: true });
      mkdirSync(join(p.dataDir, '..'), { recursive: true });
      writeFileSync(
        p.config,
        renderMariaDbConfig(node, p, { bufferPoolMb: ctx.topology.mariadb.bufferPoolMb, osUser: 'root' }),
      );
      if (existsSync(join(p.dataDir, 'mysql', 'global_priv.frm')) || existsSync(join(p.dataDir, 'mysql', 'global_priv.MAI'))) return;
      // A half-initialised datadir (e.g. an interrupted first run) is rebuilt from scratch.
      rmSync(p.dataDir, { recursive: true, force: true });
      const res = await execCapture(
        'mariadb-install-db',
        [`--defaults-file=${p.config}`, '--auth-root-authentication-method=socket', '--skip-test-db', '--user=root'],
        undefined,
        120_000,
      );
      writeFileSync(ctx.paths.log(node.name), `${res.stdout}${res.stderr}`, { flag: 'a' });
      if (res.code !== 0) {
        throw new ComponentError(node.name, `mariadb-install-db failed with exit code ${res.code}`, ctx.paths.log(node.name));
      }
    },

    spawnSpec(ctx) {
      const p = ctx.paths.mariadb(node.name);
      return { command: 'mariadbd', args: [`--defaults-file=${p.config}`], logFile: ctx.paths.log(node.name) };
    },

    async probe(ctx, facts: StatusFacts): Promise<ProbeResult> {
      // A real query: `mariadb-admin ping` says alive even without grant tables.
      const res = await mariadbRootSql(ctx.paths.mariadb(node.name).socket, 'SELECT 1;', 2000);
      const up = res.code === 0 && res.stdout.trim() === '1';
      let role = ROLE_BY_NODE[node.name];
      if (node.role === 'master' && facts.activeMaster) {
        role = facts.activeMaster === node.name ? 'active master' : 'backup master';
      }
      return { up, role };
    },
  };
}
