import type { Pool, RowDataPacket } from 'mysql2/promise';
import { AcdGroupRepository } from './repositories/acd-group.repository.js';
import { CallFlowRepository } from './repositories/call-flow.repository.js';
import { PhoneNumberRepository } from './repositories/phone-number.repository.js';
import { AdminWriteRunner } from './sql/admin-write.runner.js';

/** The demo tenant's inbound number: calls to it run the demo flow into ACD group "Sales". */
export const DEMO_PHONE_NUMBER = '+4930555000100';

/**
 * Seeds the demo tenant's ACD configuration through the repositories (so it passes the same
 * validation as an admin's edit): ACD groups Sales and Support, a call flow, the demo number.
 * Idempotent: when the demo tenant already has a group named Sales, nothing is written.
 * Agents (agent rows for agent1@demo, agent2@demo) are not seeded yet.
 */
export async function seedDemoAcd(pool: Pool, tenantId: string): Promise<{ created: boolean }> {
  const [existing] = await pool.execute<RowDataPacket[]>("SELECT id FROM acd_group WHERE tenant_id = ? AND name = 'Sales'", [tenantId]);
  if (existing.length > 0) return { created: false };
  const writes = new AdminWriteRunner(pool);
  const groups = new AcdGroupRepository(pool, writes);
  const support = await groups.create(tenantId, { name: 'Support', strategy: 'longest-idle', wrapUpSeconds: 15 });
  const sales = await groups.create(tenantId, {
    name: 'Sales',
    strategy: 'round-robin',
    wrapUpSeconds: 10,
    maxWaitSeconds: 180,
    overflow: { type: 'acd-group', acdGroupId: support.id },
    announcements: { announcePosition: true, positionIntervalSeconds: 60 },
  });
  const flow = await new CallFlowRepository(pool, writes).create(tenantId, {
    name: 'Demo main line',
    definition: { schemaVersion: 1, start: 'sales', steps: { sales: { type: 'acd-group', acdGroupId: sales.id } } },
  });
  await new PhoneNumberRepository(pool, writes).create(tenantId, { number: DEMO_PHONE_NUMBER, callFlowId: flow.id, description: 'Demo main line' });
  return { created: true };
}
