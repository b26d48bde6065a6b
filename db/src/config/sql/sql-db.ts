import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';

/** A pool (reads) or a transaction's connection (writes): both run the same row loaders. */
export type SqlDb = Pool | PoolConnection;

export type SqlParam = string | number | boolean | null;

function isPool(db: SqlDb): db is Pool {
  return 'getConnection' in db;
}

/** A parameterised SELECT. */
export async function selectRows(db: SqlDb, sql: string, params: readonly SqlParam[]): Promise<RowDataPacket[]> {
  const values = [...params];
  const [rows] = isPool(db) ? await db.execute<RowDataPacket[]>(sql, values) : await db.execute<RowDataPacket[]>(sql, values);
  return rows;
}

/** A parameterised INSERT/UPDATE/DELETE. */
export async function executeWrite(db: SqlDb, sql: string, params: readonly SqlParam[]): Promise<ResultSetHeader> {
  const values = [...params];
  const [res] = isPool(db) ? await db.execute<ResultSetHeader>(sql, values) : await db.execute<ResultSetHeader>(sql, values);
  return res;
}

/** BIGINT ids travel as strings, as in the ACD domain (`tenantId`, `acdGroupId`, `agentId`). */
export function idOf(v: unknown): string {
  return String(v);
}

export function idOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

export function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** BOOLEAN is TINYINT(1) in MariaDB and arrives as 0/1. */
export function bool(v: unknown): boolean {
  return Number(v) === 1;
}

/** Groups child rows by a parent id column. */
export function groupBy(rows: readonly RowDataPacket[], column: string): Map<string, RowDataPacket[]> {
  const map = new Map<string, RowDataPacket[]>();
  for (const r of rows) {
    const key = String(r[column]);
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  }
  return map;
}
