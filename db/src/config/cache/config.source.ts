import type { Pool, PoolConnection } from 'mysql2/promise';
import type { TenantConfig } from '../model/tenant-config.model.js';
import { loadAcdGroups } from '../repositories/acd-group.rows.js';
import { loadCallFlows } from '../repositories/call-flow.rows.js';
import { loadPhoneNumbers } from '../repositories/phone-number.rows.js';
import { loadTenant, loadTenants } from '../repositories/tenant.rows.js';
import { mapMysqlError } from '../sql/mysql-error.mapper.js';
import { idOf, selectRows } from '../sql/sql-db.js';

/** Where the config cache reads from. The MariaDB one below; fakes in unit specs. */
export interface ConfigSource {
  loadAll(): Promise<TenantConfig[]>;
  /** Null when the tenant no longer exists. */
  loadTenant(tenantId: string): Promise<TenantConfig | null>;
  /** Every tenant's `config_version`: the cheap poll that finds missed notifications. */
  configVersions(): Promise<Map<string, number>>;
}

/**
 * Reads configuration from the active master (db-master): right after an admin write a
 * slave may lag, and a cache must not reload an older state than the notification it got.
 * Each load is one read-only transaction, so the tenant's rows come from one snapshot.
 */
export class MariaDbConfigSource implements ConfigSource {
  constructor(private readonly pool: Pool) {}

  async loadAll(): Promise<TenantConfig[]> {
    return this.inSnapshot(async (conn) => {
      const tenants = await loadTenants(conn);
      const out: TenantConfig[] = [];
      for (const tenant of tenants) {
        out.push({
          tenant,
          acdGroups: await loadAcdGroups(conn, tenant.id),
          callFlows: await loadCallFlows(conn, tenant.id),
          phoneNumbers: await loadPhoneNumbers(conn, tenant.id),
        });
      }
      return out;
    });
  }

  async loadTenant(tenantId: string): Promise<TenantConfig | null> {
    return this.inSnapshot(async (conn) => {
      const tenant = await loadTenant(conn, tenantId);
      if (!tenant) return null;
      return {
        tenant,
        acdGroups: await loadAcdGroups(conn, tenantId),
        callFlows: await loadCallFlows(conn, tenantId),
        phoneNumbers: await loadPhoneNumbers(conn, tenantId),
      };
    });
  }

  async configVersions(): Promise<Map<string, number>> {
    try {
      const rows = await selectRows(this.pool, 'SELECT id, config_version FROM tenant', []);
      return new Map(rows.map((r) => [idOf(r['id']), Number(r['config_version'])]));
    } catch (err) {
      throw mapMysqlError(err);
    }
  }

  private async inSnapshot<T>(work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    let conn: PoolConnection;
    try {
      conn = await this.pool.getConnection();
    } catch (err) {
      throw mapMysqlError(err);
    }
    let result: T;
    try {
      await conn.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
      result = await work(conn);
      await conn.query('COMMIT');
    } catch (err) {
      // A read-only transaction has nothing to undo; a broken connection must not go back to the pool.
      conn.destroy();
      throw mapMysqlError(err);
    }
    conn.release();
    return result;
  }
}
