import type { Pool, PoolConnection } from 'mysql2/promise';
import type { z } from 'zod';
import { NotFoundError } from '../errors/not-found.error.js';
import type { StoredRow } from '../model/stored-row.model.js';
import type { ConfigEntity } from '../notify/config-change.js';
import { parseInput } from '../schemas/parse-input.js';
import { throwVersionMismatch, type AdminWriteRunner, type WriteEffect } from '../sql/admin-write.runner.js';
import { mapMysqlError } from '../sql/mysql-error.mapper.js';
import { executeWrite, type SqlDb, type SqlParam } from '../sql/sql-db.js';

/**
 * How one admin table is stored: the constants and hooks a {@link TenantRowRepository} needs.
 * `table` and `columns` are constants of the repository, never input (identifiers cannot be
 * SQL parameters).
 */
export interface TenantRowTable<TSettings> {
  readonly table: string;
  readonly entity: ConfigEntity;
  /** The boundary schema; defaults are the database defaults. */
  readonly schema: z.ZodType<TSettings, unknown>;
  /** Columns written from the settings, in the order `values` returns them. */
  readonly columns: readonly string[];
  values(settings: TSettings): SqlParam[];
  /** All rows of the tenant, or the one row `id` (with child rows). */
  load(db: SqlDb, tenantId: string, id?: string): Promise<Array<StoredRow<TSettings>>>;
  /** Checks that need the tenant or the database (references), run inside the write. */
  check?(conn: PoolConnection, tenantId: string, settings: TSettings): Promise<void>;
  /** Replaces the child rows; they have no version of their own and change under the parent's. */
  replaceChildren?(conn: PoolConnection, tenantId: string, id: string, settings: TSettings): Promise<void>;
  /** Refuses a delete that something without a foreign key (a call flow's JSON) still needs. */
  checkDelete?(conn: PoolConnection, tenantId: string, id: string): Promise<void>;
}

/** Turns driver errors of a read into the typed catalog (RW_ERR_DB_UNAVAILABLE, ...). */
async function mappedRead<T>(read: Promise<T>): Promise<T> {
  return read.catch((err: unknown) => {
    throw mapMysqlError(err);
  });
}

/**
 * The repository pattern of the admin data model, once: every statement scoped by tenant,
 * every write through {@link AdminWriteRunner} (one transaction, tenant `config_version`
 * bumped, change announced), edits as full replacements guarded by the version the admin
 * read (`RW_ERR_VERSION_CONFLICT` with the current version, never a silent overwrite), input
 * validated by the table's schema (`RW_ERR_VALIDATION` naming the field). Tables whose rows
 * are deactivated rather than deleted (pause reasons, disposition codes) use this class;
 * the others use {@link DeletableTenantRowRepository}.
 */
export class TenantRowRepository<TSettings> {
  constructor(
    protected readonly pool: Pool,
    protected readonly writes: AdminWriteRunner,
    protected readonly spec: TenantRowTable<TSettings>,
  ) {}

  async list(tenantId: string): Promise<Array<StoredRow<TSettings>>> {
    return mappedRead(this.spec.load(this.pool, tenantId));
  }

  async get(tenantId: string, id: string): Promise<StoredRow<TSettings>> {
    const [found] = await mappedRead(this.spec.load(this.pool, tenantId, id));
    if (!found) throw new NotFoundError(this.spec.entity, id);
    return found;
  }

  async create(tenantId: string, input: unknown): Promise<StoredRow<TSettings>> {
    const settings = parseInput(this.spec.schema, input);
    const { table, columns } = this.spec;
    return this.writes.run(tenantId, async (conn) => {
      await this.spec.check?.(conn, tenantId, settings);
      const res = await executeWrite(
        conn,
        `INSERT INTO ${table} (tenant_id, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`,
        [tenantId, ...this.spec.values(settings)],
      );
      return this.saved(conn, tenantId, String(res.insertId), settings);
    });
  }

  async update(tenantId: string, id: string, expectedVersion: number, input: unknown): Promise<StoredRow<TSettings>> {
    const settings = parseInput(this.spec.schema, input);
    const { table, columns, entity } = this.spec;
    return this.writes.run(tenantId, async (conn) => {
      const res = await executeWrite(
        conn,
        `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')}, version = version + 1 WHERE tenant_id = ? AND id = ? AND version = ?`,
        [...this.spec.values(settings), tenantId, id, expectedVersion],
      );
      if (res.affectedRows !== 1) await throwVersionMismatch(conn, table, entity, tenantId, id, expectedVersion);
      // After the version check, so another tenant's id is "not found", whatever it names.
      await this.spec.check?.(conn, tenantId, settings);
      return this.saved(conn, tenantId, id, settings);
    });
  }

  /** Deletes the row (children cascade) if nobody changed it since `expectedVersion` was read. */
  protected async deleteRow(tenantId: string, id: string, expectedVersion: number): Promise<void> {
    const { table, entity } = this.spec;
    await this.writes.run(tenantId, async (conn) => {
      await this.spec.checkDelete?.(conn, tenantId, id);
      const res = await executeWrite(conn, `DELETE FROM ${table} WHERE tenant_id = ? AND id = ? AND version = ?`, [tenantId, id, expectedVersion]);
      if (res.affectedRows !== 1) await throwVersionMismatch(conn, table, entity, tenantId, id, expectedVersion);
      return { result: undefined, entity, id, version: null };
    });
  }

  /** Writes the children and re-reads the row as stored (defaults, version), inside the write. */
  private async saved(conn: PoolConnection, tenantId: string, id: string, settings: TSettings): Promise<WriteEffect<StoredRow<TSettings>>> {
    await this.spec.replaceChildren?.(conn, tenantId, id, settings);
    const [row] = await this.spec.load(conn, tenantId, id);
    if (!row) throw new NotFoundError(this.spec.entity, id);
    return { result: row, entity: this.spec.entity, id, version: row.version };
  }
}
