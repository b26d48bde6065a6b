import type { PoolConnection } from 'mysql2/promise';
import { executeWrite, type SqlParam } from './sql-db.js';

/**
 * Replaces the child rows of one parent: delete them all, insert the new list. Child rows have
 * no version of their own; this runs inside the parent's write, after its version check.
 * `table`, `parentColumn` and `columns` are constants of the repository, never input.
 */
export async function replaceChildRows(
  conn: PoolConnection,
  table: string,
  parentColumn: string,
  tenantId: string,
  parentId: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly SqlParam[]>,
): Promise<void> {
  await executeWrite(conn, `DELETE FROM ${table} WHERE tenant_id = ? AND ${parentColumn} = ?`, [tenantId, parentId]);
  if (rows.length === 0) return;
  const tuple = `(${['?', '?', ...columns.map(() => '?')].join(', ')})`;
  await executeWrite(
    conn,
    `INSERT INTO ${table} (tenant_id, ${parentColumn}, ${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`,
    rows.flatMap((r) => [tenantId, parentId, ...r]),
  );
}
