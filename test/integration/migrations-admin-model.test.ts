import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { mariadbRootSql } from '@ringwell/cli';
import { createDbPools, loadMigrations, migrate } from '@ringwell/db';
import type { DbPools } from '@ringwell/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, testCluster } from '../src/test-cluster.js';

const ctx = testCluster();
const db = ctx.dataTier.db;

/** The admin tables of migrations 002-010: what the config repositories and cache need. */
const ADMIN_TABLES = [
  'acd_group', 'acd_group_member', 'acd_group_required_skill', 'acd_group_skill_relaxation', 'agent', 'agent_skill',
  'call_flow', 'call_flow_revision', 'disposition_code', 'holiday', 'holiday_calendar', 'opening_interval',
  'opening_schedule', 'pause_reason', 'phone_number', 'prompt', 'skill', 'tenant', 'user_account',
];

/** MariaDB's ER_CONSTRAINT_FAILED (a CHECK refused the row). */
const CHECK_FAILED = 4025;

async function rootSql(sql: string): Promise<string> {
  const res = await mariadbRootSql(ctx.paths.mariadb('m1').socket, sql);
  if (res.code !== 0) throw new Error(`root SQL failed (${res.code}): ${res.stderr}`);
  return res.stdout;
}

async function tablesOf(conn: Connection, schema: string): Promise<string[]> {
  const [rows] = await conn.execute<RowDataPacket[]>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name', [schema]);
  return rows.map((r) => String(r['t']));
}

describe('admin data model migrations on an empty database', () => {
  const scratch = `ringwell_scratch_${randomBytes(4).toString('hex')}`;
  let conn: Connection;

  beforeAll(async () => {
    // The app user may only use `ringwell`.*: root (over m1's socket) creates the scratch
    // schema and grants it to exactly the account the app connects as.
    const probe = await createConnection({ host: db.host, port: db.masterPort, user: db.user, password: db.password, database: db.database });
    const [who] = await probe.query<RowDataPacket[]>('SELECT CURRENT_USER() AS u');
    await probe.end();
    const [user, host] = String(who[0]?.['u']).split('@');
    await rootSql(`CREATE DATABASE \`${scratch}\`; GRANT ALL PRIVILEGES ON \`${scratch}\`.* TO '${user}'@'${host}';`);
    conn = await eventually(
      () => createConnection({ host: db.host, port: db.masterPort, user: db.user, password: db.password, database: scratch, multipleStatements: true }),
      10_000,
    );
  });

  afterAll(async () => {
    await conn?.end();
    await rootSql(`DROP DATABASE IF EXISTS \`${scratch}\`;`);
  });

  it('every migration applies from nothing, and a second run applies none', async () => {
    expect(await tablesOf(conn, scratch)).toEqual([]);
    const migrations = await loadMigrations();
    const first = await migrate(conn, migrations);
    expect(first.applied.length).toBe(migrations.length);
    expect(first.applied).toEqual(expect.arrayContaining(['002_tenant_seat_pool', '008_acd_groups', '010_phone_numbers']));
    expect(await tablesOf(conn, scratch)).toEqual(expect.arrayContaining([...ADMIN_TABLES, 'schema_migration']));
    const second = await migrate(conn, migrations);
    expect(second).toEqual({ applied: [], alreadyApplied: migrations.length });
  });

  it('the schema refuses what the model forbids: cross-tenant references, bad levels, half-set overflow', async () => {
    await conn.query("INSERT INTO tenant (slug, name) VALUES ('a', 'A'), ('b', 'B')");
    const [t] = await conn.query<RowDataPacket[]>("SELECT id, slug FROM tenant WHERE slug IN ('a', 'b') ORDER BY slug");
    const [a, b] = [Number(t[0]?.['id']), Number(t[1]?.['id'])];
    await conn.execute("INSERT INTO acd_group (tenant_id, name) VALUES (?, 'sales')", [a]);
    const [g] = await conn.query<RowDataPacket[]>("SELECT id FROM acd_group WHERE name = 'sales'");
    const groupOfA = Number(g[0]?.['id']);
    await conn.execute("INSERT INTO agent (tenant_id, display_name, extension, sip_device) VALUES (?, 'Bo', '101', 'bo')", [b]);
    const [ag] = await conn.query<RowDataPacket[]>("SELECT id FROM agent WHERE extension = '101'");
    const agentOfB = Number(ag[0]?.['id']);

    // Tenant B's agent cannot join tenant A's group, even naming B as the row's tenant.
    await expect(conn.execute('INSERT INTO acd_group_member (tenant_id, acd_group_id, agent_id) VALUES (?, ?, ?)', [b, groupOfA, agentOfB])).rejects.toMatchObject({
      code: 'ER_NO_REFERENCED_ROW_2',
    });
    await expect(conn.execute("INSERT INTO skill (tenant_id, name) VALUES (?, 'de')", [b])).resolves.toBeDefined();
    await expect(
      conn.execute("INSERT INTO agent_skill (tenant_id, agent_id, skill_id, level) SELECT ?, ?, id, 6 FROM skill WHERE name = 'de'", [b, agentOfB]),
    ).rejects.toMatchObject({ errno: CHECK_FAILED, message: expect.stringContaining('ck_agent_skill_level') });
    await expect(conn.execute("UPDATE acd_group SET overflow_target_type = 'voicemail' WHERE id = ?", [groupOfA])).rejects.toMatchObject({
      errno: CHECK_FAILED,
      message: expect.stringContaining('ck_acd_group_overflow'),
    });
    await expect(conn.execute("INSERT INTO phone_number (tenant_id, number) VALUES (?, '0301234')", [a])).rejects.toMatchObject({
      errno: CHECK_FAILED,
      message: expect.stringContaining('ck_phone_number_e164'),
    });
    const [seat] = await conn.query<RowDataPacket[]>('SELECT seat_limit, config_version FROM tenant WHERE id = ?', [a]);
    expect(seat[0]).toMatchObject({ seat_limit: 10, config_version: 1 });
  });
});

describe('admin data model migrations on the cluster', () => {
  let pools: DbPools;
  beforeAll(() => {
    pools = createDbPools(ctx.dataTier, 2);
  });
  afterAll(async () => {
    await pools.end();
  });

  it('`ringwell up` applied 002-010 through db-master and they replicated to both slaves', async () => {
    const [applied] = await pools.master.query<RowDataPacket[]>('SELECT version FROM schema_migration WHERE version BETWEEN 2 AND 19 ORDER BY version');
    expect(applied.map((r) => Number(r['version']))).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const pool of [pools.stats, pools.report]) {
      const [rows] = await pool.execute<RowDataPacket[]>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ?', [db.database]);
      expect(rows.map((r) => String(r['t']))).toEqual(expect.arrayContaining(ADMIN_TABLES));
    }
  });
});
