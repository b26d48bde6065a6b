import type { Pool, PoolConnection } from 'mysql2/promise';
import { z } from 'zod';
import { callFlowReferences, parseCallFlowDefinition, type CallFlowDefinition } from '../call-flow/call-flow.schema.js';
import { InvalidReferenceError } from '../errors/invalid-reference.error.js';
import { NotFoundError } from '../errors/not-found.error.js';
import type { CallFlow } from '../model/call-flow.model.js';
import { idSchema, nameSchema } from '../schemas/common.schema.js';
import { parseInput } from '../schemas/parse-input.js';
import { throwVersionMismatch, type AdminWriteRunner } from '../sql/admin-write.runner.js';
import { mapMysqlError } from '../sql/mysql-error.mapper.js';
import { executeWrite, selectRows } from '../sql/sql-db.js';
import { loadCallFlows } from './call-flow.rows.js';

const callFlowInputSchema = z.object({ name: nameSchema, definition: z.unknown(), savedBy: idSchema.nullable().default(null) });

/** Outside references of a flow and the table each must exist in (within the tenant). */
const REFERENCE_TABLES = [
  ['acdGroupIds', 'acd_group', 'acd-group'],
  ['promptIds', 'prompt', 'prompt'],
  ['openingScheduleIds', 'opening_schedule', 'opening schedule'],
  ['skillIds', 'skill', 'skill'],
] as const;

/**
 * Call flows: validated JSON, versioned. Each save validates the definition (shape, graph,
 * and that every ACD group, prompt, schedule and skill it names exists in the same tenant),
 * stores it as a new immutable revision and makes that revision active, all under the flow's
 * optimistic-concurrency version.
 */
export class CallFlowRepository {
  constructor(
    private readonly pool: Pool,
    private readonly writes: AdminWriteRunner,
  ) {}

  async list(tenantId: string): Promise<CallFlow[]> {
    try {
      return await loadCallFlows(this.pool, tenantId);
    } catch (err) {
      throw mapMysqlError(err);
    }
  }

  async get(tenantId: string, id: string): Promise<CallFlow> {
    let found: CallFlow | undefined;
    try {
      [found] = await loadCallFlows(this.pool, tenantId, id);
    } catch (err) {
      throw mapMysqlError(err);
    }
    if (!found) throw new NotFoundError('call-flow', id);
    return found;
  }

  /** A stored revision (history view, restore). */
  async revision(tenantId: string, id: string, revision: number): Promise<CallFlowDefinition> {
    let rows;
    try {
      rows = await selectRows(this.pool, 'SELECT definition FROM call_flow_revision WHERE tenant_id = ? AND call_flow_id = ? AND revision = ?', [tenantId, id, revision]);
    } catch (err) {
      throw mapMysqlError(err);
    }
    const raw: unknown = rows[0]?.['definition'];
    if (raw === undefined) throw new NotFoundError('call-flow revision', `${id}/${revision}`);
    return (typeof raw === 'string' ? JSON.parse(raw) : raw) as CallFlowDefinition;
  }

  async create(tenantId: string, input: unknown): Promise<CallFlow> {
    const { name, definition, savedBy } = parseInput(callFlowInputSchema, input);
    const flow = parseCallFlowDefinition(definition);
    return this.writes.run(tenantId, async (conn) => {
      await this.checkReferences(conn, tenantId, flow);
      const res = await executeWrite(conn, 'INSERT INTO call_flow (tenant_id, name, active_revision) VALUES (?, ?, 1)', [tenantId, name]);
      const id = String(res.insertId);
      await this.insertRevision(conn, tenantId, id, 1, flow, savedBy);
      const saved = await this.reread(conn, tenantId, id);
      return { result: saved, entity: 'call-flow', id, version: saved.version };
    });
  }

  /** Saves a new revision (and name) if nobody saved since `expectedVersion` was read. */
  async update(tenantId: string, id: string, expectedVersion: number, input: unknown): Promise<CallFlow> {
    const { name, definition, savedBy } = parseInput(callFlowInputSchema, input);
    const flow = parseCallFlowDefinition(definition);
    return this.writes.run(tenantId, async (conn) => {
      await this.checkReferences(conn, tenantId, flow);
      const res = await executeWrite(
        conn,
        `UPDATE call_flow SET name = ?, active_revision = active_revision + 1, version = version + 1
          WHERE tenant_id = ? AND id = ? AND version = ?`,
        [name, tenantId, id, expectedVersion],
      );
      if (res.affectedRows !== 1) await throwVersionMismatch(conn, 'call_flow', 'call-flow', tenantId, id, expectedVersion);
      const [row] = await selectRows(conn, 'SELECT active_revision FROM call_flow WHERE tenant_id = ? AND id = ?', [tenantId, id]);
      await this.insertRevision(conn, tenantId, id, Number(row?.['active_revision']), flow, savedBy);
      const saved = await this.reread(conn, tenantId, id);
      return { result: saved, entity: 'call-flow', id, version: saved.version };
    });
  }

  async delete(tenantId: string, id: string, expectedVersion: number): Promise<void> {
    await this.writes.run(tenantId, async (conn) => {
      const res = await executeWrite(conn, 'DELETE FROM call_flow WHERE tenant_id = ? AND id = ? AND version = ?', [tenantId, id, expectedVersion]);
      if (res.affectedRows !== 1) await throwVersionMismatch(conn, 'call_flow', 'call-flow', tenantId, id, expectedVersion);
      return { result: undefined, entity: 'call-flow', id, version: null };
    });
  }

  private async insertRevision(conn: PoolConnection, tenantId: string, id: string, revision: number, flow: CallFlowDefinition, savedBy: string | null): Promise<void> {
    await executeWrite(conn, 'INSERT INTO call_flow_revision (tenant_id, call_flow_id, revision, definition, created_by) VALUES (?, ?, ?, ?, ?)', [
      tenantId, id, revision, JSON.stringify(flow), savedBy,
    ]);
  }

  /** JSON has no foreign keys: check each outside reference against the tenant's rows. */
  private async checkReferences(conn: PoolConnection, tenantId: string, flow: CallFlowDefinition): Promise<void> {
    const refs = callFlowReferences(flow);
    const missing: string[] = [];
    for (const [key, table, label] of REFERENCE_TABLES) {
      for (const refId of refs[key]) {
        // `table` comes from the constant list above, never from input.
        const rows = await selectRows(conn, `SELECT 1 FROM ${table} WHERE tenant_id = ? AND id = ?`, [tenantId, refId]);
        if (rows.length === 0) missing.push(`${label} ${refId}`);
      }
    }
    if (missing.length > 0) throw new InvalidReferenceError(`the call flow names rows that do not exist in this tenant: ${missing.join(', ')}`);
  }

  private async reread(conn: PoolConnection, tenantId: string, id: string): Promise<CallFlow> {
    const [flow] = await loadCallFlows(conn, tenantId, id);
    if (!flow) throw new NotFoundError('call-flow', id);
    return flow;
  }
}
