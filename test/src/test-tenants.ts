import { randomBytes } from 'node:crypto';
import type { Pool, ResultSetHeader } from 'mysql2/promise';

/** Every tenant-scoped admin table, children before the rows they reference. */
const TENANT_TABLES = [
  'phone_number', 'acd_group_member', 'agent_skill', 'agent', 'acd_group_required_skill', 'acd_group', 'call_flow', 'skill', 'prompt',
  'pause_reason', 'disposition_code', 'opening_schedule', 'holiday_calendar', 'user_account',
];

/**
 * Tenants an integration test file creates in the cluster's database, and removes at the end
 * with everything they own, so files never see each other's rows.
 */
export class TestTenants {
  private readonly ids: string[] = [];
  private readonly suffix = randomBytes(3).toString('hex');

  constructor(
    private readonly pool: Pool,
    private readonly prefix: string,
  ) {}

  async create(label: string): Promise<string> {
    const [res] = await this.pool.execute<ResultSetHeader>('INSERT INTO tenant (slug, name) VALUES (?, ?)', [`it-${this.prefix}-${label}-${this.suffix}`, label]);
    this.ids.push(String(res.insertId));
    return String(res.insertId);
  }

  async removeAll(): Promise<void> {
    for (const id of this.ids) {
      // ACD groups may overflow into each other: cut those links before deleting them.
      await this.pool.execute(
        'UPDATE acd_group SET overflow_target_type = NULL, overflow_acd_group_id = NULL, overflow_call_flow_id = NULL, overflow_voicemail_box = NULL, overflow_external_number = NULL WHERE tenant_id = ?',
        [id],
      );
      for (const table of TENANT_TABLES) await this.pool.execute(`DELETE FROM ${table} WHERE tenant_id = ?`, [id]);
      await this.pool.execute('DELETE FROM tenant WHERE id = ?', [id]);
    }
  }
}
