import type { RowDataPacket } from 'mysql2/promise';
import type { PhoneNumber } from '../model/phone-number.model.js';
import { idOf, idOrNull, selectRows, type SqlDb } from '../sql/sql-db.js';

function toPhoneNumber(r: RowDataPacket): PhoneNumber {
  return {
    id: idOf(r['id']),
    tenantId: idOf(r['tenant_id']),
    number: String(r['number']),
    callFlowId: idOrNull(r['call_flow_id']),
    description: String(r['description']),
    version: Number(r['version']),
  };
}

export async function loadPhoneNumbers(db: SqlDb, tenantId: string, id?: string): Promise<PhoneNumber[]> {
  const one = id !== undefined;
  const rows = await selectRows(
    db,
    `SELECT id, tenant_id, number, call_flow_id, description, version FROM phone_number WHERE tenant_id = ?${one ? ' AND id = ?' : ''} ORDER BY number`,
    one ? [tenantId, id] : [tenantId],
  );
  return rows.map(toPhoneNumber);
}
