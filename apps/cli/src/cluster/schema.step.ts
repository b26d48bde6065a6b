import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import { createDbPools, loadMigrations, migrate, seedDemoAcd, seedDemoTenant } from '@ringwell/db';
import type { DemoLogin, MigrationResult } from '@ringwell/db';
import type { ClusterContext } from './cluster-context.js';


/** Connects through HAProxy's db-master, retrying while HAProxy's checks settle. */
async function connectDbMaster(ctx: ClusterContext, timeoutMs: number): Promise<Connection> {
  const db = ctx.dataTier.db;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await createConnection({
        host: db.host, port: db.masterPort, user: db.user, password: db.password, database: db.database,
        multipleStatements: true, connectTimeout: 2000,
      });
    } catch (err) {
      last = err;
      await sleep(250);
    }
  }
  throw new Error(`db-master (HAProxy ${db.host}:${db.masterPort}) did not accept a connection within ${timeoutMs} ms: ${(last as Error)?.message}`);
}

/** Applies the migrations through db-master, so they replicate to every server. */
export async function runMigrations(ctx: ClusterContext): Promise<MigrationResult> {
  const conn = await connectDbMaster(ctx, 20_000);
  try {
    return await migrate(conn, await loadMigrations());
  } finally {
    await conn.end();
  }
}

/** The demo logins; all share the cluster's generated demo password. */
export function demoLogins(ctx: ClusterContext): DemoLogin[] {
  const pw = ctx.secrets.demoPassword;
  return [
    { login: 'admin@demo', role: 'tenant-admin', password: pw },
    { login: 'supervisor@demo', role: 'supervisor', password: pw },
    { login: 'agent1@demo', role: 'agent', password: pw },
    { login: 'agent2@demo', role: 'agent', password: pw },
  ];
}

/** Seeds the demo tenant, its logins and its ACD setup (groups Sales and Support, a call flow, a number). */
export async function seedDemo(ctx: ClusterContext): Promise<{ tenantId: number; created: string[] }> {
  const pools = createDbPools(ctx.dataTier, 2);
  try {
    const seeded = await seedDemoTenant(pools.master, demoLogins(ctx));
    await seedDemoAcd(pools.master, String(seeded.tenantId));
    return seeded;
  } finally {
    await pools.end();
  }
}
