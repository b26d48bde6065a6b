import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { hashPassword } from '../security/password-hash.js';

export interface DemoLogin {
  readonly login: string;
  readonly role: 'tenant-admin' | 'supervisor' | 'agent';
  readonly password: string;
}

export const DEMO_TENANT_SLUG = 'demo';

/**
 * Seeds the demo tenant and its users, idempotently: existing rows (and their
 * passwords) are left alone, so a second `ringwell up` changes nothing.
 */
export async function seedDemoTenant(pool: Pool, logins: readonly DemoLogin[]): Promise<{ tenantId: number; created: string[] }> {
  await pool.execute('INSERT IGNORE INTO tenant (slug, name) VALUES (?, ?)', [DEMO_TENANT_SLUG, 'Demo Contact Center']);
  const [rows] = await pool.execute<RowDataPacket[]>('SELECT id FROM tenant WHERE slug = ?', [DEMO_TENANT_SLUG]);
  const tenantId = Number(rows[0]?.['id']);
  if (!Number.isInteger(tenantId) || tenantId <= 0) throw new Error('demo tenant was not created');
  const created: string[] = [];
  for (const l of logins) {
    const hash = await hashPassword(l.password);
    const [res] = await pool.execute<ResultSetHeader>(
      'INSERT IGNORE INTO user_account (tenant_id, login, display_name, role, password_hash) VALUES (?, ?, ?, ?, ?)',
      [tenantId, l.login, l.login, l.role, hash],
    );
    if (res.affectedRows === 1) created.push(l.login);
  }
  return { tenantId, created };
}
