import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMariaDbBootstrapSql, renderReplicationSql } from '@ringwell/db';
import { mariaDbNode } from '@ringwell/lb';
import type { ClusterContext } from './cluster-context.js';
import { mariadbRootSql } from './probes.js';
import { ComponentError } from '../components/component.js';

/**
 * First-start setup of the four MariaDB servers, idempotent through marker
 * files in each datadir: users and the schema database on every server
 * (binlog off), then replication m1<->m2 (GTID), s1<-m1, s2<-m2.
 */
export async function bootstrapMariaDb(ctx: ClusterContext): Promise<void> {
  const t = ctx.topology;
  await Promise.all(
    t.mariadb.nodes.map(async (node) => {
      const p = ctx.paths.mariadb(node.name);
      const marker = join(p.dataDir, '.ringwell-bootstrapped');
      if (existsSync(marker)) return;
      const sql = renderMariaDbBootstrapSql({
        database: t.mariadb.database,
        appUser: t.mariadb.appUser,
        appPassword: ctx.secrets.dbAppPassword,
        replicationUser: t.mariadb.replicationUser,
        replicationPassword: ctx.secrets.dbReplicationPassword,
        checkUser: t.haproxy.mysqlCheckUser,
        clientHost: node.host,
      });
      const res = await mariadbRootSql(p.socket, sql);
      if (res.code !== 0) throw new ComponentError(node.name, `bootstrap SQL failed: ${res.stderr.trim()}`, ctx.paths.log(node.name));
      writeFileSync(marker, new Date().toISOString());
    }),
  );
  await Promise.all(
    t.mariadb.nodes.map(async (node) => {
      const p = ctx.paths.mariadb(node.name);
      const marker = join(p.dataDir, '.ringwell-replication');
      if (existsSync(marker)) return;
      const source = mariaDbNode(t, node.replicatesFrom);
      const res = await mariadbRootSql(
        p.socket,
        renderReplicationSql({
          sourceHost: source.host,
          sourcePort: source.port,
          replicationUser: t.mariadb.replicationUser,
          replicationPassword: ctx.secrets.dbReplicationPassword,
        }),
      );
      if (res.code !== 0) throw new ComponentError(node.name, `replication setup failed: ${res.stderr.trim()}`, ctx.paths.log(node.name));
      writeFileSync(marker, `${source.name}\n`);
    }),
  );
}
