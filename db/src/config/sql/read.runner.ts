import type { Pool, RowDataPacket } from 'mysql2/promise';
import { mapMysqlError } from './mysql-error.mapper.js';

/** Runs a read on the given pool, translating driver errors to the typed catalog. */
export async function readRows(pool: Pool, sql: string, params: ReadonlyArray<string | number | null>): Promise<RowDataPacket[]> {
  try {
    const [rows] = await pool.execute<RowDataPacket[]>(sql, params as Array<string | number | null>);
    return rows;
  } catch (err) {
    throw mapMysqlError(err);
  }
}
