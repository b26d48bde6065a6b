import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { httpGet } from '@ringwell/cli';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, testCluster, testClusterOptions } from '../src/test-cluster.js';

const ctx = testCluster();
const run = promisify(execFile);

interface StatusRow {
  name: string;
  status: 'up' | 'down';
  role: string;
  port: number;
  pid: number | null;
}

describe('ringwell status', () => {
  it('--json lists every component of the topology as up, with role, port and pid', async () => {
    const o = testClusterOptions();
    const { stdout } = await run(process.execPath, [
      join(REPO_ROOT, 'apps/cli/dist/main.js'), 'status', '--json', '--base-port', String(o.basePort), '--state-dir', o.stateDir,
    ]);
    const rows = JSON.parse(stdout) as StatusRow[];
    const t = ctx.topology;
    const expected = [
      ...t.mariadb.nodes.map((n) => n.name), ...t.redis.nodes.map((n) => n.name), ...t.redis.sentinels.map((n) => n.name),
      'haproxy', 'samba', 'kamailio', 'rtpengine',
      ...t.telephonyServers.map((n) => n.name), ...t.webServers.map((n) => n.name), ...t.workers.map((n) => n.name),
    ];
    expect(rows.map((r) => r.name).sort()).toEqual([...expected].sort());
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(['name', 'pid', 'port', 'role', 'status']);
      expect(r.status, `${r.name} is ${r.status}`).toBe('up');
      expect(r.pid).toBeGreaterThan(0);
      expect(r.port).toBeGreaterThanOrEqual(o.basePort);
    }
    expect(rows.find((r) => r.name === 'm1')?.role).toBe('active master');
    expect(rows.find((r) => r.name === 'm2')?.role).toBe('backup master');
    expect(rows.find((r) => r.name === 'redis1')?.role).toBe('primary');
    expect(rows.find((r) => r.name === 'redis2')?.role).toBe('replica');
  });
});

describe('web tier behind HAProxy', () => {
  it('spreads new sessions over the web servers and keeps a session on its server by cookie', async () => {
    const h = ctx.topology.haproxy;
    const { request } = await import('node:http');
    const get = (cookie?: string): Promise<{ instance: string; setCookie: string | undefined }> =>
      new Promise((resolve, reject) => {
        const req = request({ host: h.host, port: h.webPort, path: '/', headers: cookie ? { cookie } : {} }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => {
            const instance = /<strong id="instance">([^<]+)<\/strong>/.exec(body)?.[1] ?? '';
            resolve({ instance, setCookie: res.headers['set-cookie']?.[0] });
          });
        });
        req.on('error', reject);
        req.end();
      });
    const first = await get();
    const second = await get();
    expect(new Set([first.instance, second.instance])).toEqual(new Set(ctx.topology.webServers.map((w) => w.name)));
    const cookie = first.setCookie?.split(';')[0];
    expect(cookie).toMatch(new RegExp(`^${h.webCookie}=`));
    for (let i = 0; i < 5; i++) expect((await get(cookie)).instance).toBe(first.instance);
  });

  it('each web server answers its health endpoint with the data tier up', async () => {
    for (const w of ctx.topology.webServers) {
      const res = await httpGet(w.host, w.httpPort, '/healthz', 2000);
      expect(res?.status).toBe(200);
      expect(JSON.parse(res?.body ?? '{}')).toMatchObject({ name: w.name, status: 'ok', redis: 'up', db: 'up' });
    }
  });
});
