import type { RowDataPacket } from 'mysql2/promise';
import type { AcdGroup, OverflowTarget, RoutingStrategy, ServiceLevelVariant, SkillLevel } from '../model/acd-group.model.js';
import { bool, groupBy, idOf, idOrNull, numOrNull, selectRows, type SqlDb } from '../sql/sql-db.js';

function overflowOf(r: RowDataPacket): OverflowTarget | null {
  switch (r['overflow_target_type']) {
    case 'acd-group':
      return { type: 'acd-group', acdGroupId: idOf(r['overflow_acd_group_id']) };
    case 'call-flow':
      return { type: 'call-flow', callFlowId: idOf(r['overflow_call_flow_id']) };
    case 'voicemail':
      return { type: 'voicemail', voicemailBox: String(r['overflow_voicemail_box']) };
    case 'external-number':
      return { type: 'external-number', number: String(r['overflow_external_number']) };
    default:
      return null;
  }
}

/**
 * Loads a tenant's ACD groups with their child rows (relaxation steps, required skills): all
 * of them, or one. Shared by the repository and the config cache loader, so both read the
 * same shape. Every query is scoped by tenant.
 */
export async function loadAcdGroups(db: SqlDb, tenantId: string, acdGroupId?: string): Promise<AcdGroup[]> {
  const one = acdGroupId !== undefined;
  const filter = one ? ' AND id = ?' : '';
  const childFilter = one ? ' AND acd_group_id = ?' : '';
  const params = one ? [tenantId, acdGroupId] : [tenantId];
  const groups = await selectRows(db, `SELECT * FROM acd_group WHERE tenant_id = ?${filter} ORDER BY name`, params);
  if (groups.length === 0) return [];
  const relax = groupBy(
    await selectRows(db, `SELECT acd_group_id, after_seconds, relax_by FROM acd_group_skill_relaxation WHERE tenant_id = ?${childFilter} ORDER BY after_seconds`, params),
    'acd_group_id',
  );
  const skills = groupBy(
    await selectRows(db, `SELECT acd_group_id, skill_id, level FROM acd_group_required_skill WHERE tenant_id = ?${childFilter} ORDER BY skill_id`, params),
    'acd_group_id',
  );
  return groups.map((r) => {
    const id = idOf(r['id']);
    return {
      id,
      tenantId: idOf(r['tenant_id']),
      version: Number(r['version']),
      name: String(r['name']),
      strategy: r['strategy'] as RoutingStrategy,
      ringTimeoutSeconds: Number(r['ring_timeout_seconds']),
      wrapUpSeconds: Number(r['wrap_up_seconds']),
      maxWaitSeconds: numOrNull(r['max_wait_seconds']),
      maxQueueLength: numOrNull(r['max_queue_length']),
      overflow: overflowOf(r),
      announcements: {
        musicOnHoldPromptId: idOrNull(r['music_on_hold_prompt_id']),
        periodicPromptId: idOrNull(r['periodic_prompt_id']),
        periodicIntervalSeconds: numOrNull(r['periodic_interval_seconds']),
        announcePosition: bool(r['announce_position']),
        announceEstimatedWait: bool(r['announce_estimated_wait']),
        positionIntervalSeconds: numOrNull(r['position_interval_seconds']),
      },
      serviceLevelThresholdSeconds: Number(r['service_level_threshold_seconds']),
      serviceLevelVariant: r['service_level_variant'] as ServiceLevelVariant,
      shortAbandonSeconds: Number(r['short_abandon_seconds']),
      recordingEnabled: bool(r['recording_enabled']),
      priority: Number(r['priority']),
      skillRelaxation: (relax.get(id) ?? []).map((s) => ({ afterSeconds: Number(s['after_seconds']), relaxBy: Number(s['relax_by']) })),
      requiredSkills: (skills.get(id) ?? []).map((s) => ({ skillId: idOf(s['skill_id']), level: Number(s['level']) as SkillLevel })),
    };
  });
}
