import type { ClusterContext } from '@ringwell/cli';
import { HaproxyRuntimeClient, isServerUp } from '@ringwell/lb';
import { createConnection } from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { eventually } from './test-cluster.js';

/**
 * After a test stopped both masters and `up` restarted them, HAProxy serves whichever it saw
 * healthy first, and keeps it (no automatic failback, by design). Later suites expect m1 active,
 * as on a fresh cluster, so such a test ends with the operator's switch-back
 * (docs/operations.md): wait until m1 is UP and has replayed everything from m2, then clear the
 * stick table and end m2's sessions.
 */
export async function restoreM1AsActiveMaster(ctx: ClusterContext): Promise<void> {
  const api = new HaproxyRuntimeClient(ctx.paths.haproxySocket);
  await eventually(async () => (await api.showStat()).some((s) => s.proxy === 'db_master' && s.server === 'm1' && isServerUp(s.status)), 30_000, 200);
  if ((await api.activeMaster()) === 'm1') return;
  const m1 = ctx.topology.mariadb.nodes.find((n) => n.name === 'm1');
  if (!m1) throw new Error('m1 is not in the topology');
  const { db } = ctx.dataTier;
  const conn = await createConnection({ host: m1.host, port: m1.port, user: db.user, password: db.password, database: db.database });
  try {
    await eventually(async () => {
      const [rows] = await conn.query<RowDataPacket[]>('SHOW SLAVE STATUS');
      const s = rows[0];
      return s !== undefined && s['Slave_SQL_Running'] === 'Yes' && Number(s['Seconds_Behind_Master']) === 0 && s['Read_Master_Log_Pos'] === s['Exec_Master_Log_Pos'];
    }, 30_000, 200);
  } finally {
    await conn.end();
  }
  await api.command('clear table db_master');
  await api.command('shutdown sessions server db_master/m2');
  await eventually(async () => (await api.activeMaster()) === 'm1', 10_000, 100);
}
