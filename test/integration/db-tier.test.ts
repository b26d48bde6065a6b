import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { createDbPools } from '@ringwell/db';
import type { DbPools } from '@ringwell/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, testCluster } from '../src/test-cluster.js';

const ctx = testCluster();
let pools: DbPools;

beforeAll(() => {
  pools = createDbPools(ctx.dataTier, 2);
});
afterAll(async () => {
  await pools.end();
});

/** Opens a direct connection to one MariaDB server, bypassing HAProxy. */
async function direct(port: number) {
  return createConnection({ host: '127.0.0.1', port, user: ctx.dataTier.db.user, password: ctx.dataTier.db.password, database: ctx.dataTier.db.database });
}

describe('MariaDB master-master pair and slaves behind HAProxy', () => {
  it('a write through db-master appears on m1, m2, s1 and s2', async () => {
    const slug = `it-${randomBytes(4).toString('hex')}`;
    await pools.master.execute('INSERT INTO tenant (slug, name) VALUES (?, ?)', [slug, 'replication probe']);
    try {
      for (const node of ctx.topology.mariadb.nodes) {
        const conn = await direct(node.port);
        try {
          const rows = await eventually(async () => {
            const [r] = await conn.execute<RowDataPacket[]>('SELECT name FROM tenant WHERE slug = ?', [slug]);
            return r.length === 1 ? r : null;
          }, 5000);
          expect(rows[0]?.['name'], `row on ${node.name}`).toBe('replication probe');
        } finally {
          await conn.end();
        }
      }
    } finally {
      await pools.master.execute('DELETE FROM tenant WHERE slug = ?', [slug]);
    }
  });

  it('db-master reaches m1, db-stats reaches s1 and db-report reaches s2', async () => {
    const serverId = async (pool: DbPools['master']): Promise<number> => {
      const [r] = await pool.query<RowDataPacket[]>('SELECT @@server_id AS id');
      return Number(r[0]?.['id']);
    };
    const id = (name: string): number => ctx.topology.mariadb.nodes.find((n) => n.name === name)?.serverId ?? -1;
    expect(await serverId(pools.master)).toBe(id('m1'));
    expect(await serverId(pools.stats)).toBe(id('s1'));
    expect(await serverId(pools.report)).toBe(id('s2'));
  });

  it('slaves refuse writes with a clear read-only error', async () => {
    await expect(pools.stats.execute('INSERT INTO tenant (slug, name) VALUES (?, ?)', ['it-ro', 'x'])).rejects.toThrow(/read-only/);
  });

  it('the demo tenant and its users were seeded through the migrations', async () => {
    const [r] = await pools.report.query<RowDataPacket[]>(
      "SELECT u.login, u.role, u.password_hash FROM user_account u JOIN tenant t ON t.id = u.tenant_id WHERE t.slug = 'demo' ORDER BY u.login",
    );
    expect(r.map((x) => x['login'])).toEqual(['admin@demo', 'agent1@demo', 'agent2@demo', 'supervisor@demo']);
    for (const row of r) expect(String(row['password_hash'])).toMatch(/^scrypt\$/);
  });
});
