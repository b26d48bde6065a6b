import type { Pool, PoolConnection } from 'mysql2/promise';
import { InvalidReferenceError } from '../errors/invalid-reference.error.js';
import { NotFoundError } from '../errors/not-found.error.js';
import type { AcdGroup, AcdGroupSettings } from '../model/acd-group.model.js';
import { acdGroupSettingsSchema } from '../schemas/acd-group.schema.js';
import { parseInput } from '../schemas/parse-input.js';
import { throwVersionMismatch, type AdminWriteRunner } from '../sql/admin-write.runner.js';
import { mapMysqlError } from '../sql/mysql-error.mapper.js';
import { executeWrite, type SqlParam } from '../sql/sql-db.js';
import { loadAcdGroups } from './acd-group.rows.js';

const COLUMNS = [
  'name', 'strategy', 'ring_timeout_seconds', 'wrap_up_seconds', 'max_wait_seconds', 'max_queue_length',
  'overflow_target_type', 'overflow_acd_group_id', 'overflow_call_flow_id', 'overflow_voicemail_box', 'overflow_external_number',
  'music_on_hold_prompt_id', 'periodic_prompt_id', 'periodic_interval_seconds', 'announce_position', 'announce_estimated_wait',
  'position_interval_seconds', 'service_level_threshold_seconds', 'service_level_variant', 'short_abandon_seconds',
  'recording_enabled', 'priority',
] as const;

function columnValues(s: AcdGroupSettings): SqlParam[] {
  const o = s.overflow;
  const a = s.announcements;
  return [
    s.name, s.strategy, s.ringTimeoutSeconds, s.wrapUpSeconds, s.maxWaitSeconds, s.maxQueueLength,
    o?.type ?? null,
    o?.type === 'acd-group' ? o.acdGroupId : null,
    o?.type === 'call-flow' ? o.callFlowId : null,
    o?.type === 'voicemail' ? o.voicemailBox : null,
    o?.type === 'external-number' ? o.number : null,
    a.musicOnHoldPromptId, a.periodicPromptId, a.periodicIntervalSeconds, a.announcePosition, a.announceEstimatedWait,
    a.positionIntervalSeconds, s.serviceLevelThresholdSeconds, s.serviceLevelVariant, s.shortAbandonSeconds,
    s.recordingEnabled, s.priority,
  ];
}

/**
 * ACD groups of a tenant. Edits are full replacements guarded by the version the admin read:
 * a stale edit gets `VersionConflictError` (RW_ERR_VERSION_CONFLICT) with the current
 * version, never a silent overwrite. Child rows (relaxation steps, required skills) are
 * replaced in the same transaction, under the group's version.
 */
export class AcdGroupRepository {
  constructor(
    private readonly pool: Pool,
    private readonly writes: AdminWriteRunner,
  ) {}

  async list(tenantId: string): Promise<AcdGroup[]> {
    try {
      return await loadAcdGroups(this.pool, tenantId);
    } catch (err) {
      throw mapMysqlError(err);
    }
  }

  async get(tenantId: string, id: string): Promise<AcdGroup> {
    let found: AcdGroup | undefined;
    try {
      [found] = await loadAcdGroups(this.pool, tenantId, id);
    } catch (err) {
      throw mapMysqlError(err);
    }
    if (!found) throw new NotFoundError('acd-group', id);
    return found;
  }

  async create(tenantId: string, input: unknown): Promise<AcdGroup> {
    const settings = parseInput(acdGroupSettingsSchema, input);
    return this.writes.run(tenantId, async (conn) => {
      const res = await executeWrite(
        conn,
        `INSERT INTO acd_group (tenant_id, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`,
        [tenantId, ...columnValues(settings)],
      );
      const id = String(res.insertId);
      await this.replaceChildren(conn, tenantId, id, settings);
      const group = await this.reread(conn, tenantId, id);
      return { result: group, entity: 'acd-group', id, version: group.version };
    });
  }

  async update(tenantId: string, id: string, expectedVersion: number, input: unknown): Promise<AcdGroup> {
    const settings = parseInput(acdGroupSettingsSchema, input);
    if (settings.overflow?.type === 'acd-group' && settings.overflow.acdGroupId === id) {
      throw new InvalidReferenceError('an ACD group cannot overflow to itself');
    }
    return this.writes.run(tenantId, async (conn) => {
      const res = await executeWrite(
        conn,
        `UPDATE acd_group SET ${COLUMNS.map((c) => `${c} = ?`).join(', ')}, version = version + 1
          WHERE tenant_id = ? AND id = ? AND version = ?`,
        [...columnValues(settings), tenantId, id, expectedVersion],
      );
      if (res.affectedRows !== 1) await throwVersionMismatch(conn, 'acd_group', 'acd-group', tenantId, id, expectedVersion);
      await this.replaceChildren(conn, tenantId, id, settings);
      const group = await this.reread(conn, tenantId, id);
      return { result: group, entity: 'acd-group', id, version: group.version };
    });
  }

  async delete(tenantId: string, id: string, expectedVersion: number): Promise<void> {
    await this.writes.run(tenantId, async (conn) => {
      const res = await executeWrite(conn, 'DELETE FROM acd_group WHERE tenant_id = ? AND id = ? AND version = ?', [tenantId, id, expectedVersion]);
      if (res.affectedRows !== 1) await throwVersionMismatch(conn, 'acd_group', 'acd-group', tenantId, id, expectedVersion);
      return { result: undefined, entity: 'acd-group', id, version: null };
    });
  }

  private async replaceChildren(conn: PoolConnection, tenantId: string, id: string, s: AcdGroupSettings): Promise<void> {
    await executeWrite(conn, 'DELETE FROM acd_group_skill_relaxation WHERE tenant_id = ? AND acd_group_id = ?', [tenantId, id]);
    for (const step of s.skillRelaxation) {
      await executeWrite(conn, 'INSERT INTO acd_group_skill_relaxation (tenant_id, acd_group_id, after_seconds, relax_by) VALUES (?, ?, ?, ?)', [
        tenantId, id, step.afterSeconds, step.relaxBy,
      ]);
    }
    await executeWrite(conn, 'DELETE FROM acd_group_required_skill WHERE tenant_id = ? AND acd_group_id = ?', [tenantId, id]);
    for (const skill of s.requiredSkills) {
      await executeWrite(conn, 'INSERT INTO acd_group_required_skill (tenant_id, acd_group_id, skill_id, level) VALUES (?, ?, ?, ?)', [
        tenantId, id, skill.skillId, skill.level,
      ]);
    }
  }

  private async reread(conn: PoolConnection, tenantId: string, id: string): Promise<AcdGroup> {
    const [group] = await loadAcdGroups(conn, tenantId, id);
    if (!group) throw new NotFoundError('acd-group', id);
    return group;
  }
}
