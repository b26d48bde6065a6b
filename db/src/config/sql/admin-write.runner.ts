import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { NotFoundError } from '../errors/not-found.error.js';
import { VersionConflictError } from '../errors/version-conflict.error.js';
import type { ConfigChange, ConfigChangeNotifier, ConfigEntity } from '../notify/config-change.js';
import { isConnectionError, mapMysqlError } from './mysql-error.mapper.js';

/** What one admin write changed; becomes the {@link ConfigChange} announced after commit. */
export interface WriteEffect<T> {
  readonly result: T;
  readonly entity: ConfigEntity;
  readonly id: string;
  /** The row's version after the write; null when it was deleted. */
  readonly version: number | null;
}

/** Reports a change notification that could not be published (the write itself is committed). */
export type NotifyFailureHandler = (err: unknown, change: ConfigChange) => void;

/**
 * Runs admin writes: one transaction on the active master per write, the tenant's
 * `config_version` bumped inside it, the change announced after commit.
 *
 * Why the bump comes first: it locks the tenant row, so writes of one tenant are serialised
 * (no deadlocks between two admins editing related rows) and a write for an unknown tenant
 * fails before touching anything.
 *
 * Nothing is buffered: if the master is unreachable the caller gets `DbUnavailableError`.
 * A failed publish is only reported: the write is durable, and caches that missed the
 * message find it by polling `tenant.config_version`.
 */
export class AdminWriteRunner {
  constructor(
    private readonly pool: Pool,
    private readonly notifier: ConfigChangeNotifier | null = null,
    private readonly onNotifyFailure: NotifyFailureHandler = () => undefined,
  ) {}

  async run<T>(tenantId: string, work: (conn: PoolConnection) => Promise<WriteEffect<T>>): Promise<T> {
    let conn: PoolConnection;
    try {
      conn = await this.pool.getConnection();
    } catch (err) {
      throw mapMysqlError(err, 'not-applied');
    }
    let committing = false;
    let change: ConfigChange;
    let result: T;
    try {
      await conn.beginTransaction();
      const [bump] = await conn.execute<ResultSetHeader>(
        'UPDATE tenant SET config_version = config_version + 1, updated_at = updated_at WHERE id = ?',
        [tenantId],
      );
      if (bump.affectedRows !== 1) throw new NotFoundError('tenant', tenantId);
      const effect = await work(conn);
      const [rows] = await conn.execute<RowDataPacket[]>('SELECT config_version FROM tenant WHERE id = ?', [tenantId]);
      change = { tenantId, entity: effect.entity, id: effect.id, version: effect.version, configVersion: Number(rows[0]?.['config_version']) };
      result = effect.result;
      committing = true;
      await conn.commit();
    } catch (err) {
      await this.rollbackQuietly(conn, err);
      // A connection lost during COMMIT may or may not have committed: say so, never guess.
      throw mapMysqlError(err, committing ? 'unknown' : 'not-applied');
    } finally {
      conn.release();
    }
    if (this.notifier) {
      try {
        await this.notifier.publish(change);
      } catch (err) {
        this.onNotifyFailure(err, change);
      }
    }
    return result;
  }

  private async rollbackQuietly(conn: PoolConnection, cause: unknown): Promise<void> {
    if (isConnectionError(cause)) {
      // The server ends the transaction with the session; the connection is useless.
      conn.destroy();
      return;
    }
    try {
      await conn.rollback();
    } catch (err) {
      // The original error is what the admin must see; a failed rollback ends the session,
      // which rolls back on the server, and the broken connection is dropped from the pool.
      void err;
      conn.destroy();
    }
  }
}

/**
 * The optimistic-concurrency check shared by every repository: after an
 * `UPDATE/DELETE ... WHERE tenant_id = ? AND id = ? AND version = ?` touched no row, finds out
 * why and throws the matching typed error.
 */
export async function throwVersionMismatch(
  conn: PoolConnection,
  table: string,
  entity: ConfigEntity,
  tenantId: string,
  id: string,
  expectedVersion: number,
): Promise<never> {
  // `table` is a constant from the repository, never input: identifiers cannot be parameters.
  const [rows] = await conn.execute<RowDataPacket[]>(`SELECT version FROM ${table} WHERE tenant_id = ? AND id = ?`, [tenantId, id]);
  const current = rows[0];
  if (!current) throw new NotFoundError(entity, id);
  throw new VersionConflictError(entity, id, expectedVersion, Number(current['version']));
}
