import type { Pool, PoolConnection } from 'mysql2/promise';
import { z } from 'zod';
import { NotFoundError } from '../errors/not-found.error.js';
import type { PhoneNumber } from '../model/phone-number.model.js';
import { e164Schema, idSchema } from '../schemas/common.schema.js';
import { parseInput } from '../schemas/parse-input.js';
import { throwVersionMismatch, type AdminWriteRunner } from '../sql/admin-write.runner.js';
import { mapMysqlError } from '../sql/mysql-error.mapper.js';
import { executeWrite } from '../sql/sql-db.js';
import { loadPhoneNumbers } from './phone-number.rows.js';

const phoneNumberSchema = z.object({
  number: e164Schema,
  callFlowId: idSchema.nullable().default(null),
  description: z.string().max(200).default(''),
});

/**
 * Inbound numbers of a tenant. A number is unique platform-wide (DuplicateError
 * `uq_phone_number_number` when another tenant holds it); its call flow must be the
 * tenant's own (the composite foreign key refuses another tenant's flow).
 */
export class PhoneNumberRepository {
  constructor(
    private readonly pool: Pool,
    private readonly writes: AdminWriteRunner,
  ) {}

  async list(tenantId: string): Promise<PhoneNumber[]> {
    try {
      return await loadPhoneNumbers(this.pool, tenantId);
    } catch (err) {
      throw mapMysqlError(err);
    }
  }

  async create(tenantId: string, input: unknown): Promise<PhoneNumber> {
    const s = parseInput(phoneNumberSchema, input);
    return this.writes.run(tenantId, async (conn) => {
      const res = await executeWrite(conn, 'INSERT INTO phone_number (tenant_id, number, call_flow_id, description) VALUES (?, ?, ?, ?)', [
        tenantId, s.number, s.callFlowId, s.description,
      ]);
      const saved = await this.reread(conn, tenantId, String(res.insertId));
      return { result: saved, entity: 'phone-number', id: saved.id, version: saved.version };
    });
  }

  async update(tenantId: string, id: string, expectedVersion: number, input: unknown): Promise<PhoneNumber> {
    const s = parseInput(phoneNumberSchema, input);
    return this.writes.run(tenantId, async (conn) => {
      const res = await executeWrite(
        conn,
        'UPDATE phone_number SET number = ?, call_flow_id = ?, description = ?, version = version + 1 WHERE tenant_id = ? AND id = ? AND version = ?',
        [s.number, s.callFlowId, s.description, tenantId, id, expectedVersion],
      );
      if (res.affectedRows !== 1) await throwVersionMismatch(conn, 'phone_number', 'phone-number', tenantId, id, expectedVersion);
      const saved = await this.reread(conn, tenantId, id);
      return { result: saved, entity: 'phone-number', id, version: saved.version };
    });
  }

  async delete(tenantId: string, id: string, expectedVersion: number): Promise<void> {
    await this.writes.run(tenantId, async (conn) => {
      const res = await executeWrite(conn, 'DELETE FROM phone_number WHERE tenant_id = ? AND id = ? AND version = ?', [tenantId, id, expectedVersion]);
      if (res.affectedRows !== 1) await throwVersionMismatch(conn, 'phone_number', 'phone-number', tenantId, id, expectedVersion);
      return { result: undefined, entity: 'phone-number', id, version: null };
    });
  }

  private async reread(conn: PoolConnection, tenantId: string, id: string): Promise<PhoneNumber> {
    const [saved] = await loadPhoneNumbers(conn, tenantId, id);
    if (!saved) throw new NotFoundError('phone-number', id);
    return saved;
  }
}
