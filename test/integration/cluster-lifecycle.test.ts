import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { resolve, join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { clusterRssBytes, clusterStatus, isRunning, loadClusterContext, ProcessTable, sessionMembers } from '@ringwell/cli';
import { HaproxyRuntimeClient } from '@ringwell/lb';
import type { ClusterOptions } from '@ringwell/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, REPO_ROOT } from '../src/test-cluster.js';

/**
 * A second, separate cluster beside the suite's main one (which proves that
 * two clusters coexist), driven through the real `ringwell` CLI: a start that
 * fails names the component and its log, kill-anything shows in status within
 * 5 s, `up` repairs, `down` leaves no process behind, a warm `up` is fast.
 */
const options: ClusterOptions = {
  basePort: Number(process.env['RINGWELL_TEST_LIFECYCLE_BASE_PORT'] ?? 23000),
  stateDir: resolve(process.env['RINGWELL_TEST_LIFECYCLE_STATE_DIR'] ?? join(REPO_ROOT, '.ringwell-test-lifecycle')),
};
const execFileAsync = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [join(REPO_ROOT, 'apps/cli/dist/main.js'), ...args, '--base-port', String(options.basePort), '--state-dir', options.stateDir],
      { maxBuffer: 10 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr, ms: Date.now() - t0 };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '', ms: Date.now() - t0 };
  }
}

function recordedPids(): number[] {
  const ctx = loadClusterContext(options, REPO_ROOT);
  return new ProcessTable(ctx.paths.processTable).all().map(([, rec]) => rec.pid);
}

function bindUdp(port: number): Promise<Socket> {
  return new Promise((res, rej) => {
    const s = createSocket('udp4');
    s.once('error', rej);
    s.bind(port, '127.0.0.1', () => res(s));
  });
}

// Stop the cluster but keep its state and logs for diagnosis; the first test purges it.
afterAll(async () => {
  await cli('down');
}, 120_000);

describe('cluster lifecycle (second cluster on its own ports)', () => {
  it('a component that cannot start makes `up` fail, naming it and its log file', async () => {
    await cli('down', '--purge');
    const ctx = loadClusterContext(options, REPO_ROOT);
    const blocker = await bindUdp(ctx.topology.rtpengine.ngPort);
    try {
      const res = await cli('up');
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('ringwell up failed: rtpengine');
      expect(res.stderr).toContain(ctx.paths.log('rtpengine'));
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('`up` again starts what is missing and every component is up', async () => {
    const res = await cli('up');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Ringwell is up');
    const status = await cli('status', '--json');
    expect(status.code).toBe(0);
    const rows = JSON.parse(status.stdout) as Array<{ name: string; status: string }>;
    expect(rows.filter((r) => r.status !== 'up')).toEqual([]);
  }, 120_000);

  it('master DB fails: traffic moves to the backup and stays there after the master returns; the operator switches back', async () => {
    const ctx = loadClusterContext(options, REPO_ROOT);
    const db = ctx.dataTier.db;
    /** Server id of whichever master db-master hands a new connection to (null while none answers). */
    const viaDbMaster = async (sql?: string, params: Array<string | number> = []): Promise<number | null> => {
      try {
        const conn = await createConnection({ host: db.host, port: db.masterPort, user: db.user, password: db.password, database: db.database, connectTimeout: 1000 });
        try {
          if (sql) await conn.execute(sql, params);
          const [r] = await conn.query<RowDataPacket[]>('SELECT @@server_id AS id');
          return Number(r[0]?.['id']);
        } finally {
          await conn.end();
        }
      } catch {
        return null;
      }
    };
    expect(await viaDbMaster()).toBe(1);
    const m1 = new ProcessTable(ctx.paths.processTable).get('m1');
    if (!m1) throw new Error('m1 not recorded');
    process.kill(m1.pid, 'SIGKILL');
    const t0 = Date.now();
    const slug = `failover-${randomBytes(3).toString('hex')}`;
    await eventually(async () => (await viaDbMaster('INSERT INTO tenant (slug, name) VALUES (?, ?)', [slug, 'written on m2'])) === 2, 10_000, 100);
    process.stdout.write(`db-master failed over to m2 and took a write after ${Date.now() - t0} ms\n`);

    expect((await cli('up')).code).toBe(0);
    // m1 is back and healthy (HAProxy rise 2 x 500 ms), yet new connections stay on m2: no automatic failback.
    await new Promise((r) => setTimeout(r, 2500));
    const stats = await new HaproxyRuntimeClient(ctx.paths.haproxySocket).showStat();
    expect(stats.find((s) => s.proxy === 'db_master' && s.server === 'm1')?.status).toBe('UP');
    for (let i = 0; i < 5; i++) expect(await viaDbMaster()).toBe(2);
    const rows = await clusterStatus(ctx);
    expect(rows.find((r) => r.name === 'm2')?.role).toBe('active master');
    expect(rows.find((r) => r.name === 'm1')?.role).toBe('backup master');

    // The row written during the outage reached m1 through replication once it returned.
    const direct = await createConnection({ host: '127.0.0.1', port: ctx.topology.mariadb.nodes[0]?.port ?? 0, user: db.user, password: db.password, database: db.database });
    try {
      await eventually(async () => {
        const [r] = await direct.execute<RowDataPacket[]>('SELECT 1 FROM tenant WHERE slug = ?', [slug]);
        return r.length === 1;
      }, 10_000);
    } finally {
      await direct.end();
    }

    // Operator switch-back (docs/operations.md): clear the stick table, end sessions on m2.
    const api = new HaproxyRuntimeClient(ctx.paths.haproxySocket);
    await api.command('clear table db_master');
    await api.command('shutdown sessions server db_master/m2');
    expect(await viaDbMaster()).toBe(1);
    expect((await clusterStatus(ctx)).find((r) => r.name === 'm1')?.role).toBe('active master');
  }, 120_000);

  it('the whole cluster stays under 1.5 GiB resident memory', () => {
    const { total, byComponent } = clusterRssBytes(loadClusterContext(options, REPO_ROOT));
    process.stdout.write(`cluster RSS: ${(total / 2 ** 20).toFixed(0)} MiB ${JSON.stringify(Object.fromEntries(Object.entries(byComponent).map(([k, v]) => [k, Math.round(v / 2 ** 20)])))}\n`);
    expect(total).toBeGreaterThan(100 * 2 ** 20);
    expect(total).toBeLessThan(1.5 * 2 ** 30);
  });

  it('killing any one component by hand shows it down in status within 5 s', async () => {
    const ctx = loadClusterContext(options, REPO_ROOT);
    const table = new ProcessTable(ctx.paths.processTable);
    const latencies: Record<string, number> = {};
    for (const [name, rec] of table.all()) {
      process.kill(rec.pid, 'SIGKILL');
      const t0 = Date.now();
      let row;
      do {
        row = (await clusterStatus(ctx)).find((r) => r.name === name);
      } while (row?.status !== 'down' && Date.now() - t0 < 5000);
      latencies[name] = Date.now() - t0;
      expect(row?.status, `${name} after SIGKILL`).toBe('down');
    }
    process.stdout.write(`status saw each kill within (ms): ${JSON.stringify(latencies)}\n`);
    expect(Math.max(...Object.values(latencies))).toBeLessThanOrEqual(5000);
  }, 180_000);

  it('`up` brings every killed component back', async () => {
    const res = await cli('up');
    expect(res.code, res.stderr).toBe(0);
    const rows = await clusterStatus(loadClusterContext(options, REPO_ROOT));
    expect(rows.filter((r) => r.status !== 'up').map((r) => r.name)).toEqual([]);
  }, 120_000);

  it('`down` stops every recorded process and its forks; a warm `up` takes under 30 s', async () => {
    const ctx = loadClusterContext(options, REPO_ROOT);
    const table = new ProcessTable(ctx.paths.processTable);
    const recorded = table.all().map(([, rec]) => rec);
    expect(recorded.length).toBe(18);
    const down = await cli('down');
    expect(down.code).toBe(0);
    for (const rec of recorded) {
      expect(isRunning(rec), `pid ${rec.pid} (${rec.command.slice(0, 40)})`).toBe(false);
      expect(sessionMembers(rec.pid), `forks of pid ${rec.pid}`).toEqual([]);
    }
    expect(recordedPids()).toEqual([]);

    const up = await cli('up');
    expect(up.code, up.stderr).toBe(0);
    process.stdout.write(`warm ringwell up took ${up.ms} ms\n`);
    expect(up.ms).toBeLessThan(30_000);
  }, 180_000);
});
