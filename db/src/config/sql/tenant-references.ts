import type { PoolConnection } from 'mysql2/promise';
import { InvalidReferenceError } from '../errors/invalid-reference.error.js';
import { idOf, selectRows } from './sql-db.js';

/** Ids a write names in one table; `label` is how the error names that kind of row. */
export interface TenantReference {
  /** A constant of the repository, never input. */
  readonly table: string;
  readonly label: string;
  readonly ids: readonly string[];
}

/**
 * Checks that every referenced row exists in the writing tenant, so the admin learns which ids
 * are wrong ("skill 12, acd-group 40") instead of a foreign-key name. The composite foreign
 * keys stay the backstop (a row deleted concurrently is still refused).
 */
export async function requireTenantRows(conn: PoolConnection, tenantId: string, what: string, refs: readonly TenantReference[]): Promise<void> {
  const missing: string[] = [];
  for (const ref of refs) {
    const wanted = [...new Set(ref.ids)];
    if (wanted.length === 0) continue;
    const found = await selectRows(conn, `SELECT id FROM ${ref.table} WHERE tenant_id = ? AND id IN (${wanted.map(() => '?').join(', ')})`, [
      tenantId,
      ...wanted,
    ]);
    const present = new Set(found.map((r) => idOf(r['id'])));
    for (const id of wanted) if (!present.has(id)) missing.push(`${ref.label} ${id}`);
  }
  if (missing.length > 0) throw new InvalidReferenceError(`the ${what} names rows that do not exist in this tenant: ${missing.join(', ')}`);
}
